"""Talk about it: the discussion prompts of the equality view, component by component."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from vp_tui.report.prompts import discussion_prompts
from vp_tui.report.sections import COMPONENT_TITLES
from vp_tui.ui.widgets.pane import RevealPane
from vp_tui.ui.widgets.reveal import Reveal

NOTHING_TO_TALK_ABOUT = (
    "Nothing the view found asks for a talk: every component is aligned and every line of "
    "what a value means in practice agrees."
)


def talk_content(reveal: Reveal) -> Content:
    """The prompts under their components' titles, numbered (names and items literal)."""
    prompts = discussion_prompts(reveal.session, reveal.view)
    if not prompts:
        return Content(NOTHING_TO_TALK_ABOUT)
    lines: list[Content] = []
    number = 0
    for component, title in COMPONENT_TITLES.items():
        texts = [prompt.text for prompt in prompts if prompt.component == component]
        if not texts:
            continue
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(title, "bold"))
        for text in texts:
            number += 1
            lines.append(Content.assemble(f"{number}. ", text))
    return Content("\n").join(lines)


class TalkPane(RevealPane):
    """The questions to put to the partners where the view found something to talk about."""

    def compose(self) -> ComposeResult:
        yield Static("Talk about it", classes="pane-heading")
        with VerticalScroll(id="talk-scroll", can_focus=True):
            yield Static(id="talk-prompts")

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        self.query_one("#talk-prompts", Static).update(talk_content(reveal))

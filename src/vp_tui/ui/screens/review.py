"""Before a turn ends: the partner's own answers on one screen, to finish or go back.

It shows the rater's answers only (it is part of their turn), each written out as the
turn screen shows it (the deal in words). Choosing a row goes back to that item, so a
mistyped rating is corrected where it was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from vp_tui.ui.widgets.key_bar import KeyBar

FINISH = "finish"
"""The review's result when the partner finishes the turn."""


@dataclass(frozen=True)
class ReviewRow:
    """One answer as the partner gave it: where it lives, its label, the answer in words."""

    target: str
    label: str
    answer: str
    section: str = ""


class ReviewScreen(ModalScreen[str | None]):
    """A partner's answers in one round: ``FINISH``, the target of a row to go back to, or
    None to go back where they were."""

    PRIVATE: ClassVar[bool] = True
    """A partner has the keyboard (see ``WorkshopApp.in_private``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "finish", "Finish turn", id="review.finish"),
        Binding("escape,b", "back", "Go back", id="review.back"),
    ]
    HELP = """\
## Review your answers

These are your answers in this round; nobody else sees them before the reveal.
`f` (or the Finish button) ends your turn. Escape (or `b`) goes back to the turn;
Enter on an answer goes back to that item to change it.
"""

    def __init__(self, title: str, progress: str, rows: list[ReviewRow]) -> None:
        super().__init__()
        self.review_title = title
        self.progress = progress
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="review-dialog"):
            yield Static(Content(self.review_title), id="review-title", classes="title")
            yield Static(Content(self.progress), id="review-progress", classes="muted")
            yield OptionList(*self._options(), id="review-answers")
            yield Static(
                "Enter on an answer goes back to it · nobody else sees them before the reveal",
                classes="muted",
            )
            with Horizontal(id="review-buttons"):
                yield Button(Content("Finish turn (f)"), variant="primary", id="review-finish")
                yield Button(Content("Go back (Esc)"), id="review-back")
        yield KeyBar(compact=True)

    def _options(self) -> list[Option | None]:
        """One option per answer, under the headings of their sections (user text, literal)."""
        options: list[Option | None] = []
        labels = [Content(row.label) for row in self.rows]
        width = min(max((label.cell_length for label in labels), default=0), 30)
        section = ""
        for row, label in zip(self.rows, labels, strict=True):
            if row.section and row.section != section:
                section = row.section
                options.append(Option(Content.styled(section, "bold"), disabled=True))
            shown = label.truncate(width, ellipsis=True, pad=True)
            options.append(
                Option(Content.assemble(shown, "  ", (row.answer, "bold")), id=row.target)
            )
        return options

    def on_mount(self) -> None:
        # The answers have the focus: Enter on one goes back to it, f finishes.
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(FINISH if event.button.id == "review-finish" else None)

    def action_finish(self) -> None:
        """End the turn with these answers."""
        self.dismiss(FINISH)

    def action_back(self) -> None:
        """Back to the turn, where it was."""
        self.dismiss(None)

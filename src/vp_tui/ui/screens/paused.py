"""A session paused at a turn or a hand-off: nobody's ratings, and leaving is the facilitator's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from vp_tui.ui.guard import facilitator_allows
from vp_tui.ui.widgets.key_bar import KeyBar


class PausedScreen(Screen[bool]):
    """Escape at a turn or a hand-off: True to go back to it, False once the facilitator left.

    Leaving asks the facilitator to confirm (the default is to stay) and for the PIN
    when one is set; a partner who has the keyboard gets nowhere else from here.
    """

    CSS_PATH = "../styles/turns.tcss"
    PRIVATE: ClassVar[bool] = True
    """A partner may have the keyboard (see ``WorkshopApp.in_private``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "resume", "Resume", id="resume"),
        Binding("escape", "resume", "Resume", show=False),
        Binding("l", "leave", "Leave the session", id="leave"),
    ]
    AUTO_FOCUS = ""
    HELP = """\
## Paused

The session is paused; everything answered so far is saved. Enter goes back to
where it was paused. Leaving the session is the facilitator's act: `l` asks them
to confirm and, when they have set one, for their PIN.
"""

    def __init__(self, where: str, *, session_title: str, config_file: Path) -> None:
        super().__init__()
        self.where = where
        self.session_title = session_title
        self.config_file = config_file

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="handoff-card"):
            yield Static(Content(self.session_title), id="handoff-session", classes="muted")
            yield Static("Paused", id="handoff-what", classes="title")
            yield Static(Content(self.where), id="paused-where")
            yield Static(
                "Everything answered so far is saved; nobody's ratings are shown here.",
                classes="muted",
            )
            with Center():
                yield Button("Resume", id="paused-resume", variant="primary")
            yield Static(
                "Leaving the session (l) is for the facilitator: it asks them to confirm.",
                id="paused-leave",
                classes="muted",
            )
        yield KeyBar(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    def system_commands(self) -> Iterator[SystemCommand]:
        """Resume and leave, for the command palette."""
        yield SystemCommand("Resume", "Back to where the session was paused", self.action_resume)
        yield SystemCommand(
            "Leave the session", "For the facilitator: stop here for now", self.action_leave
        )

    def action_resume(self) -> None:
        """Back to the turn or the hand-off."""
        self.dismiss(True)

    @work(exclusive=True, group="leave")
    async def action_leave(self) -> None:
        """Leave the session, once the facilitator has confirmed it (and typed the PIN)."""
        question = (
            "Leave this session for now? Everything so far is saved; it resumes at this turn.\n\n"
            "Only the facilitator should answer."
        )
        if await facilitator_allows(self.app, question, self.config_file, yes="Leave"):
            self.dismiss(False)

"""One partnership over time on screen: ``vp-tui compare`` of its revealed sessions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar

REVEALED = ("reveal", "complete")
"""The phases in which a session's ratings may be shown (DESIGN.md section 7)."""


class CompareReady(Message):
    """The report, or why there is none."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def compare_text(paths: Sequence[Path]) -> str:
    """The text report comparing the session files (read and scored here)."""
    from vp_tui.model.compare import compare_sessions
    from vp_tui.report.compare_report import render_compare_text
    from vp_tui.storage import SessionFileError, read_session

    sessions = []
    for path in paths:
        try:
            sessions.append(read_session(path))
        except SessionFileError as error:
            return str(error)
    return render_compare_text(compare_sessions(sessions, [path.name for path in paths]))


class CompareScreen(Screen[None]):
    """The compare report of a partnership's sessions; those not yet revealed are left out."""

    BINDINGS = [Binding("b,escape,c", "back", "Back", id="compare.back")]

    def __init__(self, name: str, revealed: Sequence[Path], hidden: int) -> None:
        super().__init__()
        self.partnership = name
        self.revealed = list(revealed)
        self.hidden = hidden
        """How many of the partnership's sessions are left out: not revealed yet."""

    def compose(self) -> ComposeResult:
        yield Static(plain(f" Compare: {self.partnership}"), classes="title")
        with VerticalScroll(id="compare-scroll"):
            yield Static(plain("Reading the sessions…"), id="compare-report")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.revealed:
            self._show("No session of this partnership has been revealed yet: nothing to compare.")
            return
        self.build_report()

    @work(thread=True, exclusive=True, group="compare")
    def build_report(self) -> None:
        """Read and score the sessions away from the screen."""
        self.post_message(CompareReady(compare_text(self.revealed)))

    def on_compare_ready(self, message: CompareReady) -> None:
        self._show(message.text)

    def _show(self, text: str) -> None:
        if self.hidden:
            sessions = "session" if self.hidden == 1 else "sessions"
            text += f"\n{self.hidden} {sessions} not revealed yet left out: no ratings before the reveal."
        self.query_one("#compare-report", Static).update(plain(text))
        self.query_one("#compare-scroll").focus()

    def action_back(self) -> None:
        """Back to the partnerships."""
        self.dismiss(None)

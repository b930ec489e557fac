"""A session not revealed yet, from the home screen or ``vp-tui replay``: progress only.

Replaying it would show each partner's ratings as they were typed; until the reveal
nobody may see them (DESIGN.md section 7), so this screen says who has finished which
round, and nothing else.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from vp_tui.model.flow import ROUND_HEADINGS, ROUNDS
from vp_tui.model.session import Session
from vp_tui.report.progress import DONE, NOT_YET, progress_rows
from vp_tui.ui.text import plain, plain_cell
from vp_tui.ui.widgets.key_bar import KeyBar


class ProgressScreen(Screen[None]):
    """Who has finished which round of a session that has not been revealed."""

    BINDINGS = [Binding("b,escape", "back", "Back", id="back")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(plain(self.session.title), classes="title")
        yield Static(
            f"Not revealed yet (phase: {self.session.phase}): a replay shows who has finished "
            "which round, never a rating. Replay it once the facilitator has revealed it.",
            classes="muted",
            markup=False,
        )
        yield DataTable(id="progress-table", cursor_type="row", cell_padding=1)
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Partner", key="partner")
        for round_name in ROUNDS:
            table.add_column(ROUND_HEADINGS[round_name], key=round_name)
        for name, done in progress_rows(self.session):
            table.add_row(plain_cell(name), *(Text(DONE if flag else NOT_YET) for flag in done))
        table.focus()

    def action_back(self) -> None:
        """Back to where you were."""
        self.dismiss(None)

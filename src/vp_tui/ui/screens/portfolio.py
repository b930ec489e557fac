"""The portfolio: the sessions of the folder grouped by partnership, and how each is trending.

Enter goes to a partnership's latest session (the home screen resumes or replays it); ``c``
compares its revealed sessions over time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from vp_tui.model.flow import ROUND_HEADINGS
from vp_tui.model.portfolio import COMPONENTS, ComponentStatus, Partnership, portfolio
from vp_tui.model.scoring import Verdict
from vp_tui.report.sections import COMPONENT_TITLES
from vp_tui.storage.summary import SessionSummary
from vp_tui.ui.text import plain, plain_cell
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.verdict import SYMBOLS, verdict_style

TRENDS = {"better": "↑ better", "worse": "↓ worse", "same": "= same"}
"""A component's trend since the partnership's previous session, readable without colour."""

LEGEND = " ✓ aligned  ▲ at risk  ✗ out of sync  ? incomplete · ↑↓ since the session before"


def _verdict(word: str) -> Verdict:
    try:
        return Verdict(word)
    except ValueError:
        return Verdict.INCOMPLETE


def _gap(gap: float | None) -> str:
    return "-" if gap is None else f"{gap:.2f}"


class PortfolioScreen(Screen[Path | None]):
    """Every partnership of the folder: its latest verdicts and whether each gap is shrinking.

    Dismissed with the latest session of a partnership to go to it, or None to go back.
    """

    BINDINGS = [
        # Enter would otherwise go to the table ("select"); here it opens the latest session.
        Binding("enter", "latest", "Latest session", id="portfolio.latest", priority=True),
        Binding("c", "compare", "Compare", id="portfolio.compare"),
        Binding("b,escape,p", "back", "Back", id="back"),
    ]

    def __init__(self, summaries: Sequence[SessionSummary]) -> None:
        super().__init__()
        self.partnerships = portfolio(summaries)

    def compose(self) -> ComposeResult:
        yield Static(" Partnerships", classes="title")
        yield Static(LEGEND, classes="muted", markup=False)
        yield DataTable(id="portfolio-table", cursor_type="row", cell_padding=0)
        yield Static(id="portfolio-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Each column one cell wider than its text, for the space between columns.
        width = max(12, self.app.size.width - 2 - 3 - 11 - 3 * 13 - 1)
        table.add_column("Partnership", width=width + 1, key="name")
        table.add_column("#", width=3, key="count")
        table.add_column("Latest", width=11, key="latest")
        for component in COMPONENTS:
            table.add_column(ROUND_HEADINGS[component], width=13, key=component)
        theme = self.app.theme_variables
        for partnership in self.partnerships:
            name = plain_cell(partnership.name)
            name.truncate(width, overflow="ellipsis")
            cells: list[Text | str] = [
                name,
                str(len(partnership.sessions)),
                partnership.latest.created,
            ]
            for status in partnership.components:
                verdict = _verdict(status.verdict)
                trend = TRENDS.get(status.trend or "", "")
                cells.append(
                    Text(
                        f"{SYMBOLS[verdict]} {trend}",
                        style=verdict_style(verdict, theme, plain=self.app.no_color),
                    )
                )
            table.add_row(*cells, key=partnership.key)
        if not self.partnerships:
            self.query_one("#portfolio-detail", Static).update("No readable sessions yet.")
        table.focus()

    @property
    def highlighted(self) -> Partnership[SessionSummary] | None:
        """The partnership under the cursor."""
        table = self.query_one(DataTable)
        if not self.partnerships or table.cursor_row >= len(self.partnerships):
            return None
        return self.partnerships[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        partnership = self.highlighted
        if partnership is None:
            return
        lines = [
            Content.styled(partnership.name, "bold"),
            plain(
                f"{len(partnership.sessions)} session{'s' if len(partnership.sessions) > 1 else ''}, "
                f"latest {partnership.latest.created}: "
                f"overall {partnership.overall}"
            ),
        ]
        lines.extend(
            plain(self._component_line(partnership, status)) for status in partnership.components
        )
        self.query_one("#portfolio-detail", Static).update(Content("\n").join(lines))

    @staticmethod
    def _component_line(partnership: Partnership[SessionSummary], status: ComponentStatus) -> str:
        title = COMPONENT_TITLES[status.component]
        line = f"  {title}: {status.verdict}, gap {_gap(status.gap)}"
        if len(partnership.sessions) > 1:
            before = partnership.sessions[1]
            index = COMPONENTS.index(status.component)
            was = before.gaps[index] if index < len(before.gaps) else None
            trend = f" ({status.trend})" if status.trend else ""
            line += f"; was {_gap(was)} on {before.created}{trend}"
        return line

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Latest and compare need a partnership under the cursor."""
        if action in ("latest", "compare"):
            return True if self.partnerships else None
        return True

    def action_latest(self) -> None:
        """Go to the partnership's latest session."""
        partnership = self.highlighted
        if partnership is not None:
            self.dismiss(partnership.latest.path)

    def action_compare(self) -> None:
        """The partnership's sessions compared over time, those not yet revealed left out."""
        from vp_tui.ui.screens.compare import REVEALED, CompareScreen

        partnership = self.highlighted
        if partnership is None:
            return
        oldest_first = list(reversed(partnership.sessions))
        revealed = [summary.path for summary in oldest_first if summary.phase in REVEALED]
        hidden = len(oldest_first) - len(revealed)
        self.app.push_screen(CompareScreen(partnership.name, revealed, hidden))

    def action_back(self) -> None:
        """Back to the list of sessions."""
        self.dismiss(None)

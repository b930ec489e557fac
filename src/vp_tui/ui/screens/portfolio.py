"""The portfolio: the sessions of the folder grouped by partnership, and how each is trending.

What needs attention comes first (``model.review.reviews``): a review due or an action
overdue, the worst verdict, what keeps recurring; prospective alliances follow as a group of
their own. Enter goes to a partnership's latest session (the home screen resumes or replays
it); ``c`` compares its revealed sessions over time; ``n`` starts its next session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from vp_tui.model import review as reviewing
from vp_tui.model.flow import ROUND_HEADINGS
from vp_tui.model.portfolio import COMPONENTS, ComponentStatus, Partnership, portfolio
from vp_tui.model.review import Review
from vp_tui.model.scoring import Verdict
from vp_tui.report.partnerships_report import (
    action_words,
    decision_words,
    recurring_words,
    review_words,
)
from vp_tui.report.sections import COMPONENT_TITLES
from vp_tui.storage.summary import SessionSummary
from vp_tui.ui.screens.compare import REVEALED, CompareScreen
from vp_tui.ui.text import plain, plain_cell
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.verdict import SYMBOLS, verdict_style

TRENDS = {"better": "↑ better", "worse": "↓ worse", "same": "= same"}
"""A component's trend since the partnership's previous session, readable without colour."""

LEGEND = " ✓ aligned  ▲ at risk  ✗ out of sync  ? incomplete · ↑↓ since the session before"

DUE = "! "
"""Marks a partnership whose review is due or whose action is overdue."""

PROSPECTIVE = "prospective"
"""The key of the row that heads the prospective alliances."""


@dataclass(frozen=True)
class PortfolioChoice:
    """What the facilitator chose in the partnerships view, for the home screen to do:
    go to a partnership's latest session, or start its next session from it."""

    action: Literal["latest", "next"]
    path: Path


def _verdict(word: str) -> Verdict:
    try:
        return Verdict(word)
    except ValueError:
        return Verdict.INCOMPLETE


def _gap(gap: float | None) -> str:
    return "-" if gap is None else f"{gap:.2f}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


class PortfolioScreen(Screen[PortfolioChoice | None]):
    """Every partnership of the folder: its latest verdicts and whether each gap is shrinking,
    its review, actions and recurring disconnects.

    Dismissed with what to do with a partnership's latest session, or None to go back.
    """

    BINDINGS = [
        # Enter would otherwise go to the table ("select"); here it opens the latest session.
        Binding("enter", "latest", "Latest session", id="portfolio.latest", priority=True),
        Binding("c", "compare", "Compare", id="portfolio.compare"),
        Binding("n", "next_session", "Next session", id="portfolio.next"),
        Binding("b,escape,p", "back", "Back", id="back"),
    ]

    def __init__(
        self,
        summaries: Sequence[SessionSummary],
        cadences: Mapping[str, int | None] | None = None,
        today: date | None = None,
    ) -> None:
        """``cadences``: each kind's review cadence in months (the templates'); ``today``:
        the user's local day (by default, today)."""
        super().__init__()
        self.today = today or reviewing.local_today()
        found = reviewing.reviews(portfolio(summaries), self.today, cadences or {})
        current = [entry for entry in found if not entry.prospective]
        prospective = [entry for entry in found if entry.prospective]
        self.reviews = current + prospective
        self.partnerships = [entry.partnership for entry in self.reviews]
        self._rows: list[Review[SessionSummary] | None] = [*current]
        if prospective:
            self._rows += [None, *prospective]  # None: the group's heading row

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                " Partnerships", ("  what needs attention first · ! a review or action due", "dim")
            ),
            classes="title",
        )
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
        for entry in self._rows:
            if entry is None:
                table.add_row(Text("Prospective alliances", style="bold"), key=PROSPECTIVE)
            else:
                table.add_row(*self._cells(entry, width), key=entry.partnership.key)
        if not self.partnerships:
            self.query_one("#portfolio-detail", Static).update("No readable sessions yet.")
        table.focus()

    def _cells(self, entry: Review[SessionSummary], width: int) -> list[Text | str]:
        partnership = entry.partnership
        name = plain_cell((DUE if entry.due else "  ") + partnership.name)
        name.truncate(width, overflow="ellipsis")
        cells: list[Text | str] = [name, str(len(partnership.sessions)), partnership.latest.created]
        theme = self.app.theme_variables
        for status in partnership.components:
            verdict = _verdict(status.verdict)
            trend = TRENDS.get(status.trend or "", "")
            cells.append(
                Text(
                    f"{SYMBOLS[verdict]} {trend}",
                    style=verdict_style(verdict, theme, plain=self.app.no_color),
                )
            )
        return cells

    @property
    def highlighted_review(self) -> Review[SessionSummary] | None:
        """The review of the partnership under the cursor (None on a group's heading)."""
        table = self.query_one(DataTable)
        if table.cursor_row >= len(self._rows):
            return None
        return self._rows[table.cursor_row]

    @property
    def highlighted(self) -> Partnership[SessionSummary] | None:
        """The partnership under the cursor."""
        entry = self.highlighted_review
        return entry.partnership if entry is not None else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        self.refresh_bindings()
        detail = self.query_one("#portfolio-detail", Static)
        entry = self.highlighted_review
        if entry is None:
            if self._rows:
                detail.update("Alliances being considered: their decision and its conditions.")
            return
        partnership = entry.partnership
        lines = [
            Content.styled(partnership.name, "bold"),
            plain(
                f"{_plural(len(partnership.sessions), 'session')}, "
                f"latest {partnership.latest.created}: "
                f"overall {partnership.overall}"
            ),
        ]
        lines.extend(
            plain(self._component_line(partnership, status)) for status in partnership.components
        )
        lines.extend(plain(line) for line in self._review_lines(entry))
        detail.update(Content("\n").join(lines))

    def _review_lines(self, entry: Review[SessionSummary]) -> list[str]:
        """The review, actions, recurring disconnects and decision of a partnership."""
        lines = []
        if entry.prospective:
            lines.append(f"Decision: {decision_words(entry)}")
        lines.append(f"Next review: {review_words(entry, self.today)}")
        opened, late = len(entry.open_actions), len(entry.overdue_actions)
        lines.append(f"Actions: {opened} open, {late} overdue")
        lines.extend(f"  - {action_words(action)}" for action in entry.actions)
        lines.extend(f"Recurring: {recurring_words(item)}" for item in entry.recurring)
        return lines

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
        """Latest, compare and next session need a partnership under the cursor."""
        if action in ("latest", "compare", "next_session"):
            return True if self.partnerships and self.highlighted is not None else None
        return True

    def action_latest(self) -> None:
        """Go to the partnership's latest session."""
        partnership = self.highlighted
        if partnership is not None:
            self.dismiss(PortfolioChoice("latest", partnership.latest.path))

    def action_next_session(self) -> None:
        """Start the partnership's next session from its latest, once that one is revealed."""
        partnership = self.highlighted
        if partnership is None:
            return
        latest = partnership.latest
        if latest.phase not in REVEALED:
            self.notify(
                f"Its latest session, {latest.title}, is not revealed yet (phase {latest.phase}): "
                "finish it first (Enter resumes it).",
                title="No next session yet",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(PortfolioChoice("next", latest.path))

    def action_compare(self) -> None:
        """The partnership's sessions compared over time, those not yet revealed left out."""
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

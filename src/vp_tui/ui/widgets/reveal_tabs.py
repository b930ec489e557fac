"""The equality view's tabs: summary, the three components and the notes, with verdicts."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import TabbedContent, TabPane

from vp_tui.model.scoring import Verdict
from vp_tui.ui.widgets.anticipated_pane import AnticipatedPane
from vp_tui.ui.widgets.contribution_pane import ContributionPane
from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.notes_pane import NotesPane
from vp_tui.ui.widgets.pane import RevealPane
from vp_tui.ui.widgets.reveal import Reveal
from vp_tui.ui.widgets.summary_pane import SummaryPane
from vp_tui.ui.widgets.talk_pane import TalkPane
from vp_tui.ui.widgets.values_pane import ValuesPane
from vp_tui.ui.widgets.verdict import SYMBOLS

PANES = ("summary", "anticipated", "values", "contribution", "notes", "talk")
"""The tabs in order; the digit keys 1 to 6 open them."""

TAB_TITLES = {
    "summary": "1 Summary",
    "anticipated": "2 Anticipated",
    "values": "3 Values",
    "contribution": "4 Contribution",
    "notes": "5 Notes",
    "talk": "6 Talk",
}


class RevealTabs(TabbedContent):
    """One tab per part of the equality view; each tab's title carries its verdict's symbol.

    Enter on a component of the summary opens its tab; on any other row it tells the
    screen, which shows that row's detail (``ItemChosen``).
    """

    class ItemChosen(Message):
        """Enter on a row of a component's pane."""

        def __init__(self, component: str, key: str) -> None:
            super().__init__()
            self.component = component
            self.key = key

    def __init__(self, *, writable: bool = True, id: str | None = None) -> None:
        """``writable``: the screen takes notes and actions (the reveal's facilitator)."""
        super().__init__(initial="summary", id=id)
        # What ``with TabbedContent(): with TabPane(...)`` would add, given up front.
        self._tab_content = [
            TabPane(TAB_TITLES["summary"], SummaryPane(id="summary-pane"), id="summary"),
            TabPane(
                TAB_TITLES["anticipated"], AnticipatedPane(id="anticipated-pane"), id="anticipated"
            ),
            TabPane(TAB_TITLES["values"], ValuesPane(id="values-pane"), id="values"),
            TabPane(
                TAB_TITLES["contribution"],
                ContributionPane(id="contribution-pane"),
                id="contribution",
            ),
            TabPane(TAB_TITLES["notes"], NotesPane(writable=writable, id="notes-pane"), id="notes"),
            TabPane(TAB_TITLES["talk"], TalkPane(id="talk-pane"), id="talk"),
        ]

    def show(self, reveal: Reveal) -> None:
        """Show a session and its scores in every tab."""
        view = reveal.view
        verdicts: dict[str, Verdict | None] = {
            "summary": view.overall,
            "anticipated": view.anticipated.verdict,
            "values": view.values.verdict,
            "contribution": view.contribution.verdict,
            "notes": None,
            "talk": None,
        }
        for pane, verdict in verdicts.items():
            title = TAB_TITLES[pane]
            if verdict is not None:
                title += " " + SYMBOLS[verdict]
            self.get_tab(pane).label = Content(title)
        shown = self.active or "summary"
        for pane_widget in self.query(RevealPane):
            if pane_widget.id == f"{shown}-pane":
                pane_widget.show(reveal)
            else:
                pane_widget.hold(reveal)

    @on(ItemTable.RowSelected)
    def _row_chosen(self, event: ItemTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is None:
            return
        if event.data_table.id == "summary-table":
            self.show_pane(key)
            return
        pane = event.data_table.query_ancestor(RevealPane)
        self.post_message(self.ItemChosen(pane.component, key))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Draw a pane that was kept for later when its tab opens (by a click, say)."""
        self._draw_if_stale()

    def shown_pane(self) -> RevealPane:
        """The pane of the tab on show."""
        return self.query_one(f"#{self.active or 'summary'}-pane", RevealPane)

    def show_pane(self, pane: str) -> None:
        """Open one of the tabs and put the keyboard on its table."""
        self.active = pane
        self._draw_if_stale()
        self.shown_pane().focus_first()

    def _draw_if_stale(self) -> None:
        pane = self.shown_pane()
        if pane.stale and pane.reveal is not None:
            pane.show(pane.reveal)

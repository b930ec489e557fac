"""The reveal: the three components side by side, the overall verdict, notes and actions."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from vp_tui.live.session import LiveSession
from vp_tui.model.flow import partner_stage, revealed_at, timebox_minutes
from vp_tui.model.recurring import Flag, also_last_time, at_risk_items
from vp_tui.ui.export import export_view
from vp_tui.ui.live_watcher import LiveChanged, LiveWatcher
from vp_tui.ui.screens.item_detail import ItemDetailScreen, detail_for
from vp_tui.ui.screens.records import RecordWriter
from vp_tui.ui.screens.statement import agree_statement, ask_decision, change_decision
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.notes_pane import NotesPane, RecordList
from vp_tui.ui.widgets.pane import RevealPane
from vp_tui.ui.widgets.reveal import Focus, Reveal
from vp_tui.ui.widgets.reveal_tabs import PANES, TAB_TITLES, RevealTabs
from vp_tui.ui.widgets.time_left import TimeLeft
from vp_tui.ui.widgets.verdict import VerdictBadge
from vp_tui.ui.widgets.waiting_panel import WaitingPanel


class EarlierAtRisk(Message):
    """What was at risk in the partnership's previous revealed session (read in a thread)."""

    def __init__(self, flags: tuple[Flag, ...]) -> None:
        super().__init__()
        self.flags = flags


_VIEWS = Binding.Group("Views", compact=True)
_WRITE = Binding.Group("Write")


class EqualityScreen(Screen[bool]):
    """The reveal; dismisses True when the facilitator finishes the session, False to go home."""

    CSS_PATH = "../styles/equality.tcss"

    BINDINGS = [
        *(
            Binding(
                str(number),
                f"show_pane('{pane}')",
                TAB_TITLES[pane].partition(" ")[2],
                group=_VIEWS,
                id=f"view-{pane}",
            )
            for number, pane in enumerate(PANES, start=1)
        ),
        # One group (n a s Write), so that the statement's key fits the 80-column key bar.
        Binding("n", "note", "Note", id="note", group=_WRITE),
        Binding("a", "action", "Action", id="action", group=_WRITE),
        Binding("s", "statement", "Statement", id="statement", group=_WRITE),
        Binding("f", "finish", "Finish", id="finish"),
        Binding("e", "export", "Export", id="export"),
        Binding("b,escape", "back", "Back", id="back"),
    ]

    CURTAINED_REDRAW = 1.0
    """Seconds after the last change that a curtained view is drawn again (not at every
    rating of every partner, yet up to date when the reveal comes)."""

    def __init__(
        self, live: LiveSession, *, facilitator: bool = True, partner: str | None = None
    ) -> None:
        """``partner``: the partner of a hosted session whose screen this is (who looks; the
        facilitator writes). Made for them ahead of the reveal, once they have answered
        every round, it shows none of the view until the reveal: their waiting panel is a
        curtain over it."""
        super().__init__()
        self.live = live
        self.partner = partner
        self.facilitator = facilitator and partner is None
        """False for a partner of a hosted session: they look; the facilitator writes."""
        self._curtain: WaitingPanel | None = None
        if partner is not None and partner_stage(live.session, partner).name == "curtain":
            self._curtain = WaitingPanel(live, partner, id="eq-curtain")
        self.curtained = self._curtain is not None
        """Made ahead of the reveal: shows none of it until then."""
        self._watcher = LiveWatcher(live, self)
        self._stale = False
        self._shown: object = None
        self._redraw: Timer | None = None
        self._phase_shown = ""
        self._earlier: tuple[Flag, ...] | None = None
        """What was at risk in the partnership's previous revealed session, once read."""
        self.records = RecordWriter(self)

    def compose(self) -> ComposeResult:
        with Horizontal(id="eq-top"):
            yield Static(plain(self.live.session.title), id="eq-title")
            yield Static(id="eq-phase", classes="eq-meta muted")
            yield Static("Overall ", classes="eq-meta muted")
            yield VerdictBadge(id="eq-overall", classes="eq-meta")
        session, clock = self.live.session, self.live.clock
        yield TimeLeft(
            timebox_minutes(session, "discussion"),
            revealed_at(session) or clock(),
            clock,
            id="eq-time",
        )
        tabs = RevealTabs(writable=self.facilitator, id="eq-tabs")
        # Nothing beneath the curtain takes the keyboard until it lifts.
        tabs.can_focus_children = not self.curtained
        yield tabs
        if self._curtain is not None:
            yield self._curtain
        yield KeyBar(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._watcher.start()
        # Table cells are coloured from the theme's variables: a new theme repaints them.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_view())
        self.refresh_view()
        # Under a curtain too: the tables are drawn with the keyboard on them ahead of the
        # reveal (taking the focus restyles and redraws a table), but take no key until then.
        for table in self.query(ItemTable):
            table.inert = self.curtained
        self.call_after_refresh(self.active_pane().focus_first)
        self._follow_partner()  # what changed since the screen was made
        self.find_earlier_at_risk()

    def find_earlier_at_risk(self) -> None:
        """Read what was at risk in the partnership's previous revealed session (the folder's
        files are read: in a thread)."""
        # Imported on the event loop's thread: threads importing at once can deadlock.
        from vp_tui.storage.previous import earlier_at_risk

        path, session = self.live.path, self.live.session
        if path is None:
            return

        def find() -> None:
            flags = earlier_at_risk(path.parent, session, path)
            if flags:
                self.post_message(EarlierAtRisk(flags))

        self.run_worker(find, thread=True, exit_on_error=False, group="earlier")

    def on_earlier_at_risk(self, message: EarlierAtRisk) -> None:
        self._earlier = message.flags
        self.refresh_view()

    def on_unmount(self) -> None:
        self._watcher.stop()

    def on_live_changed(self, _message: LiveChanged) -> None:
        """Draw what changed (a burst of changes at once), or note it for later."""
        if self.curtained:
            self._follow_partner()
        if self.curtained:  # nobody sees it yet: drawn once the changes pause
            if self._redraw is not None:
                self._redraw.stop()
            self._redraw = self.set_timer(self.CURTAINED_REDRAW, self.refresh_view)
        elif not self.is_current:  # covered by another screen: drawn again when on show
            self._stale = True
        else:
            self.refresh_view()

    def _follow_partner(self) -> None:
        """Behind the curtain: lift it at the reveal (drawn and uncovered in one go, one
        repaint, in every partner's app at once); give way to a turn given back."""
        if not self.curtained or self.partner is None:
            return
        stage = partner_stage(self.live.session, self.partner).name
        if stage == "reveal":
            self.lift_curtain()
        elif stage != "curtain" and self.is_current:
            self.dismiss(False)

    def lift_curtain(self) -> None:
        """Show what a screen made ahead of the reveal was keeping out of sight."""
        if not self.curtained or self._curtain is None:
            return
        self.curtained = False
        if self._redraw is not None:
            self._redraw.stop()
        self.refresh_view()
        # The view beneath was laid out and drawn in advance: lifting costs one repaint.
        self._curtain.display = False
        self.query_one(RevealTabs).can_focus_children = True
        for table in self.query(ItemTable):
            table.inert = False
        self.refresh_bindings()

    def maximize(self, widget: Widget, container: bool = True) -> bool:
        """Nothing is maximized over the curtain (it would show the view beneath)."""
        return False if self.curtained else super().maximize(widget, container)

    def on_screen_resume(self) -> None:
        self._follow_partner()
        if self._stale:
            self._stale = False
            self.refresh_view()

    def reveal(self) -> Reveal:
        """The session as it stands and its scores."""
        session, view = self.live.session, self.live.view()
        again: tuple[Flag, ...] = ()
        if self._earlier:
            now = at_risk_items(session, view)
            recurring = also_last_time(now, self._earlier)
            again = tuple(flag for flag in now if flag.ident in recurring)
        return Reveal(session, view, self.app.theme_variables, again)

    def refresh_view(self) -> None:
        """Show the session as it stands in every pane."""
        reveal = self.reveal()
        view = reveal.view
        self.query_one("#eq-overall", VerdictBadge).verdict = view.overall
        phase = "  complete  " if reveal.session.phase == "complete" else "  reveal  "
        if phase != self._phase_shown:  # an update lays the screen out again
            self._phase_shown = phase
            self.query_one("#eq-phase", Static).update(Content(phase))
        # The panes change only with the scores, the notes, the actions or the theme (not
        # with the phase, or a partner joining): then they are not drawn again.
        shown = (
            view,
            list(reveal.session.notes),
            list(reveal.session.actions),
            reveal.session.statement,
            reveal.session.decision,
            dict(reveal.theme),
            reveal.again,
        )
        if shown != self._shown:
            self._shown = shown
            self.query_one(RevealTabs).show(reveal)

    def system_commands(self) -> Iterator[SystemCommand]:
        """The reveal's actions for the command palette (the app adds them): those this
        screen allows, as for its keys (a hosted partner gets the views only)."""
        if not self.check_action("show_pane", ()):
            return
        for pane in PANES:
            title = TAB_TITLES[pane].partition(" ")[2]
            yield SystemCommand(
                f"Show {title}", f"Open the {title} tab", partial(self.action_show_pane, pane)
            )
        commands = [
            ("note", "Write a note", "About the highlighted row or the tab", self.action_note),
            ("action", "Record an action", "An agreed action and its owner", self.action_action),
            (
                "statement",
                "Agree the statement",
                "Our Value Proposition: one sentence per component",
                self.action_statement,
            ),
            (
                "export",
                "Export",
                "Write an HTML report and an SVG picture of the screen",
                self.action_export,
            ),
            ("finish", "Finish the session", "Save it as complete", self.action_finish),
            ("back", "Back home", "Leave the reveal; the session stays", self.action_back),
        ]
        for action, title, help_text, callback in commands:
            if self.check_action(action, ()):
                yield SystemCommand(title, help_text, callback)

    def active_pane(self) -> RevealPane:
        """The pane of the tab on show."""
        return self.query_one(RevealTabs).shown_pane()

    def action_show_pane(self, pane: str) -> None:
        """Open one of the tabs and put the keyboard on its table."""
        self.query_one(RevealTabs).show_pane(pane)

    @on(RevealTabs.ItemChosen)
    def _item_chosen(self, message: RevealTabs.ItemChosen) -> None:
        """Enter on a row: its detail."""
        self.show_detail(self.reveal().focus_of(message.component, message.key))

    def show_detail(self, focus: Focus) -> None:
        """Drill into a row: its ratings, figures and notes."""

        def closed(write_note: bool | None) -> None:
            if write_note:
                self.write_note(focus)

        self.app.push_screen(ItemDetailScreen(detail_for(self.reveal(), focus)), closed)

    def action_note(self) -> None:
        """Write a note about the highlighted row, its component, or the partnership."""
        self.write_note(self.active_pane().highlighted())

    def write_note(self, focus: Focus) -> None:
        """Ask for a note about ``focus`` (or something wider) and add it to the session."""
        self.records.write_note(focus)

    def action_action(self) -> None:
        """Record an agreed action, owned by the highlighted partner if there is one."""
        self.records.write_action(self.active_pane().highlighted().partner)

    @on(RecordList.Requested)
    def _record_requested(self, message: RecordList.Requested) -> None:
        """A key on a note or an action of the notes tab: change, delete, or its status."""
        if self.facilitator:
            self.records.act_on(message)

    def show_record(self, kind: str, record_id: str) -> None:
        """Draw a change now and highlight the record it touched, on the notes tab."""
        self.refresh_view()
        pane = self.active_pane()
        if isinstance(pane, NotesPane):
            pane.highlight("note" if kind == "note" else "action", record_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A partner of a hosted session sees the view, notes and actions, and changes nothing;
        nothing at all before the reveal."""
        if self.curtained:
            return False
        writing = ("note", "action", "statement", "finish", "back", "export")
        return self.facilitator or action not in writing

    def action_export(self) -> None:
        """Write the session's HTML report and an SVG picture of the screen next to its file."""
        path = self.live.path
        if path is None:  # a session kept only in memory (never the case in the app)
            self.notify("This session has no file yet.", title="Not exported", markup=False)
            return
        export_view(self.app, self.live.session, path.parent, path.stem)

    def action_finish(self) -> None:
        """End the session (it is saved as complete), or say that it already is; a complete
        prospective session's decision may be changed."""
        if self.live.session.phase == "complete":
            if self.live.session.stage == "prospective":  # its decision may still change
                change_decision(self, self.live)
                return
            self.notify(
                "This session is already complete. Press b to go back home.",
                title="Finish",
                markup=False,
            )
            return
        if self.live.session.stage == "prospective":  # an alliance considered: decide first
            ask_decision(self, self.live, lambda: self.dismiss(True))
            return
        self.dismiss(True)

    def action_statement(self) -> None:
        """Agree the Value Proposition statement, one sentence per component."""
        agree_statement(self, self.live, self.live.view())

    def action_back(self) -> None:
        """Back to the home screen; the session stays as it is."""
        self.dismiss(False)

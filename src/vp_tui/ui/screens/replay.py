"""Replay: a saved session played back step by step, read-only, with its equality view."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from vp_tui.model.replay import ReplayCursor
from vp_tui.model.scoring import EqualityView, equality_view
from vp_tui.model.session import Session
from vp_tui.ui.export import export_view
from vp_tui.ui.screens.item_detail import ItemDetailScreen, detail_for
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.reveal import Reveal
from vp_tui.ui.widgets.reveal_tabs import PANES, TAB_TITLES, RevealTabs
from vp_tui.ui.widgets.timeline import Timeline
from vp_tui.ui.widgets.verdict import VerdictBadge

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
"""Steps a second while playing."""
DEFAULT_SPEED = 3

_STEP = Binding.Group("Step")
_SPEED = Binding.Group("Speed", compact=True)
_JUMP = Binding.Group("Jump")


class ReplayScreen(Screen[None]):
    """A session as it unfolded; nothing here writes the session file."""

    CSS_PATH = ["../styles/equality.tcss", "../styles/replay.tcss"]

    # All priority: the tables of the tabs would otherwise take arrows, Home and End.
    BINDINGS = [
        Binding("space", "play", "Play", key_display="␣", id="play", priority=True),
        Binding("left", "step(-1)", "Back", key_display="←", group=_STEP, priority=True),
        Binding("right", "step(1)", "Forward", key_display="→", group=_STEP, priority=True),
        Binding("minus", "speed(-1)", "Slower", key_display="-", group=_SPEED, priority=True),
        Binding(
            "plus,equals_sign", "speed(1)", "Faster", key_display="+", group=_SPEED, priority=True
        ),
        Binding("home", "jump('start')", "Start", key_display="Home", group=_JUMP, priority=True),
        Binding("r", "jump('reveal')", "Reveal", group=_JUMP, priority=True),
        Binding("end", "jump('end')", "End", key_display="End", group=_JUMP, priority=True),
        Binding("e", "export", "Export", id="export", priority=True),
        Binding("b,escape", "back", "Back", id="back", priority=True),
        *(
            Binding(
                str(number), f"show_pane('{pane}')", TAB_TITLES[pane], show=False, priority=True
            )
            for number, pane in enumerate(PANES, start=1)
        ),
    ]

    def __init__(self, session: Session, path: Path) -> None:
        super().__init__()
        self.session = session
        self.path = path
        self.cursor = ReplayCursor(session)
        self.speed = DEFAULT_SPEED
        self.view: EqualityView | None = None
        """The equality view on show (that of the current step)."""
        self._timer: Timer | None = None
        self._phase = session.phase

    @property
    def playing(self) -> bool:
        """Whether the replay is moving on by itself."""
        return self._timer is not None

    def compose(self) -> ComposeResult:
        with Horizontal(id="eq-top"):
            yield Static("REPLAY · read-only", id="replay-badge")
            yield Static(plain(self.session.title), id="eq-title")
            yield Static(id="replay-state", classes="eq-meta muted")
            yield Static("Overall ", classes="eq-meta muted")
            yield VerdictBadge(id="eq-overall", classes="eq-meta")
        yield Timeline(self.cursor.steps, reveal_at=self.cursor.reveal_step(), id="timeline")
        yield RevealTabs(writable=False, id="eq-tabs")
        yield KeyBar(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_step())
        self.show_step()

    def on_unmount(self) -> None:
        self._stop()

    def show_step(self) -> None:
        """Show the session as it stood after the current step."""
        state = self.cursor.state()
        self.view = equality_view(state.session)
        self.query_one("#eq-overall", VerdictBadge).verdict = self.view.overall
        self.query_one(Timeline).number = self.cursor.number
        self.query_one(RevealTabs).show(Reveal(state.session, self.view, self.app.theme_variables))
        self._phase = state.session.phase
        self._show_state()

    def _show_state(self) -> None:
        playing = f"▶ {SPEEDS[self.speed]:g}/s" if self.playing else "❚❚ paused"
        self.query_one("#replay-state", Static).update(Content(f"  {self._phase} · {playing}  "))

    # Moving ------------------------------------------------------------------------------

    def go_to(self, number: int) -> None:
        """Show another step (clamped to the replay)."""
        before = self.cursor.number
        self.cursor.move_to(number)
        if self.cursor.number != before:
            self.show_step()

    def action_step(self, by: int) -> None:
        """One step forward or back; stepping pauses the play."""
        self._stop()
        self.go_to(self.cursor.number + by)
        self._show_state()

    def action_jump(self, where: str) -> None:
        """To the start, the reveal or the end."""
        self._stop()
        target = {"start": 0, "reveal": self.cursor.reveal_step(), "end": self.cursor.last}
        self.go_to(target[where])
        self._show_state()

    @on(Timeline.Jump)
    def _clicked(self, message: Timeline.Jump) -> None:
        self._stop()
        self.go_to(message.number)
        self._show_state()

    def action_play(self) -> None:
        """Play from here (from the start when at the end), or pause."""
        if self.playing:
            self._stop()
        else:
            if self.cursor.number == self.cursor.last:
                self.go_to(0)
            self._start()
        self._show_state()

    def action_speed(self, by: int) -> None:
        """Play faster or slower."""
        self.speed = max(0, min(len(SPEEDS) - 1, self.speed + by))
        if self.playing:
            self._stop()
            self._start()
        self._show_state()

    def _start(self) -> None:
        self._timer = self.set_interval(1 / SPEEDS[self.speed], self._tick)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        self.go_to(self.cursor.number + 1)
        if self.cursor.number >= self.cursor.last:
            self._stop()
            self._show_state()

    # The rest ----------------------------------------------------------------------------

    def action_show_pane(self, pane: str) -> None:
        """Open one of the tabs."""
        self.query_one(RevealTabs).show_pane(pane)

    @on(RevealTabs.ItemChosen)
    def _item_chosen(self, message: RevealTabs.ItemChosen) -> None:
        """Enter on a row: its detail, as the session stood at this step."""
        self._stop()
        state = self.cursor.state()
        reveal = Reveal(state.session, equality_view(state.session), self.app.theme_variables)
        detail = detail_for(reveal, reveal.focus_of(message.component, message.key))
        self.app.push_screen(ItemDetailScreen(detail, notes=False))

    def action_export(self) -> None:
        """Write the report of this step (HTML) and a picture of the screen (SVG)."""
        state = self.cursor.state()
        stem = f"{self.path.stem}-step-{self.cursor.number}"
        export_view(self.app, state.session, self.path.parent, stem)

    def action_back(self) -> None:
        """Leave the replay."""
        self._stop()
        self.dismiss(None)

    def system_commands(self) -> Iterator[SystemCommand]:
        """The replay's actions for the command palette (the app adds them)."""
        yield SystemCommand("Play or pause", "Play the session back", self.action_play)
        for where in ("start", "reveal", "end"):
            yield SystemCommand(
                f"Jump to the {where}",
                f"Show the session at its {where}",
                partial(self.action_jump, where),
            )
        yield SystemCommand("Export", "Write an HTML report and an SVG picture", self.action_export)
        yield SystemCommand("Leave the replay", "Back to where you were", self.action_back)

"""A partner of a hosted session between rounds: who has finished what (never anyone's ratings)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from vp_tui.live.session import Change, LiveSession
from vp_tui.model.flow import (
    ROUND_HEADINGS,
    ROUND_TITLES,
    ROUNDS,
    opened_round,
    partner_task,
    progress,
)
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar


def progress_lines(live: LiveSession) -> list[str]:
    """One line per partner: the rounds they have finished, as ticks (never their ratings)."""
    session = live.session
    done = progress(session)
    width = max(len(partner.name) for partner in session.partners)
    heading = " " * (width + 2) + "  ".join(ROUND_HEADINGS[name] for name in ROUNDS)
    lines = [heading]
    for partner in session.partners:
        cells = []
        for name in ROUNDS:
            mark = "✓" if name in done[partner.id] else "·"
            cells.append(mark.center(len(ROUND_HEADINGS[name])))
        lines.append(f"{partner.name:<{width}}  " + "  ".join(cells))
    return lines


class WaitingScreen(Screen[None]):
    """Shown while a partner has nothing to rate; it goes as soon as they have something to do.

    ``paused`` when the partner paused their turn: Enter takes them back to it.
    """

    CSS_PATH = "../styles/turns.tcss"
    BINDINGS = [Binding("enter", "resume", "Back to my turn", id="resume")]

    class Changed(Message):
        """The live session changed."""

    def __init__(self, live: LiveSession, partner: str, *, paused: bool = False) -> None:
        super().__init__()
        self.live = live
        self.partner = partner
        self.paused = paused
        self._unsubscribe: Callable[[], None] | None = None
        self._situation = self._where()

    def _where(self) -> tuple[str, object]:
        session = self.live.session
        return (session.phase, partner_task(session, self.partner))

    def compose(self) -> ComposeResult:
        name = self.live.session.partner(self.partner).name
        yield Static(plain(self.live.session.title), classes="progress")
        yield Static(Content.styled(f"Hello {name}", "bold"), classes="title")
        yield Static(id="waiting-status")
        yield Static(id="waiting-progress", markup=False)
        yield KeyBar(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._unsubscribe = self.live.subscribe(self._live_changed)
        # A change between this screen's making and its subscribing would go unseen.
        self.on_waiting_screen_changed(self.Changed())

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _live_changed(self, change: Change) -> None:
        # Called by whichever app made the change: hand over to this screen's own queue.
        self.post_message(self.Changed())

    def on_waiting_screen_changed(self, _message: Changed) -> None:
        if not self.paused and self._where() != self._situation:
            self.dismiss(None)
            return
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter only takes a paused partner back to their turn."""
        return self.paused or action != "resume"

    def action_resume(self) -> None:
        """Back to the turn this partner paused."""
        self.dismiss(None)

    def _show(self) -> None:
        session = self.live.session
        current = opened_round(session)
        facilitator = session.facilitator or "The facilitator"
        if self.paused:
            status = "Paused. Press Enter to go back to your turn; your answers are kept."
        elif session.phase == "setup" or current is None:
            status = f"Welcome. {facilitator} will open the first round in a moment."
        else:
            status = (
                f"You have finished {ROUND_TITLES[current].lower()}. Waiting for the others "
                f"and for {facilitator} to open the next round, or to reveal the results."
            )
        self.query_one("#waiting-status", Static).update(plain(status))
        self.query_one("#waiting-progress", Static).update("\n".join(progress_lines(self.live)))

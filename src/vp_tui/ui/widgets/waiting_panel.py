"""What a partner of a hosted session sees between rounds: who has finished what, live."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from vp_tui.live.session import LiveSession
from vp_tui.model.flow import ROUND_HEADINGS, ROUND_TITLES, ROUNDS, opened_round, progress
from vp_tui.ui.live_watcher import LiveChanged, LiveWatcher
from vp_tui.ui.text import plain


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


class WaitingPanel(Vertical):
    """The session's title, a greeting, what the partner is waiting for, everyone's progress.

    It follows the live session by itself and posts ``Changed`` (which bubbles) after each
    update (one for a burst of changes), for the screen around it to decide whether the wait
    is over.
    """

    DEFAULT_CSS = """
    WaitingPanel {
        background: $surface;
    }
    """

    class Changed(Message):
        """The live session changed, and the panel shows it."""

    def __init__(
        self, live: LiveSession, partner: str, *, paused: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.live = live
        self.partner = partner
        self.paused = paused
        self._watcher = LiveWatcher(live, self, ignore_answers=True)

    def compose(self) -> ComposeResult:
        name = self.live.session.partner(self.partner).name
        yield Static(plain(self.live.session.title), classes="progress")
        yield Static(Content.styled(f"Hello {name}", "bold"), classes="title")
        yield Static(id="waiting-status")
        yield Static(id="waiting-progress", markup=False)

    def on_mount(self) -> None:
        self._watcher.start()
        # A change between this panel's making and its following would go unseen.
        self._update()

    def on_unmount(self) -> None:
        self._watcher.stop()

    def on_live_changed(self, message: LiveChanged) -> None:
        # Hidden, it is out of sight for good (a curtain that was lifted): it stops following.
        # Answers (another partner rating) change neither the progress nor the wait.
        if not self.display:
            self._watcher.stop()
        elif not message.answers_only:
            self._update()

    def _update(self) -> None:
        self._show()
        self.post_message(self.Changed())

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

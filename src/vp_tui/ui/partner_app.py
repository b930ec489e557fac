"""The app one partner of a hosted session sees on their own terminal (over SSH)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.driver import Driver
from textual.message import Message

from vp_tui.live.session import Change, LiveSession
from vp_tui.model.flow import partner_task
from vp_tui.ui.base_app import WorkshopApp


class PartnerApp(WorkshopApp):
    """One partner's turns as the facilitator opens each round, then the reveal with everyone.

    Every partner's app shares the one live session of the server: what one partner
    finishes shows at once on the others' waiting screens (never their ratings), and the
    reveal moves every screen to the equality view.
    """

    # Every style sheet this app will need, read when the partner connects: a screen that
    # brings a new one makes Textual re-read them all and restyle the whole app, which on
    # the reveal would happen in every partner's app at once.
    CSS_PATH = [*WorkshopApp.CSS_PATH, "styles/turns.tcss", "styles/equality.tcss"]

    def __init__(
        self, live: LiveSession, partner: str, *, driver_class: type[Driver] | None = None
    ) -> None:
        super().__init__(driver_class=driver_class)
        self.live = live
        self.partner = partner
        self.sub_title = live.session.partner(partner).name

    class Revealed(Message):
        """The facilitator revealed the results (or completed the session)."""

    def on_mount(self) -> None:
        self._unsubscribe = self.live.subscribe(self._live_changed)
        self.run_flow()

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _live_changed(self, change: Change) -> None:
        # Called by whichever app made the change; this app reacts in its own queue.
        if change.kind == "phase":
            self.post_message(self.Revealed())

    def on_partner_app_revealed(self, _message: Revealed) -> None:
        """A turn still open when the results are revealed ends: the reveal is for everyone."""
        from vp_tui.ui.screens.rating_turn import TurnScreen

        if self.live.session.phase in ("reveal", "complete") and isinstance(
            self.screen, TurnScreen
        ):
            self.screen.dismiss(True)

    @work(exclusive=True, group="flow")
    async def run_flow(self) -> None:
        """Take this partner's turns as they open, wait between them, then show the reveal."""
        from vp_tui.ui.screens.equality import EqualityScreen
        from vp_tui.ui.screens.turns import turn_screen
        from vp_tui.ui.screens.waiting import WaitingScreen

        while True:
            session = self.live.session
            if session.phase in ("reveal", "complete"):
                await self.push_screen_wait(EqualityScreen(self.live, facilitator=False))
                continue
            turn = partner_task(session, self.partner)
            if turn is None:
                await self.push_screen_wait(WaitingScreen(self.live, self.partner))
                continue
            finished: Any = await self.push_screen_wait(turn_screen(self.live, turn))
            if not finished:
                await self.push_screen_wait(WaitingScreen(self.live, self.partner, paused=True))

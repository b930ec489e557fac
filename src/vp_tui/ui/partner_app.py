"""The app one partner of a hosted session sees on their own terminal (over SSH)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.driver import Driver

from vp_tui.live.session import LiveSession
from vp_tui.model.flow import partner_task
from vp_tui.ui.base_app import WorkshopApp


class PartnerApp(WorkshopApp):
    """One partner's turns as the facilitator opens each round, then the reveal with everyone.

    Every partner's app shares the one live session of the server: what one partner
    finishes shows at once on the others' waiting screens (never their ratings), and the
    reveal moves every screen to the equality view.
    """

    def __init__(
        self, live: LiveSession, partner: str, *, driver_class: type[Driver] | None = None
    ) -> None:
        super().__init__(driver_class=driver_class)
        self.live = live
        self.partner = partner
        self.sub_title = live.session.partner(partner).name

    def on_mount(self) -> None:
        self.run_flow()

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

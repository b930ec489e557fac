"""The app one partner of a hosted session sees on their own terminal (over SSH)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import work
from textual.driver import Driver

from vp_tui.live.session import LiveSession
from vp_tui.model.events import SetPhase
from vp_tui.model.flow import partner_stage
from vp_tui.model.templates import Prompts
from vp_tui.ui.base_app import WorkshopApp
from vp_tui.ui.live_watcher import LiveChanged, LiveWatcher


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
        self,
        live: LiveSession,
        partner: str,
        *,
        prompts: Prompts | None = None,
        suggestions: Sequence[str] = (),
        driver_class: type[Driver] | None = None,
    ) -> None:
        """``prompts`` are the template's words for each round, shown on the turn screens;
        ``suggestions`` what partners of this kind often bring (the template's too)."""
        super().__init__(driver_class=driver_class)
        self.live = live
        self.partner = partner
        self.prompts = prompts
        self.suggestions = list(suggestions)
        self.sub_title = live.session.partner(partner).name
        # Only a phase change matters here (the reveal ends an open turn).
        self._watcher = LiveWatcher(live, self, ignore_answers=True)

    def on_mount(self) -> None:
        self._watcher.start()
        self.run_flow()

    def on_unmount(self) -> None:
        self._watcher.stop()

    def on_live_changed(self, message: LiveChanged) -> None:
        """A turn still open when the results are revealed ends: the reveal is for everyone."""
        from vp_tui.ui.screens.rating_turn import TurnScreen

        if (
            any(isinstance(change, SetPhase) for change in message.changes)
            and self.live.session.phase in ("reveal", "complete")
            and isinstance(self.screen, TurnScreen)
        ):
            self.screen.dismiss(True)

    @work(exclusive=True, group="flow")
    async def run_flow(self) -> None:
        """Take this partner's turns as they open, wait between them, then show the reveal."""
        from vp_tui.ui.screens.equality import EqualityScreen
        from vp_tui.ui.screens.turns import turn_screen
        from vp_tui.ui.screens.waiting import WaitingScreen

        while True:
            stage = partner_stage(self.live.session, self.partner)
            if stage.turn is not None:
                turn = turn_screen(self.live, stage.turn, self.prompts, self.suggestions)
                finished: Any = await self.push_screen_wait(turn)
                if not finished:
                    await self.push_screen_wait(WaitingScreen(self.live, self.partner, paused=True))
            elif stage.name == "waiting":
                await self.push_screen_wait(WaitingScreen(self.live, self.partner))
            else:
                # Once every round is answered the reveal is made ahead, behind a curtain
                # that the reveal lifts in every partner's app at once. A partner cannot
                # leave it: it gives way only to a turn given back before the reveal.
                await self.push_screen_wait(EqualityScreen(self.live, partner=self.partner))

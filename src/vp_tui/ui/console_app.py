"""The facilitator's own terminal while a session is hosted over SSH."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual import work

from vp_tui.live.session import LiveSession
from vp_tui.ui.base_app import WorkshopApp

if TYPE_CHECKING:
    from vp_tui.model.templates import Template
    from vp_tui.ui.screens.console import Hosting


class ConsoleApp(WorkshopApp):
    """The console, then the reveal with notes, actions and finish, as in person."""

    def __init__(
        self,
        live: LiveSession,
        hosting: Hosting,
        templates: Mapping[str, Template] | None = None,
    ) -> None:
        """``templates`` give the review cadence asked for when the session finishes."""
        super().__init__()
        self.live = live
        self.hosting = hosting
        self.templates: Mapping[str, Template] = templates or {}
        self.sub_title = "hosting over SSH"

    def on_mount(self) -> None:
        live = self.live
        if live.session.phase in ("setup", "rating") and live.path is not None:
            self.recall_statement(live.session, live.path)
        if live.session.phase == "setup":
            live.set_phase("rating")
        self.run_flow()

    def connection_changed(self, partner: str, connected: bool) -> None:
        """A partner's terminal connected or went away (called by the server)."""
        self._console_changed()

    def server_notice(self, line: str) -> None:
        """The server has a line for the facilitator: a refusal, a wrong code (the console
        shows the latest from ``Hosting.notices``)."""
        self._console_changed()

    def _console_changed(self) -> None:
        from vp_tui.ui.screens.console import ConsoleScreen

        if isinstance(self.screen, ConsoleScreen):
            self.screen.post_message(ConsoleScreen.Changed())

    @work(exclusive=True, group="flow")
    async def run_flow(self) -> None:
        """The console until the reveal, then the equality view."""
        from vp_tui.ui.screens.console import ConsoleScreen
        from vp_tui.ui.screens.equality import EqualityScreen
        from vp_tui.ui.screens.next_review import ask_next_review, next_review_words

        live = self.live
        while True:
            if live.session.phase in ("reveal", "complete"):
                finished = await self.push_screen_wait(EqualityScreen(live))
                if finished and live.session.phase != "complete":
                    live.set_phase("complete")
                    await ask_next_review(self, live, self.templates)
                    await live.saved()
                    review = next_review_words(live.session.next_review)
                    self.notify(
                        f"Saved to {live.path}. {review}.", title="Session complete", markup=False
                    )
                    continue
                if finished:
                    continue
            choice = await self.push_screen_wait(ConsoleScreen(live, self.hosting))
            if choice == "stop":
                self.exit()
                return
            if live.session.phase == "rating":
                live.set_phase("reveal")

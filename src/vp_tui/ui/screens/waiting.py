"""A partner of a hosted session between rounds: who has finished what (never anyone's ratings)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from vp_tui.live.session import LiveSession
from vp_tui.model.flow import partner_stage
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.waiting_panel import WaitingPanel


class WaitingScreen(Screen[None]):
    """Shown while a partner has nothing to rate; it goes as soon as they have something to do.

    ``paused`` when the partner paused their turn: Enter takes them back to it.
    """

    BINDINGS = [Binding("enter", "resume", "Back to my turn", id="resume")]

    def __init__(self, live: LiveSession, partner: str, *, paused: bool = False) -> None:
        super().__init__()
        self.live = live
        self.partner = partner
        self.paused = paused
        self._stage = partner_stage(live.session, partner)

    def compose(self) -> ComposeResult:
        yield WaitingPanel(self.live, self.partner, paused=self.paused)
        yield KeyBar(compact=True, show_command_palette=False)

    def on_waiting_panel_changed(self, _message: WaitingPanel.Changed) -> None:
        if not self.paused and partner_stage(self.live.session, self.partner) != self._stage:
            self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter only takes a paused partner back to their turn."""
        return self.paused or action != "resume"

    def action_resume(self) -> None:
        """Back to the turn this partner paused."""
        self.dismiss(None)

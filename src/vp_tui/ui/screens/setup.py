"""STUB: the setup screen (to be built)."""

from __future__ import annotations

from textual.screen import Screen

from vp_tui.live.session import Clock
from vp_tui.model.session import Session
from vp_tui.model.templates import Template


class SetupScreen(Screen[Session | None]):
    """Set up a new session: title, kind, facilitator, partners and the item lists."""

    def __init__(self, templates: dict[str, Template], *, clock: Clock) -> None:
        super().__init__()
        self.templates = templates
        self.clock = clock

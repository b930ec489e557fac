"""STUB: the equality view (to be built)."""

from __future__ import annotations

from textual.screen import Screen

from vp_tui.live.session import LiveSession


class EqualityScreen(Screen[bool]):
    """The reveal: the three components side by side; notes and actions."""

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live

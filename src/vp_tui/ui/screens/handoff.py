"""STUB: the hand-off screen (to be built)."""

from __future__ import annotations

from textual.screen import Screen


class HandoffScreen(Screen[bool]):
    """Between turns: pass the keyboard; shows nobody's ratings."""

    def __init__(self, name: str, what: str, *, session_title: str, reveal: bool = False) -> None:
        super().__init__()
        self.partner_name = name
        self.what = what
        self.session_title = session_title
        self.reveal = reveal

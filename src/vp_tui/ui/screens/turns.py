"""STUB: the rating turn screens, one per round (to be built)."""

from __future__ import annotations

from textual.screen import Screen

from vp_tui.live.session import LiveSession
from vp_tui.model.flow import Turn


def turn_screen(live: LiveSession, turn: Turn) -> Screen[bool]:
    """The screen for one partner's turn in one round."""
    raise NotImplementedError(turn.round)

"""STUB: the help screen (to be built)."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, and what the scales mean."""

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.below = below

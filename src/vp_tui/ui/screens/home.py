"""STUB: the home screen (to be built)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from textual.screen import Screen

from vp_tui.live.session import Clock


@dataclass(frozen=True)
class HomeChoice:
    """What the user chose on the home screen."""

    action: Literal["new", "open", "replay", "quit"]
    path: Path | None = None


class HomeScreen(Screen[HomeChoice]):
    """The sessions found in the sessions folder."""

    def __init__(self, sessions_dir: Path, *, clock: Clock) -> None:
        super().__init__()
        self.sessions_dir = sessions_dir
        self.clock = clock

"""Fixtures for the snapshot tests: a sessions folder at a fixed relative path, a still app.

Everything that reaches the screen is pinned so that a snapshot is the same on every
run and on every machine: the clock is frozen, the sessions folder is shown as
``~/sessions`` (the tests run from a private home and working directory), the templates are the
built-in ones, the theme is Textual's default, and nothing animates or blinks.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.conftest import EXAMPLES
from tests.flows.conftest import frozen_clock, frozen_today

__all__ = ["frozen_today"]  # reviews fall due by the frozen clock's day here too
from vp_tui.live.session import LiveSession
from vp_tui.model.templates import builtin_templates
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import Start, VpTuiApp

SIZE = (80, 24)
"""The smallest terminal the app promises to work in."""

SESSIONS = Path("sessions")
"""The sessions folder, relative to the working directory, as ``vp-tui`` finds it by default."""

ANA_AND_BEN = "2026-11-02-ana-ben-online-course.toml"
"""The shipped example whose equality view is snapshotted."""

OUT_OF_SYNC = "2026-11-02-ana-ben-out-of-sync.toml"
"""The Ana & Ben example with one value far apart and an uneven deal (``out_of_sync_copy``)."""

THEME = "textual-dark"
"""Textual's default theme, whatever the environment asks for."""

MakeApp = Callable[..., VpTuiApp]


@pytest.fixture
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty ``sessions`` folder in a private working directory (so its path reads the same:
    the home folder is that directory, and the app shows the path as ``~/sessions``)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    SESSIONS.mkdir()
    return SESSIONS


@pytest.fixture
def example_sessions(sessions_dir: Path) -> Path:
    """The sessions folder holding copies of the shipped examples."""
    for path in sorted(EXAMPLES.glob("*.toml")):
        shutil.copy(path, sessions_dir / path.name)
    return sessions_dir


@pytest.fixture
def make_app(sessions_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeApp]:
    """Build a still app on the sessions folder with the frozen clock; close what it opened."""
    # A developer's NO_COLOR would turn every picture grey (the app reads it when built).
    monkeypatch.delenv("NO_COLOR", raising=False)
    opened: list[LiveSession] = []

    def build(kind: str = "home", path: Path | None = None) -> VpTuiApp:
        live = None
        if path is not None:
            live = LiveSession.open(path, clock=frozen_clock)
            opened.append(live)
        app = VpTuiApp(
            sessions_dir=sessions_dir,
            start=Start(kind, live),  # type: ignore[arg-type]
            clock=frozen_clock,
            templates=builtin_templates(),
        )
        app.animation_level = "none"
        # Not $TEXTUAL_THEME: the pictures are taken in Textual's default theme.
        app.theme = THEME
        return app

    yield build
    for live in opened:
        live.close()


def steady_cursors(pilot: Pilot[None]) -> None:
    """Stop the text cursors blinking: a blink half a second in would change the picture."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False


async def settle(pilot: Pilot[None]) -> None:
    """Let every pending message, refresh and scheduled animation finish."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    steady_cursors(pilot)
    await pilot.pause()


def out_of_sync_copy(folder: Path) -> Path:
    """The Ana & Ben example, except that Ben rates customer service 0 (a gap of 7: out of
    sync) and answers the deal -2 (it feels unequal although the figures are aligned)."""
    session = read_session(EXAMPLES / ANA_AND_BEN)
    for value in session.values:
        if value.item == "Customer service criteria":
            value.ratings["ben"] = 0
    session.deal["ben"] = -2
    path = folder / OUT_OF_SYNC
    save_session(session, path)
    return path

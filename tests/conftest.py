"""Shared fixtures: paths to the test data and the design's worked example."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the unit tests load no Textual
    from textual.app import App
    from textual.screen import Screen
    from textual.strip import Strip

TESTS = Path(__file__).parent
DATA = TESTS / "data"
GOOD = DATA / "good"
BROKEN = DATA / "broken"
ROOT = TESTS.parent
EXAMPLES = ROOT / "src" / "vp_tui" / "examples"


@pytest.fixture
def worked_example_path() -> Path:
    """DESIGN.md section 2's worked example as a session file."""
    return GOOD / "worked-example.toml"


@pytest.fixture(autouse=True)
def private_summary_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own cache of session summaries, never the user's."""
    monkeypatch.setenv("VP_TUI_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def private_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test gets its own settings folder (theme, PIN), never the user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


# What a screen draws. The one place the tests read Textual's compositor (a private part):
# Pilot offers no public way to read the characters of the terminal.


def screen_strips(screen: Screen[Any]) -> list[Strip]:
    """The lines a screen draws, top to bottom, each with its styles."""
    return screen._compositor.render_strips()


def screen_lines(app: App[Any]) -> list[str]:
    """The lines of the terminal, as a person would read them."""
    return [strip.text for strip in screen_strips(app.screen)]


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as text."""
    return "\n".join(screen_lines(app))


def shows(app: App[Any], text: str) -> bool:
    """Whether the terminal shows ``text``, however its lines wrap it (a long folder path
    breaks where the screen's width says)."""
    return "".join(text.split()) in "".join(screen_text(app).split())

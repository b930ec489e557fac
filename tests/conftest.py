"""Shared fixtures: paths to the test data and the design's worked example."""

from __future__ import annotations

from pathlib import Path

import pytest

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

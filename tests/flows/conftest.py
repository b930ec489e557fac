"""Fixtures for Pilot tests of the app: a private sessions folder and a frozen clock."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from vp_tui.live.session import LiveSession
from vp_tui.model import review
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import save_session
from vp_tui.ui.app import Start, VpTuiApp

FROZEN = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def frozen_clock() -> datetime:
    """Always 2026-11-27 10:00 UTC, so screens and files are the same on every run."""
    return FROZEN


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reviews fall due by the frozen clock's day, whatever day the tests run on."""
    monkeypatch.setattr(review, "local_today", lambda: FROZEN.date())


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    """An empty sessions folder."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    return folder


@pytest.fixture
def example_sessions(sessions_dir: Path) -> Path:
    """A sessions folder holding copies of the shipped examples."""
    for path in EXAMPLES.glob("*.toml"):
        shutil.copy(path, sessions_dir / path.name)
    return sessions_dir


@pytest.fixture
def make_app(sessions_dir: Path) -> Iterator[Callable[..., VpTuiApp]]:
    """Build the app on the private folder with the frozen clock; closes what it opened."""
    opened: list[LiveSession] = []

    def build(kind: str = "home", path: Path | None = None) -> VpTuiApp:
        live = None
        if path is not None:
            live = LiveSession.open(path, clock=frozen_clock)
            opened.append(live)
        return VpTuiApp(
            sessions_dir=sessions_dir,
            start=Start(kind, live),  # type: ignore[arg-type]
            clock=frozen_clock,
            templates=builtin_templates(),
        )

    yield build
    for live in opened:
        live.close()


def write_session(
    folder: Path,
    partners: tuple[str, ...] = ("ana", "ben"),
    kind: str = "business",
    phase: str = "rating",
) -> Path:
    """A new session from a template, saved in ``folder``, in the given phase."""
    session = new_session(
        builtin_templates()[kind],
        title="Test partnership",
        partners=[(pid, pid.title()) for pid in partners],
        facilitator="Lynda",
        created=FROZEN,
    )
    session.phase = phase  # type: ignore[assignment]
    path = folder / "test-partnership.toml"
    save_session(session, path)
    return path

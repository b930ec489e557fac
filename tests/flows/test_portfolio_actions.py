"""The partnerships view goes to a partnership's latest session and compares its sessions."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import DATA, screen_text
from tests.flows.test_home import loaded, still
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.compare import CompareScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.portfolio import PortfolioScreen
from vp_tui.ui.screens.replay import ReplayScreen

PARTNERSHIP = "Ana & Ben — online course"


def three_check_ins(folder: Path) -> None:
    """Spring, summer and autumn of one partnership, each complete."""
    for path in (DATA / "portfolio").glob("*.toml"):
        shutil.copy(path, folder / path.name)


def winter_in_progress(folder: Path) -> Path:
    """A fourth, later session of the partnership, still being rated."""
    session = read_session(DATA / "portfolio" / "2026-09-10-autumn-check-in.toml")
    session.title = "Ana & Ben — winter check-in"
    session.created = datetime(2026, 11, 1, 10, tzinfo=UTC)
    session.phase = "rating"
    path = folder / "2026-11-01-winter-check-in.toml"
    save_session(session, path)
    return path


async def partnerships(pilot: object, app: VpTuiApp) -> PortfolioScreen:
    await loaded(pilot)  # type: ignore[arg-type]
    await pilot.press("p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, PortfolioScreen)
    return screen


async def shown_report(pilot: object, app: VpTuiApp) -> str:
    """The compare screen's text once the sessions are read."""
    for _ in range(100):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        text = str(screen.query_one("#compare-report").render())
        if "Reading the sessions" not in text:
            return text
    raise AssertionError("the report never came")


async def test_enter_replays_a_finished_latest_session(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    three_check_ins(sessions_dir)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await partnerships(pilot, app)
        assert "⏎ Latest session" in screen_text(app) and "c Compare" in screen_text(app)
        assert screen.partnerships[0].name == PARTNERSHIP
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert app.screen.path == sessions_dir / "2026-09-10-autumn-check-in.toml"


async def test_enter_resumes_a_latest_session_under_way(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    three_check_ins(sessions_dir)
    winter = winter_in_progress(sessions_dir)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await partnerships(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        assert app.live is not None and app.live.path == winter


async def test_c_compares_the_revealed_sessions_only(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    three_check_ins(sessions_dir)
    winter_in_progress(sessions_dir)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await partnerships(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        report = await shown_report(pilot, app)
        assert f"{PARTNERSHIP}: 3 sessions over time" in report
        assert "2026-03-10 → 2026-06-10" in report and "2026-06-10 → 2026-09-10" in report
        assert "winter" not in report and "2026-11-01" not in report
        assert "1 session not revealed yet left out" in report
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)


async def test_c_on_a_partnership_never_revealed_shows_nothing_of_it(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    winter_in_progress(sessions_dir)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await partnerships(pilot, app)
        await pilot.press("c")
        report = await shown_report(pilot, app)
        assert "No session of this partnership has been revealed yet" in report
        assert "gap" not in report

"""The partnerships view of the home screen: sessions grouped, latest verdicts and trends."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import DATA, screen_text
from tests.flows.test_home import loaded, still
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.portfolio import PortfolioScreen


async def test_p_groups_the_sessions_by_partnership_with_their_trends(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    for path in (DATA / "portfolio").glob("*.toml"):
        shutil.copy(path, example_sessions / path.name)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        # Four example partnerships of one session each, Northwind & Bloom's three, and the
        # hand-made three.
        assert sorted(len(p.sessions) for p in screen.partnerships) == [1, 1, 1, 1, 3, 3]
        [over_time] = [p for p in screen.partnerships if p.name == "Ana & Ben — online course"]
        row = next(line for line in screen_text(app).splitlines() if " 3  2026-09-10 " in line)
        # The numbers of the hand-made files: anticipated 3.00 → 4.50, values 3.00 → 1.00,
        # contribution 2.00 → 3.00 from the second session to the third.
        assert row.split(" 3  2026-09-10 ")[1].split() == [
            "✗",
            "↓",
            "worse",
            "✓",
            "↑",
            "better",
            "▲",
            "↓",
            "worse",
        ]
        index = screen.partnerships.index(over_time)
        await pilot.press(*["down"] * index)
        await pilot.pause()
        text = screen_text(app)
        assert "3 sessions, latest 2026-09-10" in text
        assert "Shared values: aligned, gap 1.00; was 3.00 on 2026-06-10 (better)" in text
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

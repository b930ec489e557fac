"""The equality view says which items were at risk in the partnership's previous session too,
and, for business kinds, that a values disconnect was not remedied.

The three check-ins of Ana & Ben (a joint venture) in tests/data/portfolio: Customer service is
at risk in spring and summer, Ben's net in summer and autumn, Ana's balance in autumn only.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import DATA, screen_text
from tests.flows.test_home import still
from tests.flows.test_next_session import until
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.equality import EqualityScreen

SPRING = "2026-03-10-spring-check-in.toml"
SUMMER = "2026-06-10-summer-check-in.toml"
AUTUMN = "2026-09-10-autumn-check-in.toml"
AGAIN = "↺ also at risk last time:"


def check_ins(folder: Path, *names: str, kind: str | None = None) -> list[Path]:
    """Copies of some of the check-ins (as another kind of partnership, if given)."""
    paths = []
    for name in names:
        path = folder / name
        shutil.copy(DATA / "portfolio" / name, path)
        if kind is not None:
            session = read_session(path)
            session.kind = kind  # type: ignore[assignment]
            save_session(session, path)
        paths.append(path)
    return paths


async def tab(pilot: object, app: VpTuiApp, key: str) -> str:
    """The equality view's text on a tab, once what was at risk last time is read."""
    await until(pilot, lambda: isinstance(app.screen, EqualityScreen))
    screen = app.screen
    assert isinstance(screen, EqualityScreen)
    await until(pilot, lambda: screen._earlier is not None)
    await pilot.press(key)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return screen_text(app)


async def test_a_value_at_risk_twice_in_a_joint_venture_is_not_remedied(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    _spring, summer = check_ins(sessions_dir, SPRING, SUMMER)
    app = still(make_app("open", summer))
    async with app.run_test(size=(100, 30)) as pilot:
        values = await tab(pilot, app, "3")
        assert f"{AGAIN} Customer service (not remedied)" in values
        row = next(line for line in values.splitlines() if "Customer service" in line)
        assert "↺" in row
        anticipated = await tab(pilot, app, "2")
        assert AGAIN not in anticipated  # Ben's net was fine in spring


async def test_a_partners_net_at_risk_twice_is_marked_on_the_anticipated_tab(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    _summer, autumn = check_ins(sessions_dir, SUMMER, AUTUMN)
    app = still(make_app("open", autumn))
    async with app.run_test(size=(100, 30)) as pilot:
        anticipated = await tab(pilot, app, "2")
        assert f"{AGAIN} Ben Okafor's net" in anticipated
        contribution = await tab(pilot, app, "4")
        assert AGAIN not in contribution  # Ana's balance is at risk for the first time


async def test_outside_business_a_recurring_value_is_only_also_at_risk(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    _spring, summer = check_ins(sessions_dir, SPRING, SUMMER, kind="personal")
    app = still(make_app("open", summer))
    async with app.run_test(size=(100, 30)) as pilot:
        values = await tab(pilot, app, "3")
        assert f"{AGAIN} Customer service" in values
        assert "not remedied" not in values


async def test_the_first_session_of_a_partnership_marks_nothing(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    [spring] = check_ins(sessions_dir, SPRING)
    app = still(make_app("open", spring))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, EqualityScreen))
        await pilot.press("3")
        await pilot.pause(0.3)
        assert "also at risk" not in screen_text(app)
        assert "↺" not in screen_text(app)

"""Reviews that come due, on screen: the home screen counts the partnerships due, and the
partnerships view puts them first, with their review, actions and recurring disconnects, and
the prospective alliances as a group of their own with their decision.

The day is frozen (tests/flows/conftest.py): 2026-11-27.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.widgets import Static

from tests.conftest import DATA, screen_text
from tests.flows.test_home import loaded, still
from tests.flows.test_next_session import until
from vp_tui.model.session import Action, Decision
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.portfolio import PortfolioScreen

ANA_AND_BEN = "Ana & Ben — online course"


def folder_of_three(folder: Path, *, ana_and_ben_due: bool = True) -> None:
    """Ana & Ben's three check-ins (the last reviewed by 2026-11-01 if due, with an overdue
    action), a current partnership reviewed next summer, and an alliance being considered."""
    for path in (DATA / "portfolio").glob("*.toml"):
        shutil.copy(path, folder / path.name)
    autumn = folder / "2026-09-10-autumn-check-in.toml"
    session = read_session(autumn)
    session.version = 2
    session.next_review = date(2026, 11, 1) if ana_and_ben_due else date(2027, 3, 1)
    session.actions = [
        Action(id="a1", text="Write the support policy", owner="ben", due=date(2026, 11, 20))
    ]
    save_session(session, autumn)

    later = read_session(DATA / "portfolio" / "2026-06-10-summer-check-in.toml")
    later.version = 2
    later.title = later.partnership = "Eve & Finn — bakery"
    later.next_review = date(2027, 6, 1)
    save_session(later, folder / "eve-finn.toml")

    alliance = read_session(DATA / "portfolio" / "2026-03-10-spring-check-in.toml")
    alliance.version = 2
    alliance.title = alliance.partnership = "Cleo & Dan — pop-up shop"
    alliance.stage = "prospective"
    alliance.next_review = date(2027, 1, 10)
    alliance.decision = Decision(outcome="go-with-conditions", reason="Once the lease is signed.")
    alliance.actions = [
        Action(id="a1", text="Sign the lease", owner="everyone", status="done"),
        Action(id="a2", text="Agree the opening hours", owner="ana"),
    ]
    save_session(alliance, folder / "cleo-dan.toml")


def detail(screen: PortfolioScreen) -> str:
    """What the view says of the highlighted partnership, below the table."""
    return str(screen.query_one("#portfolio-detail", Static).render())


async def test_home_says_how_many_partnerships_are_due(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    folder_of_three(sessions_dir)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: "due for review" in screen_text(app))
        assert "1 partnership due for review: p shows it" in screen_text(app)


async def test_home_says_nothing_when_none_is_due(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    folder_of_three(sessions_dir, ana_and_ben_due=False)
    shutil.copy(DATA / "portfolio" / "2026-09-10-autumn-check-in.toml", sessions_dir)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.pause(0.3)
        assert "due for review" not in screen_text(app)


async def test_the_partnerships_view_puts_what_is_due_first_and_the_alliances_apart(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    folder_of_three(sessions_dir)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        assert [p.name for p in screen.partnerships] == [
            ANA_AND_BEN,
            "Eve & Finn — bakery",
            "Cleo & Dan — pop-up shop",
        ]
        lines = screen_text(app).splitlines()
        table = lines[lines.index(next(line for line in lines if "Latest" in line)) :]
        assert table[1].startswith(" ! Ana & Ben")
        assert table[2].startswith("   Eve & Finn")  # aligned with the names marked due
        assert table[3].strip() == "Prospective alliances"
        assert table[4].startswith("   Cleo & Dan")
        text = detail(screen)
        assert "Next review: 2026-11-01, due 26 days ago" in text
        assert "Actions: 1 open, 1 overdue" in text
        assert "Write the support policy (Ben Okafor, due 2026-11-20, OVERDUE)" in text
        assert (
            "Recurring: Ben Okafor's net (Anticipated value): at risk or worse in 2 of the "
            "last 3 sessions" in text
        )

        await pilot.press("down", "down")  # the heading of the alliances
        await pilot.pause()
        assert "Alliances being considered" in screen_text(app)
        await pilot.press("n")  # a heading has no next session: nothing happens
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("down")
        await pilot.pause()
        text = detail(screen)
        assert "Decision: go with conditions (1 of 2 conditions done)" in text
        assert "Next review: 2027-01-10, in 44 days" in text

"""A partnership over time in the app: finishing sets the next review, the partnerships view
starts the next session, and "Since last time" marks what became of the carried actions.

The day is frozen (tests/flows/conftest.py): ``local_today`` gives 2026-11-27, the clock's day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.widgets import Input

from tests.conftest import DATA, screen_text
from tests.flows.test_home import loaded, still
from vp_tui.cli import main
from vp_tui.model.session import Action, Statement
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.next_review import NextReviewScreen
from vp_tui.ui.screens.portfolio import PortfolioScreen
from vp_tui.ui.screens.setup import SetupScreen
from vp_tui.ui.screens.since_last_time import SinceLastTimeScreen

AUTUMN = "2026-09-10-autumn-check-in.toml"


def revealed_with_actions(folder: Path, phase: str = "reveal") -> Path:
    """The autumn check-in of Ana & Ben (a joint venture: reviewed every 6 months), revealed,
    with a statement and two open actions."""
    session = read_session(DATA / "portfolio" / AUTUMN)
    session.version = 2
    session.phase = phase  # type: ignore[assignment]
    session.statement = Statement(
        anticipated="Both of us earn fairly from the course.",
        values="We answer every customer within a working day.",
    )
    session.actions = [
        Action(id="a1", text="Write the support policy", owner="ben", due=date(2026, 10, 1)),
        Action(id="a2", text="Price the spring course", owner="ana", due=date(2026, 12, 15)),
    ]
    path = folder / AUTUMN
    save_session(session, path)
    return path


def now(text: str) -> list[str]:
    """The "Now" column of the carried actions, top to bottom."""
    rows = [line.rstrip() for line in text.splitlines() if " 2026-1" in line]
    return [row.rsplit("  ", 1)[1].strip() for row in rows]


async def until(pilot: object, found: Callable[[], bool]) -> None:
    """Wait for what a worker or a screen change brings."""
    for _ in range(100):
        if found():
            return
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("it never came")


async def finish(pilot: object, app: VpTuiApp) -> Input:
    """Finish the session on its equality view: the box of the next review."""
    await until(pilot, lambda: isinstance(app.screen, EqualityScreen))
    await pilot.press("f")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, NextReviewScreen))
    return app.screen.query_one(Input)


def completed_notice(app: VpTuiApp) -> str:
    """The notice that says the session is complete."""
    [notice] = [n.message for n in app._notifications if n.title == "Session complete"]
    return notice


async def test_finish_then_next_session_via_partnerships_marks_what_became_of_the_actions(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    autumn = revealed_with_actions(sessions_dir)
    app = still(make_app("open", autumn))
    async with app.run_test(size=(80, 24)) as pilot:
        # Given the revealed session, when the facilitator finishes it, then the next review
        # is proposed six months on, and Enter keeps it
        assert (await finish(pilot, app)).value == "2027-05-27"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "Next review: 2027-05-27" in completed_notice(app)
        assert read_session(autumn).next_review == date(2027, 5, 27)

        # When the partnerships view starts the partnership's next session
        await loaded(pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        text = screen_text(app)
        assert "Next review: 2027-05-27, in 181 days" in text
        assert "Actions: 2 open, 1 overdue" in text
        assert "Write the support policy (Ben Okafor, due 2026-10-01, OVERDUE)" in text
        assert "n Next session" in text
        await pilot.press("n")

        # then it opens with "Since last time": the statement and the carried actions
        await until(pilot, lambda: isinstance(app.screen, SinceLastTimeScreen))
        text = screen_text(app)
        assert "Since last time" in text
        assert "Anticipated value: Both of us earn fairly from the course." in text
        assert "Shared values: We answer every customer within a working day." in text
        assert "Write the support policy" in text and "Ben Okafor" in text
        assert "2026-10-01" in text and "Ana Ruiz" in text and "2026-12-15" in text
        assert now(text) == ["still open", "still open"]
        # No notice repeats last time's statement.
        assert not [n for n in app._notifications if (n.title or "").startswith("Last time")]

        # When one action is marked done and the other dropped
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        text = screen_text(app)
        assert now(screen_text(app)) == ["done", "dropped"]
        live = app.live
        assert live is not None and live.path is not None
        new_file = live.path
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SetupScreen))
        # and the setup, started as it stands, keeps them: the rounds come next
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HandoffScreen))

    # then the new file validates and records where its actions came from
    assert new_file != autumn
    assert main(["validate", str(new_file)]) == 0
    session = read_session(new_file)
    assert session.phase == "rating"
    assert session.partnership == "Ana & Ben — online course"
    assert session.statement is not None
    assert [(a.text, a.status, a.carried_from) for a in session.actions] == [
        ("Write the support policy", "done", AUTUMN),
        ("Price the spring course", "dropped", AUTUMN),
    ]
    assert [a.owner for a in session.actions] == ["ben", "ana"]


async def test_a_date_typed_replaces_the_next_review_and_a_bad_one_is_refused(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    autumn = revealed_with_actions(sessions_dir)
    app = still(make_app("open", autumn))
    async with app.run_test(size=(80, 24)) as pilot:
        box = await finish(pilot, app)
        box.value = "next spring"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextReviewScreen)
        assert "Not a date: “next spring”. Type it as YYYY-MM-DD" in screen_text(app)
        box.value = "2027-03-01"
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, NextReviewScreen))
    assert read_session(autumn).next_review == date(2027, 3, 1)


async def test_an_empty_box_leaves_no_next_review(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    autumn = revealed_with_actions(sessions_dir)
    app = still(make_app("open", autumn))
    async with app.run_test(size=(80, 24)) as pilot:
        (await finish(pilot, app)).value = ""
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, NextReviewScreen))
        assert "No next review set" in completed_notice(app)
    assert read_session(autumn).next_review is None
    assert read_session(autumn).phase == "complete"


async def test_no_next_session_before_the_reveal(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    revealed_with_actions(sessions_dir, phase="rating")
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PortfolioScreen))
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        [notice] = [n for n in app._notifications if n.title == "No next session yet"]
        assert "is not revealed yet (phase rating)" in notice.message
    assert sorted(path.name for path in sessions_dir.glob("*.toml")) == [AUTUMN]

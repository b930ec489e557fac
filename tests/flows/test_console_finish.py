"""The facilitator's console of a hosted session: the partnership's earlier statement when the
session opens, and the next review asked when it finishes, as in person."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Input

from tests.flows.test_hosted import console
from tests.flows.test_next_session import revealed_with_actions, until
from vp_tui.live.session import LiveSession
from vp_tui.model.templates import builtin_templates
from vp_tui.storage import read_session, save_session
from vp_tui.ui.console_app import ConsoleApp
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.next_review import NextReviewScreen


def notices(app: ConsoleApp, title: str) -> list[str]:
    return [n.message for n in app._notifications if n.title == title]


async def test_finishing_on_the_console_asks_the_next_review_from_the_templates_cadence(
    sessions_dir: Path,
) -> None:
    path = revealed_with_actions(sessions_dir)  # a joint venture: reviewed every 6 months
    live = LiveSession.open(path)
    try:
        app = ConsoleApp(live, console(live).hosting, builtin_templates())
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, EqualityScreen))
            await pilot.press("f")
            await until(pilot, lambda: isinstance(app.screen, NextReviewScreen))
            # The frozen day is 2026-11-27: six months on, kept with Enter.
            assert app.screen.query_one(Input).value == "2027-05-27"
            await pilot.press("enter")
            await until(pilot, lambda: bool(notices(app, "Session complete")))
            [notice] = notices(app, "Session complete")
            assert notice.endswith("Next review: 2027-05-27.")
        await live.saved()
    finally:
        live.close()
    saved = read_session(path)
    assert (saved.phase, str(saved.next_review)) == ("complete", "2027-05-27")


async def test_the_console_opens_with_what_the_partnership_agreed_last_time(
    sessions_dir: Path,
) -> None:
    earlier = revealed_with_actions(sessions_dir, phase="complete")
    session = read_session(earlier)
    session.title = "Ana & Ben — winter check-in"
    session.created = datetime(2026, 12, 10, 10, tzinfo=UTC)
    session.phase = "rating"
    session.statement = None
    session.actions = []
    path = sessions_dir / "2026-12-10-winter.toml"
    save_session(session, path)
    live = LiveSession.open(path)
    try:
        app = console(live)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: bool(notices(app, "Last time (2026-09-10)")))
            [notice] = notices(app, "Last time (2026-09-10)")
            assert "We answer every customer within a working day." in notice
    finally:
        live.close()

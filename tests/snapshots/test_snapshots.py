"""What the screens look like at 80×24, screen by screen, with a frozen clock.

Each test is written as given (the sessions folder), when (the keys pressed, in
``run_before``) and then (the picture matches the accepted snapshot). Update the
pictures with ``pytest tests/snapshots --snapshot-update`` and look at every changed
one before accepting it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.conftest import EXAMPLES
from tests.flows.conftest import FROZEN, frozen_clock, write_session
from tests.snapshots.conftest import ANA_AND_BEN, SIZE, MakeApp, out_of_sync_copy, settle
from vp_tui.live.session import LiveSession
from vp_tui.model import changes
from vp_tui.model.flow import Turn, missing_in_turn
from vp_tui.storage import read_session, save_session
from vp_tui.ui.screens.anticipated_turn import AnticipatedTurnScreen
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.review import ReviewScreen
from vp_tui.ui.screens.setup import SetupScreen
from vp_tui.ui.screens.values_turn import ValuesTurnScreen
from vp_tui.ui.widgets.rating_list import RatingList

SnapCompare = Callable[..., bool]

# The business template that write_session uses: 7 benefits and 5 costs.
BENEFITS, COSTS = 7, 5


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, letting the app settle after each (as a person types)."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


# Home ----------------------------------------------------------------------------------


async def home_loaded(pilot: Pilot[None]) -> None:
    """Wait until the home screen has read every file in the folder and listed them all."""
    app = pilot.app
    expected = len(list(EXAMPLES.glob("*.toml")))
    for _ in range(200):  # the loader starts once the flow has pushed the screen
        await pilot.pause()
        # Only the loader: the app's own flow worker runs for as long as the app does.
        loading = [worker for worker in app.workers if worker.group == "home-load"]
        if loading:
            await app.workers.wait_for_complete(loading)
            await pilot.pause()
        screen = app.screen
        if isinstance(screen, HomeScreen) and screen.table.row_count == expected:
            break
    # And has counted the partnerships due (in a thread too).
    for _ in range(200):
        if all(worker.is_finished for worker in app.workers if worker.group == "home-due"):
            break
        await pilot.pause(0.01)
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    assert app.screen.table.row_count == expected


def test_home_lists_the_example_sessions(
    snap_compare: SnapCompare, make_app: MakeApp, example_sessions: Path
) -> None:
    # Given a sessions folder holding the shipped examples
    app = make_app()
    # When the home screen has read them
    # Then they are listed newest first with their verdicts, the newest one detailed below
    assert snap_compare(app, terminal_size=SIZE, run_before=home_loaded)


# Setup ---------------------------------------------------------------------------------


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type into the focused field."""
    await pilot.press(*text)
    await pilot.pause()


async def fill_session_tab(pilot: Pilot[None]) -> None:
    """Type a title and a facilitator; leave the kind at its default."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, SetupScreen)
    await type_text(pilot, "Ana & Ben: online course")
    await press(pilot, "tab", "tab")
    await type_text(pilot, "Lynda")


def test_setup_session_tab(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    # Given a new session
    app = make_app("new")

    # When the facilitator types a title and their own name
    async def run_before(pilot: Pilot[None]) -> None:
        await fill_session_tab(pilot)
        await settle(pilot)

    # Then the Session tab shows them, with the kind's description and no errors
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_setup_partners_tab_with_two_partners(snap_compare: SnapCompare, make_app: MakeApp) -> None:
    # Given a new session with its title and facilitator typed
    app = make_app("new")

    # When enter goes on to the partners and two are added, each with a role
    async def run_before(pilot: Pilot[None]) -> None:
        await fill_session_tab(pilot)
        await press(pilot, "enter")
        for name, role in (("Ana Ruiz", "Course author"), ("Ben Okafor", "Video producer")):
            await press(pilot, "a")
            await type_text(pilot, name)
            await press(pilot, "tab")
            await type_text(pilot, role)
            await press(pilot, "enter")
        assert pilot.app.screen.query_one(TabbedContent).active == "partners"
        await settle(pilot)

    # Then the Partners tab lists them in turn order, and its tab counts two
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# The rating rounds ---------------------------------------------------------------------


def test_anticipated_turn_with_some_items_rated(
    snap_compare: SnapCompare, make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given a business session of Ana and Ben, ready for the first turn
    app = make_app("open", write_session(sessions_dir))

    # When Ana takes the keyboard and rates the first four benefits
    async def run_before(pilot: Pilot[None]) -> None:
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AnticipatedTurnScreen)
        await press(pilot, "8", "7", "t", "3")
        assert pilot.app.screen.query_one(RatingList).cursor == 4
        await settle(pilot)

    # Then her ratings are marked, the fifth benefit is highlighted and 9 of 13 are left
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_handoff_to_the_next_partner(
    snap_compare: SnapCompare, make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given a business session of Ana and Ben, ready for the first turn
    app = make_app("open", write_session(sessions_dir))

    # When Ana rates everything, answers the deal and finishes her turn from its review
    async def run_before(pilot: Pilot[None]) -> None:
        await press(pilot, "enter", *["5"] * (BENEFITS + COSTS), "0", "f", "f")
        screen = pilot.app.screen
        assert isinstance(screen, HandoffScreen) and screen.partner_name == "Ben"
        await settle(pilot)

    # Then the hand-off asks to pass the keyboard to Ben, and shows nobody's ratings
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_turn_review_without_colour(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    sessions_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a business session of Ana and Ben, on a terminal without colour
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app("open", write_session(sessions_dir))

    # When Ana answers everything (9s, then 2 for the second benefit, the deal -3) and
    # presses f to finish
    async def run_before(pilot: Pilot[None]) -> None:
        await press(pilot, "enter", "9", "2", *["9"] * (BENEFITS + COSTS - 2), "minus", "3")
        await press(pilot, "f")
        assert isinstance(pilot.app.screen, ReviewScreen)
        await settle(pilot)

    # Then her own answers are listed in words under their headings, with finish and go back
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# The equality view ---------------------------------------------------------------------


def open_ana_and_ben(make_app: MakeApp, sessions_dir: Path) -> object:
    """The app opening a copy of the Ana & Ben example (complete, so on its equality view)."""
    path = sessions_dir / ANA_AND_BEN
    shutil.copy(EXAMPLES / ANA_AND_BEN, path)
    return make_app("open", path)


async def equality_shown(pilot: Pilot[None]) -> EqualityScreen:
    """Wait until the equality view is on screen."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EqualityScreen)
    return screen


def test_equality_summary(snap_compare: SnapCompare, make_app: MakeApp, sessions_dir: Path) -> None:
    # Given the Ana & Ben example, finished
    app = open_ana_and_ben(make_app, sessions_dir)

    # When it is opened
    async def run_before(pilot: Pilot[None]) -> None:
        await equality_shown(pilot)

    # Then the summary shows each component's verdict and gap, and the overall verdict
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_equality_values(snap_compare: SnapCompare, make_app: MakeApp, sessions_dir: Path) -> None:
    # Given the Ana & Ben example, finished and opened
    app = open_ana_and_ben(make_app, sessions_dir)

    # When the facilitator presses 3
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await equality_shown(pilot)
        await press(pilot, "3")
        assert screen.query_one(TabbedContent).active == "values"
        await settle(pilot)

    # Then the values are listed worst first with both ratings, the gap and the verdict
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# Without colour -------------------------------------------------------------------------


def open_out_of_sync_without_colour(
    make_app: MakeApp, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> object:
    """The app, built under NO_COLOR, opening Ana & Ben with a value out of sync and Ben's
    deal answer at -2."""
    monkeypatch.setenv("NO_COLOR", "1")
    return make_app("open", out_of_sync_copy(sessions_dir))


def test_equality_summary_without_colour(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    sessions_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a session with a value out of sync and an uneven deal, on a terminal without colour
    app = open_out_of_sync_without_colour(make_app, sessions_dir, monkeypatch)

    # When it is opened
    async def run_before(pilot: Pilot[None]) -> None:
        await equality_shown(pilot)

    # Then OUT OF SYNC is reversed, AT RISK bold, aligned plain, and the summary says that
    # Ben's deal answer makes it feel unequal
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_equality_values_without_colour(
    snap_compare: SnapCompare,
    make_app: MakeApp,
    sessions_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the same session on a terminal without colour
    app = open_out_of_sync_without_colour(make_app, sessions_dir, monkeypatch)

    # When the facilitator presses 3
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await equality_shown(pilot)
        await press(pilot, "3")
        assert screen.query_one(TabbedContent).active == "values"
        await settle(pilot)

    # Then the value out of sync is on top, highlighted (underlined) and still reversed,
    # above the values at risk (bold) and aligned (plain)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# The framework's words and each partner's own (issue 13) ---------------------------------


def values_round_of_ana(sessions_dir: Path) -> Path:
    """A business session of Ana and Ben whose anticipated round is over: Ana's values turn."""
    path = write_session(sessions_dir)
    live = LiveSession.open(path, clock=frozen_clock)
    for who in ("ana", "ben"):
        for target in missing_in_turn(live.session, Turn("anticipated", who)):
            live.rate(who, target, 0 if target == "deal" else 5)
        live.finish_turn(who, "anticipated")
    live.close()
    return path


def test_values_turn_shows_the_business_prompt_and_her_own_line(
    snap_compare: SnapCompare, make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given Ana's values turn in a business session
    app = make_app("open", values_round_of_ana(sessions_dir))

    # When she rates two values and says what the third means to her in practice
    async def run_before(pilot: Pilot[None]) -> None:
        await press(pilot, "enter", "8", "7", "m")
        await type_text(pilot, "a second check before anything ships")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, ValuesTurnScreen)
        await settle(pilot)

    # Then the business template's words for the round stand above the list, and her line
    # is under the value
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_reveal_values_with_two_different_meaning_lines(
    snap_compare: SnapCompare, make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given the Ana & Ben example, where Ana and Ben mean different things by Work ethic
    path = sessions_dir / ANA_AND_BEN
    shutil.copy(EXAMPLES / ANA_AND_BEN, path)
    session = read_session(path)
    changes.set_meaning(session, "ana", "Work ethic", "a reply within a day", at=FROZEN)
    changes.set_meaning(session, "ben", "Work ethic", "a reply within a week", at=FROZEN)
    save_session(session, path)
    app = make_app("open", path)

    # When the facilitator opens the values tab
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await equality_shown(pilot)
        await press(pilot, "3")
        assert screen.query_one(TabbedContent).active == "values"
        await settle(pilot)

    # Then the two lines stand one under the other with the partners' names, marked ≠,
    # with a prompt to talk about them
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

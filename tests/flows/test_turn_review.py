"""In person: the review before a turn ends, a reopened turn, the turn order partner by
partner, progress on the hand-offs and turns, and the timebox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.conftest import screen_text
from tests.flows.conftest import write_session
from tests.flows.test_turns import prepare, press, saved
from vp_tui.model.flow import Turn, finished_turns
from vp_tui.model.session import Timebox
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.anticipated_turn import AnticipatedTurnScreen
from vp_tui.ui.screens.choose import ChooseScreen
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.screens.review import ReviewScreen
from vp_tui.ui.screens.values_turn import ValuesTurnScreen
from vp_tui.ui.widgets.rating_list import RatingList

MakeApp = Callable[..., VpTuiApp]
SIZE = (80, 24)
BENEFITS, COSTS, VALUES = 7, 5, 8


async def wait_for(pilot: Pilot[None], kind: type) -> None:
    for _ in range(40):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"expected {kind.__name__}:\n{screen_text(pilot.app)}")  # type: ignore[arg-type]


def configure(path: Path, **fields: object) -> None:
    session = read_session(path)
    for name, value in fields.items():
        setattr(session, name, value)
    save_session(session, path)


async def test_finishing_shows_the_answers_in_words_and_a_mistyped_one_is_corrected_there(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await wait_for(pilot, AnticipatedTurnScreen)
        # Ana types 9 for every item, but meant 2 for the second benefit; the deal is -3.
        await press(pilot, *["9"] * (BENEFITS + COSTS), "minus", "3", "f")
        await wait_for(pilot, ReviewScreen)
        text = screen_text(pilot.app)  # type: ignore[arg-type]
        assert "Review your answers — Anticipated value" in text
        assert "Round 1 of 4 · Ana, partner 1 of 2 · all answered" in text
        answers = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert any(answer.endswith("-3 my partner gets a much better deal") for answer in answers)
        assert sum(answer.endswith("  9") for answer in answers) == BENEFITS + COSTS
        assert not finished_turns(saved(app, path))  # not finished yet
        # The answers have the focus, from the first: Enter on the second benefit goes back
        # to it in the turn.
        await press(pilot, "down", "enter")
        await wait_for(pilot, AnticipatedTurnScreen)
        ratings = app.screen.query_one(RatingList)
        assert ratings.current is not None
        second = read_session(path).benefits[1].item
        assert ratings.current.target == f"benefits/{second}"
        await press(pilot, "2", "f")
        await wait_for(pilot, ReviewScreen)
        await press(pilot, "f")
        await wait_for(pilot, HandoffScreen)
    session = read_session(path)
    assert session.benefits[1].ratings["ana"] == 2
    assert session.deal["ana"] == -3
    assert Turn("anticipated", "ana") in finished_turns(session)


async def test_going_back_from_the_review_finishes_nothing(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await wait_for(pilot, ValuesTurnScreen)
        await press(pilot, *["7"] * VALUES, "f")
        await wait_for(pilot, ReviewScreen)
        await press(pilot, "escape")
        await wait_for(pilot, ValuesTurnScreen)
        assert Turn("values", "ana") not in finished_turns(saved(app, path))


async def test_the_hand_off_and_the_turn_say_where_the_session_stands(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir, partners=("ana", "ben", "cy"))
    prepare(path, ["anticipated"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, HandoffScreen)
        assert "Round 2 of 4 · Ana, partner 1 of 3 · 8 of 8 left" in screen_text(app)
        await press(pilot, "enter", "5", "5", "5")
        assert "Round 2 of 4: Shared values · Ana, partner 1 of 3 · 5 of 8 left" in screen_text(app)


async def test_partner_by_partner_each_partner_takes_three_rounds_in_one_sitting(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir, partners=("ana", "ben", "cy"))
    configure(path, turn_order="by-partner")
    app = make_app("open", path)
    hand_offs: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for partner in ("Ana", "Ben", "Cy"):
            await wait_for(pilot, HandoffScreen)
            hand_offs.append(screen_text(app))
            assert f"Pass the keyboard to {partner}" in screen_text(app)
            await press(pilot, "enter")
            await wait_for(pilot, AnticipatedTurnScreen)
            await press(pilot, *["5"] * (BENEFITS + COSTS), "0", "f", "f")
            # The same partner goes on with the values: no hand-off in between.
            await wait_for(pilot, ValuesTurnScreen)
            await press(pilot, *["6"] * VALUES, "f", "f")
            await wait_for(pilot, TurnScreen)
            assert "What you bring" in screen_text(app)
            await press(pilot, *"Time", "enter", "ctrl+s", "f")
        await wait_for(pilot, HandoffScreen)
        assert "Pass the keyboard to Ana" in screen_text(app)
        assert "Round 4 of 4" in screen_text(app)
    session = read_session(path)
    assert {turn.round for turn in finished_turns(session)} == {"anticipated", "values", "brings"}
    assert len(hand_offs) == 3


async def test_the_facilitator_reopens_a_finished_turn_before_the_reveal(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated", "values", "brings", "contribution"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, HandoffScreen)
        assert isinstance(app.screen, HandoffScreen) and app.screen.reveal
        await press(pilot, "o")
        await wait_for(pilot, ConfirmScreen)
        await press(pilot, "y")
        await wait_for(pilot, ChooseScreen)
        text = screen_text(app)
        assert "Ben — Shared values" in text
        # Down to Ben's values turn (ana, ben per round).
        await press(pilot, "down", "down", "down", "enter")
        await wait_for(pilot, HandoffScreen)
        assert "Pass the keyboard to Ben" in screen_text(app)
        assert "Shared values" in screen_text(app)
        session = saved(app, path)
        assert Turn("values", "ben") not in finished_turns(session)
        assert session.events[-1].kind == "reopen"
        assert session.events[-1].value == "ben"
        # Ben's answers are still there; he changes one and finishes again.
        await press(pilot, "enter")
        await wait_for(pilot, ValuesTurnScreen)
        assert "all answered" in screen_text(app)
        await press(pilot, "9", "f", "f")
        await wait_for(pilot, HandoffScreen)
        assert isinstance(app.screen, HandoffScreen) and app.screen.reveal
    assert read_session(path).values[0].ratings["ben"] == 9


async def test_reopening_is_the_facilitators_to_confirm_and_stays_put_by_default(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, HandoffScreen)
        await press(pilot, "o")
        await wait_for(pilot, ConfirmScreen)
        await press(pilot, "enter")  # the default answer is to stay
        await wait_for(pilot, HandoffScreen)
        assert finished_turns(saved(app, path)) == {
            Turn("anticipated", "ana"),
            Turn("anticipated", "ben"),
        }


async def test_a_timeboxed_round_shows_the_time_left_calmly(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    configure(path, timebox=Timebox(anticipated=10))
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await wait_for(pilot, AnticipatedTurnScreen)
        assert "Timebox 10 min · about 10 min left" in screen_text(app)
    prepare(path, ["anticipated"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await wait_for(pilot, ValuesTurnScreen)
        assert "Timebox" not in screen_text(app)  # no timebox set for the values


async def test_the_equality_view_shows_the_time_left_of_the_discussion(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated", "values", "brings", "contribution"])
    configure(path, timebox=Timebox(discussion=20))
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, HandoffScreen)
        await press(pilot, "enter")  # the reveal
        await wait_for(pilot, EqualityScreen)
        assert "Timebox 20 min · about 20 min left" in screen_text(app)

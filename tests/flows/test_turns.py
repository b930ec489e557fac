"""The rating turns, driven by keys at 80×24: hand-off, each round, finish, pause and resume."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from tests.conftest import screen_text
from tests.flows.conftest import write_session
from vp_tui.model import changes
from vp_tui.model.flow import DONE
from vp_tui.model.session import Session
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.anticipated_turn import AnticipatedTurnScreen
from vp_tui.ui.screens.brings_turn import BringsTurnScreen
from vp_tui.ui.screens.contribution_turn import ContributionTurnScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.paused import PausedScreen
from vp_tui.ui.screens.values_turn import ValuesTurnScreen
from vp_tui.ui.widgets.rating_list import RatingList

MakeApp = Callable[..., VpTuiApp]
SIZE = (80, 24)
# The business template: 7 benefits, 5 costs, 8 values.
BENEFITS, COSTS, VALUES = 7, 5, 8


def list_text(app: VpTuiApp) -> str:
    """What the rating list of the current screen shows, scrolled or not."""
    return "\n".join(app.screen.query_one(RatingList).plain_lines())


def deal_answer(app: VpTuiApp) -> tuple[str | None, str]:
    """The deal row as a partner reads it: the value in brackets, and what follows the scale."""
    line = next(line for line in list_text(app).splitlines() if "-1" in line and "+1" in line)
    chosen = re.search(r"\[([^\]]+)\]", line)
    after = line.split("+3", 1)[1].lstrip("] ").strip()
    return (chosen.group(1) if chosen else None, after)


def prepare(
    path: Path, rounds: Iterable[str], change: Callable[[Session], None] | None = None
) -> None:
    """Finish the given rounds for every partner (all 5s, deal 0, one thing brought each)."""
    session = read_session(path)
    if change is not None:
        change(session)
    for name in rounds:
        for partner in session.partner_ids:
            if name == "anticipated":
                for list_name in ("benefits", "costs"):
                    for entry in session.rated_list(list_name):
                        changes.rate(session, partner, f"{list_name}/{entry.item}", 5)
                changes.rate(session, partner, "deal", 0)
            elif name == "values":
                for entry in session.values:
                    changes.rate(session, partner, f"values/{entry.item}", 5)
            elif name == "brings":
                changes.set_brings(session, partner, [f"{partner} skills"])
            else:
                for other in session.partner_ids:
                    changes.rate(session, partner, f"contributions/{other}", 5)
            changes.finish_turn(session, partner, name)  # type: ignore[arg-type]
    save_session(session, path)


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, letting the app settle after each."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text into the focused input."""
    await pilot.press(*text)
    await pilot.pause()


def saved(app: VpTuiApp, path: Path) -> Session:
    """The session file as it stands once every change is written."""
    if app.live is not None:
        app.live.flush()
    return read_session(path)


def done_turns(session: Session) -> list[tuple[str, str | None]]:
    """The turns finished so far, as (partner, round)."""
    return [(event.actor, event.target) for event in session.events if event.kind == DONE]


async def test_handoff_names_the_partner_and_shows_no_ratings(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        text = screen_text(app)
        assert "Pass the keyboard to Ana" in text
        assert "Anticipated value" in text
        assert not app.screen.query(RatingList)
        assert "[" not in text.split("⏎")[0]  # no chosen rating anywhere above the footer


async def test_anticipated_turn_by_keys_then_the_next_partner(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert isinstance(app.screen, AnticipatedTurnScreen)
        assert "Anticipated value · Ana, partner 1 of 2 · 13 of 13 left" in screen_text(app)
        digits = ["8", "7", "6", "5", "4", "3", "2", "9", "1", "0", "t", "6"]
        await press(pilot, *digits)
        assert "1 of 13 left" in screen_text(app)
        # The deal starts at "even"; one step left is -1, said for two partners.
        await press(pilot, "right", "left")
        assert "my partner gets a slightly better deal" in list_text(app)
        assert "my partners" not in screen_text(app)
        # Go back up and change a rating: the turn is the partner's until they finish.
        await press(pilot, "home", "right")
        await press(pilot, "f", "f")  # the review of Ana's answers, then finish
        assert isinstance(app.screen, HandoffScreen)
        assert "Pass the keyboard to Ben" in screen_text(app)
        session = saved(app, path)
    benefits = [entry.ratings["ana"] for entry in session.benefits]
    costs = [entry.ratings["ana"] for entry in session.costs]
    assert benefits == [9, 7, 6, 5, 4, 3, 2]
    assert costs == [9, 1, 0, 10, 6]
    assert session.deal == {"ana": -1}
    assert all("ben" not in entry.ratings for entry in session.benefits)
    assert done_turns(session) == [("ana", "anticipated")]


async def test_finish_is_refused_while_items_are_left(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "5", "5", "5", "f")
        assert isinstance(app.screen, AnticipatedTurnScreen)
        text = screen_text(app)
        assert "Not finished yet — still to answer: Access to new customers" in text
        # The highlight went to the first item left.
        assert app.screen.query_one(RatingList).cursor == 3
        session = saved(app, path)
    assert done_turns(session) == []


async def test_the_deal_row_explains_its_keys(sessions_dir: Path, make_app: MakeApp) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "end", "7")
        assert "type - or + then a digit" in screen_text(app)
        await press(pilot, "plus")
        assert deal_answer(app) == (None, "+_ type 1-3")
        await press(pilot, "3")
        assert deal_answer(app) == ("+3", "+3 I get a much better deal")
        assert saved(app, path).deal == {"ana": 3}


async def test_a_sign_then_a_digit_gives_that_signed_deal(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        # Given the deal question, unanswered,
        await press(pilot, "enter", "end")
        # when the partner types - then 3,
        await press(pilot, "minus")
        assert deal_answer(app) == (None, "-_ type 1-3")
        await press(pilot, "3")
        # then -3 is recorded and written out in words,
        assert deal_answer(app) == ("-3", "-3 my partner gets a much better deal")
        assert saved(app, path).deal == {"ana": -3}
        # a digit without a sign is positive, and arrows still step by one.
        await press(pilot, "end", "2")
        assert deal_answer(app) == ("+2", "+2 I get a better deal")
        await press(pilot, "end", "left", "left")
        assert deal_answer(app) == ("0", "0 it is even")
        # A sign typed and left by moving away does not stay armed.
        await press(pilot, "minus", "up", "down", "1")
        assert saved(app, path).deal == {"ana": 1}


def test_every_scale_with_negatives_takes_a_sign() -> None:
    from vp_tui.ui.screens.anticipated_turn import DEAL_SCALE

    assert DEAL_SCALE.has_negatives
    assert DEAL_SCALE.answer(-3) == "-3 my partners get a much better deal"


async def test_a_click_on_a_number_rates_that_item(sessions_dir: Path, make_app: MakeApp) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        ratings = app.screen.query_one(RatingList)
        # The list's second line is the first benefit, the third the second one.
        line = ratings.plain_lines()[2]
        assert line.lstrip().startswith("Business growth")
        await pilot.click(RatingList, offset=(line.index(" 4 ") + 1, 2))
        await pilot.pause()
        assert ratings.cursor == 1
        assert "[4]" in ratings.plain_lines()[2]
        session = saved(app, path)
    assert session.benefits[1].ratings == {"ana": 4}


async def test_the_next_partner_does_not_see_the_previous_ratings(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", *["9"] * (BENEFITS + COSTS), "plus", "3", "f", "f")
        assert [entry.ratings for entry in saved(app, path).benefits] == [{"ana": 9}] * BENEFITS
        await press(pilot, "enter")
        assert isinstance(app.screen, AnticipatedTurnScreen)
        assert "Ben" in screen_text(app)
        shown = list_text(app)
        assert "[9]" not in shown
        assert "[+3]" not in shown
        assert "[" not in shown  # Ben has chosen nothing yet, and nothing else is shown


async def test_values_turn_with_a_dealbreaker_private_to_its_partner(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert isinstance(app.screen, ValuesTurnScreen)
        assert "Shared values · Ana, partner 1 of 2 · 8 of 8 left" in screen_text(app)
        await press(pilot, "d")
        assert "! dealbreaker" in list_text(app)
        assert saved(app, path).values[0].dealbreaker == ["ana"]
        await press(pilot, "d")
        assert "dealbreaker" not in list_text(app)
        assert saved(app, path).values[0].dealbreaker == []
        await press(pilot, "d", *["8"] * VALUES, "f", "f")
        assert isinstance(app.screen, HandoffScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, ValuesTurnScreen)
        shown = list_text(app)
        assert "dealbreaker" not in shown
        assert "[8]" not in shown
        session = saved(app, path)
    assert session.values[0].dealbreaker == ["ana"]
    assert [entry.ratings for entry in session.values] == [{"ana": 8}] * VALUES


async def test_brings_turn_adds_edits_and_removes(sessions_dir: Path, make_app: MakeApp) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated", "values"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert isinstance(app.screen, BringsTurnScreen)
        await press(pilot, "ctrl+s")
        assert "list at least one thing you bring" in screen_text(app)
        await type_text(pilot, "Capital")
        await press(pilot, "enter")
        await type_text(pilot, "Time")
        await press(pilot, "enter")
        await type_text(pilot, "capital")
        await press(pilot, "enter")
        assert "Already listed: capital" in screen_text(app)
        await press(pilot, "ctrl+a", "ctrl+k")  # clear the box
        assert saved(app, path).contribution_of("ana").brings == ["Capital", "Time"]  # type: ignore[union-attr]
        # In the list: the last entry is highlighted; edit it, then remove the first.
        await press(pilot, "tab", "e", "end")
        await type_text(pilot, " and evenings")
        await press(pilot, "enter")
        assert saved(app, path).contribution_of("ana").brings == ["Capital", "Time and evenings"]  # type: ignore[union-attr]
        await press(pilot, "tab", "home", "delete")
        assert saved(app, path).contribution_of("ana").brings == ["Time and evenings"]  # type: ignore[union-attr]
        # A suggestion from the template is one Enter away.
        await press(pilot, "tab", "enter")
        assert saved(app, path).contribution_of("ana").brings == ["Time and evenings", "Capital"]  # type: ignore[union-attr]
        await press(pilot, "ctrl+s", "f")
        assert isinstance(app.screen, HandoffScreen)
        assert "Pass the keyboard to Ben" in screen_text(app)


async def test_contribution_turn_rates_every_partner(sessions_dir: Path, make_app: MakeApp) -> None:
    path = write_session(sessions_dir, partners=("ana", "ben", "cy"))
    prepare(path, ["anticipated", "values", "brings"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert isinstance(app.screen, ContributionTurnScreen)
        text = screen_text(app)
        assert "Ana (you)" in text
        # What each partner brings is public; how the others rated it is not.
        for partner in ("ana", "ben", "cy"):
            assert f"brings: {partner} skills" in text
        await press(pilot, "8", "6", "t", "f", "f")
        assert isinstance(app.screen, HandoffScreen)
        assert "Pass the keyboard to Ben" in screen_text(app)
        await press(pilot, "enter")
        assert "[" not in list_text(app)
        session = saved(app, path)
    ratings = {c.partner: c.ratings for c in session.contributions}
    assert ratings == {"ana": {"ana": 8}, "ben": {"ana": 6}, "cy": {"ana": 10}}


async def test_escape_pauses_and_reopening_resumes_the_same_turn(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await press(pilot, "3", "t", "d", "4", "escape")
        assert isinstance(app.screen, PausedScreen)
        await press(pilot, "l", "y")  # the facilitator leaves the session
        for _ in range(20):  # the app's flow closes the session in its own worker
            if app.live is None:
                break
            await pilot.pause(0.05)
        assert app.live is None  # the session was closed and its file let go
    session = read_session(path)
    assert [entry.ratings.get("ana") for entry in session.values[:3]] == [3, 10, 4]
    assert session.values[2].dealbreaker == ["ana"]

    again = make_app("open", path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HandoffScreen)
        assert "Pass the keyboard to Ana" in screen_text(again)
        assert "Shared values" in screen_text(again)
        await press(pilot, "enter")
        assert isinstance(again.screen, ValuesTurnScreen)
        assert "Shared values · Ana, partner 1 of 2 · 5 of 8 left" in screen_text(again)
        shown = list_text(again)
        assert "[3]" in shown and "[10]" in shown and "[4]" in shown
        assert "! dealbreaker" in shown
        assert again.screen.query_one(RatingList).cursor == 3  # the first value left


async def test_hostile_names_are_shown_literally(sessions_dir: Path, make_app: MakeApp) -> None:
    path = write_session(sessions_dir)

    def rename(session: Session) -> None:
        session.partners[0].name = "[b]x[/b]"
        session.partners[1].name = "[@click=app.quit]y[/]"

    prepare(path, ["anticipated", "values", "brings"], change=rename)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Pass the keyboard to [b]x[/b] — press Enter when [b]x[/b]" in screen_text(app)
        await press(pilot, "enter")
        text = screen_text(app)
        assert "Contribution value · [b]x[/b], partner 1 of 2 ·" in text
        assert "[b]x[/b] (you)" in text
        assert "[@click=app.quit]y[/]" in text
        # Clicking the hostile name runs nothing; the app is still here.
        await pilot.click(RatingList, offset=(4, 2))
        await pilot.pause()
        assert app.screen.query_one(RatingList).cursor == 1
        await press(pilot, "home", "8", "8", "f", "f")
        assert app.is_running
        assert "Pass the keyboard to [@click=app.quit]y[/]" in screen_text(app)


async def test_hostile_item_names_in_messages_are_literal(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)

    def rename(session: Session) -> None:
        session.values[0].item = "[@click=app.quit]v[/]"
        session.values[1].item = "[b]w[/b]"

    prepare(path, ["anticipated"], change=rename)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "d")
        assert "Marked as a dealbreaker: [@click=app.quit]v[/]" in screen_text(app)
        await press(pilot, "f")
        assert "still to answer: [@click=app.quit]v[/], [b]w[/b]," in screen_text(app)
        await pilot.click(RatingList, offset=(4, 0))
        await pilot.pause()
        assert app.is_running
        assert saved(app, path).values[0].dealbreaker == ["ana"]


def burst(app: VpTuiApp, keys: Iterable[str]) -> None:
    """Keys arriving all at once (a fast typist, a paste-like burst over a slow link)."""
    for key in keys:
        character = {"enter": "\r"}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def test_keys_arriving_in_a_burst_each_do_their_part(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated", "values"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        burst(app, [*"Capital", "enter", *"Time", "enter"])
        await pilot.pause()
        assert saved(app, path).contribution_of("ana").brings == ["Capital", "Time"]  # type: ignore[union-attr]
        await press(pilot, "ctrl+s", "f")
        # Ben's list, then rating
        await press(pilot, "enter", "x", "enter", "ctrl+s", "f", "enter")
        assert isinstance(app.screen, ContributionTurnScreen)
        burst(app, ["7", "t"])
        await pilot.pause()
        session = saved(app, path)
    assert [c.ratings for c in session.contributions] == [{"ana": 7}, {"ana": 10}]


async def test_a_failed_save_is_said_at_once_and_the_rating_is_kept(
    sessions_dir: Path, make_app: Callable[..., VpTuiApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vp_tui.storage.errors import SessionFileError
    from vp_tui.storage.writer import SessionFile

    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()

        def disk_full(self: SessionFile, text: str) -> None:
            raise SessionFileError(str(self.path), "cannot save: No space left on device")

        monkeypatch.setattr(SessionFile, "save_text", disk_full)
        await pilot.press("7")
        assert app.live is not None
        app.live.flush()
        await pilot.pause()
        await pilot.pause()
        titles = [n.title for n in app._notifications]
        assert "Saving failed" in titles
        first = app.live.session.benefits[0]
        assert first.ratings[app.live.session.partner_ids[0]] == 7

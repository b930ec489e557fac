"""Whole sessions driven by keys, from the home screen to finish, as a facilitator runs them.

Each partner rates different values, with a dealbreaker and a deal answer other than
"even", so that the verdicts are not trivially aligned. What the equality view shows is
read from its widgets and compared with ``vp-tui report --format json`` of the saved file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.conftest import screen_strips, screen_text
from tests.flows.conftest import write_session
from vp_tui.model import changes
from vp_tui.model.flow import ROUND_TITLES, ROUNDS, Round, Turn, finished_turns
from vp_tui.model.history import history_disagreements
from vp_tui.model.scoring import Verdict, equality_view
from vp_tui.model.session import Session
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.action import ActionScreen
from vp_tui.ui.screens.anticipated_turn import AnticipatedTurnScreen
from vp_tui.ui.screens.brings_turn import BringsTurnScreen
from vp_tui.ui.screens.contribution_turn import ContributionTurnScreen
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.next_review import NextReviewScreen
from vp_tui.ui.screens.note import NoteScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.screens.review import ReviewScreen
from vp_tui.ui.screens.setup import SetupScreen
from vp_tui.ui.screens.values_turn import ValuesTurnScreen
from vp_tui.ui.widgets.item_list import ItemList
from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.rating_list import RatingList
from vp_tui.ui.widgets.verdict import SYMBOLS, VerdictBadge

MakeApp = Callable[..., VpTuiApp]
S = TypeVar("S")
SIZE = (80, 24)
COMPONENTS = {
    "Anticipated value": "anticipated",
    "Shared values": "values",
    "Contribution": "contribution",
}
"""The summary table's row titles and the report's component keys."""


@dataclass(frozen=True)
class Answers:
    """Everything one partner answers in a session, in the order the screens ask."""

    name: str
    benefits: list[int]
    costs: list[int]
    deal: int
    values: list[int]
    dealbreakers: list[int] = field(default_factory=list)
    """Positions of the values this partner marks as dealbreakers."""
    brings: str = "Time"
    contribution: list[int] = field(default_factory=list)
    """How this partner rates every partner's contribution, in partner order."""


@dataclass(frozen=True)
class Shown:
    """What the equality view showed: the overall verdict, and each component's verdict and gap."""

    overall: str
    components: dict[str, tuple[str, str]]


# Keys ------------------------------------------------------------------------------------


def prose(app: App[Any]) -> str:
    """The words on the screen, lines joined, without the borders of boxes."""
    lines = (line.strip(" │╭╮╰╯─") for line in screen_text(app).splitlines())
    return " ".join(line for line in lines if line)


def rating_key(value: int) -> str:
    """The key that gives a rating: a digit, or t for 10."""
    return "t" if value == 10 else str(value)


def deal_keys(deal: int) -> list[str]:
    """The keys that answer the deal question: → starts at "even", then one step per key."""
    return ["right", *(["right"] * deal if deal > 0 else ["left"] * -deal)]


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one by one (Pilot lets the app settle after each)."""
    await pilot.press(*keys)


async def type_quickly(pilot: Pilot[Any], keys: list[str]) -> None:
    """Keys typed as fast as a practised partner does: all sent, then the app settles.

    Rating keys are handled in turn even when they arrive together (a fast typist, a
    slow link); sending them at once keeps a whole session quick to test.
    """
    for key in keys:
        character = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


async def on_screen(pilot: Pilot[Any], kind: type[S]) -> S:
    """The current screen, once it is one of ``kind`` (waiting a little if need be)."""
    for _ in range(20):
        screen = pilot.app.screen
        if isinstance(screen, kind):
            return screen
        await pilot.pause(0.05)
    raise AssertionError(f"expected {kind.__name__}, on {type(screen).__name__}")


async def hand_off(pilot: Pilot[Any], name: str, what: str) -> None:
    """The hand-off names the partner and the round; the partner presses Enter."""
    await on_screen(pilot, HandoffScreen)
    text = prose(pilot.app)
    assert f"Pass the keyboard to {name} — press Enter when {name} is ready" in text
    assert what in text
    await press(pilot, "enter")


# The flow, step by step ------------------------------------------------------------------


async def set_up(pilot: Pilot[Any], title: str, partners: list[str]) -> None:
    """From home: n, the title, the custom kind, the partners, then start."""
    await on_screen(pilot, HomeScreen)
    await press(pilot, "n")
    screen = await on_screen(pilot, SetupScreen)
    await type_quickly(pilot, list(title))
    # The kind: open the list, go to its last entry (custom), choose it.
    await press(pilot, "tab", "enter", "end", "enter")
    assert screen.query_one("#kind", Select).value == "custom"
    # Enter on the facilitator goes to the partners.
    await press(pilot, "tab")
    await type_quickly(pilot, list("Lynda"))
    await press(pilot, "enter")
    for name in partners:
        await press(pilot, "a")
        await type_quickly(pilot, list(name))
        await press(pilot, "enter")
    assert [
        entry.name for entry in screen.query_one("#partners-list", ItemList).entries
    ] == partners
    await press(pilot, "ctrl+s")


async def finish_turn(pilot: Pilot[Any], key: str = "f") -> None:
    """Finish a turn: the review of the partner's answers, then finish from it."""
    await press(pilot, key)
    await on_screen(pilot, ReviewScreen)
    await press(pilot, "f")


async def take_turn(pilot: Pilot[Any], round_name: Round, answers: Answers) -> None:
    """One partner's turn in one round, by keys, from their hand-off to finish."""
    if round_name == "anticipated":
        await hand_off(pilot, answers.name, "Anticipated value")
        await on_screen(pilot, AnticipatedTurnScreen)
        keys = [rating_key(value) for value in answers.benefits + answers.costs]
        await type_quickly(pilot, [*keys, *deal_keys(answers.deal)])
        await finish_turn(pilot)
    elif round_name == "values":
        await hand_off(pilot, answers.name, "Shared values")
        await on_screen(pilot, ValuesTurnScreen)
        keys = []
        for position, value in enumerate(answers.values):
            if position in answers.dealbreakers:
                keys.append("d")  # on the highlighted value, before rating it
            keys.append(rating_key(value))
        await type_quickly(pilot, keys)
        await finish_turn(pilot)
    elif round_name == "brings":
        await hand_off(pilot, answers.name, "What you bring")
        await on_screen(pilot, BringsTurnScreen)
        await type_quickly(pilot, list(answers.brings))
        await press(pilot, "enter")
        await finish_turn(pilot, "ctrl+s")
    else:
        await hand_off(pilot, answers.name, "Contribution value")
        await on_screen(pilot, ContributionTurnScreen)
        await type_quickly(pilot, [rating_key(value) for value in answers.contribution])
        await finish_turn(pilot)
    assert not isinstance(pilot.app.screen, TurnScreen), screen_text(pilot.app)


def row_texts(screen: EqualityScreen, table_id: str) -> list[list[str]]:
    """The cells of a table as plain text, row by row as shown."""
    table = screen.query_one(f"#{table_id}", ItemTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return [[str(getattr(cell, "plain", cell)) for cell in row] for row in rows]


def verdict_of(label: str) -> str:
    """The verdict a label such as ``▲ AT RISK`` shows, as the report names it."""
    symbol, _, words = label.partition(" ")
    verdict = Verdict(words.lower())
    assert SYMBOLS[verdict] == symbol
    return verdict.value


async def read_equality_view(pilot: Pilot[Any]) -> Shown:
    """The overall verdict and each component's verdict and gap, as the summary shows them."""
    screen = await on_screen(pilot, EqualityScreen)
    text = screen_text(pilot.app)
    overall = screen.query_one("#eq-overall", VerdictBadge).render()
    overall_label = str(overall)
    assert f"Overall: {overall_label}" in text
    components = {}
    for title, verdict, gap, *_ in row_texts(screen, "summary-table"):
        components[COMPONENTS[title]] = (verdict_of(verdict), gap)
        line = next(line for line in text.splitlines() if f"  {title}  " in line)
        assert verdict in line and f" {gap} " in line, line
    return Shown(verdict_of(overall_label), components)


async def note_action_finish(pilot: Pilot[Any], note: str, action: str) -> None:
    """A note (n) and an action (a) on the equality view, then finish (f)."""
    await press(pilot, "n")
    await on_screen(pilot, NoteScreen)
    await type_quickly(pilot, list(note))
    await press(pilot, "ctrl+s")
    await press(pilot, "a")
    screen = await on_screen(pilot, ActionScreen)
    await type_quickly(pilot, list(action))
    assert screen.query_one("#action-text", Input).value == action
    await press(pilot, "enter")
    await on_screen(pilot, EqualityScreen)
    await press(pilot, "f")
    # Finishing asks when to review the partnership again: Enter keeps the date proposed.
    await on_screen(pilot, NextReviewScreen)
    await press(pilot, "enter")


async def run_whole_session(
    pilot: Pilot[Any], title: str, partners: list[Answers], note: str, action: str
) -> Shown:
    """Home → setup → every round and turn → reveal → note, action, finish → home.

    Returns what the equality view showed.
    """
    await set_up(pilot, title, [answers.name for answers in partners])
    for round_name in ROUNDS:
        for answers in partners:
            await take_turn(pilot, round_name, answers)
    await hand_off_reveal(pilot)
    shown = await read_equality_view(pilot)
    await note_action_finish(pilot, note, action)
    return shown


async def back_home(pilot: Pilot[Any]) -> HomeScreen:
    """The home screen, once it has read the sessions folder."""
    screen = await on_screen(pilot, HomeScreen)
    loading = [worker for worker in pilot.app.workers if worker.group == "home-load"]
    if loading:
        await pilot.app.workers.wait_for_complete(loading)
    await pilot.pause()
    return screen


async def hand_off_reveal(pilot: Pilot[Any]) -> None:
    """The facilitator's hand-off before the reveal."""
    await on_screen(pilot, HandoffScreen)
    assert "Pass the keyboard to Lynda — press Enter to reveal" in prose(pilot.app)
    await press(pilot, "enter")


# What the saved file says -----------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m vp_tui ARGS`` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "vp_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def the_saved_file(folder: Path) -> Path:
    """The one session file in the folder."""
    [path] = list(folder.glob("*.toml"))
    return path


def check_saved_session(path: Path, shown: Shown, note: str, action: str) -> Session:
    """The file validates, is complete, and its JSON report says what the view showed."""
    session = read_session(path)
    assert session.phase == "complete"
    assert history_disagreements(session) == []
    validated = run_cli("validate", str(path))
    assert (validated.returncode, validated.stderr) == (0, "")
    assert validated.stdout == f"{path}: ok\n"
    assert [entry.text for entry in session.notes] == [note]
    assert [entry.text for entry in session.actions] == [action]

    reported = run_cli("report", str(path), "--format", "json")
    assert (reported.returncode, reported.stderr) == (0, "")
    report = json.loads(reported.stdout)
    assert report["overall"] == shown.overall
    for component, (verdict, gap) in shown.components.items():
        assert report[component]["verdict"] == verdict, component
        assert f"{report[component]['gap']:.2f}" == gap, component
    return session


def ratings_of(session: Session, partner: str) -> dict[str, list[int | None]]:
    """One partner's ratings in the file, list by list."""
    return {
        list_name: [entry.ratings.get(partner) for entry in session.rated_list(list_name)]
        for list_name in ("benefits", "costs", "values")
    }


def check_answers_saved(session: Session, partners: list[Answers]) -> None:
    """Every partner's answers reached the file as they were typed."""
    ids = session.partner_ids
    assert [partner.name for partner in session.partners] == [a.name for a in partners]
    for pid, answers in zip(ids, partners, strict=True):
        assert ratings_of(session, pid) == {
            "benefits": answers.benefits,
            "costs": answers.costs,
            "values": answers.values,
        }
        assert session.deal[pid] == answers.deal
        marked = [i for i, entry in enumerate(session.values) if pid in entry.dealbreaker]
        assert marked == answers.dealbreakers
        contribution = session.contribution_of(pid)
        assert contribution is not None and contribution.brings == [answers.brings]
        assert [session.contribution_of(other).ratings[pid] for other in ids] == (  # type: ignore[union-attr]
            answers.contribution
        )


# The tests ------------------------------------------------------------------------------

TWO = [
    Answers(
        "Ana",
        benefits=[8, 6, 9, 3, 7],
        costs=[4, 5, 2],
        deal=1,
        values=[9, 7, 10, 5, 3],
        dealbreakers=[0],
        brings="Code",
        contribution=[8, 7],
    ),
    Answers(
        "Ben",
        benefits=[5, 4, 10, 2, 6],
        costs=[7, 3, 6],
        deal=-2,
        values=[6, 7, 8, 1, 4],
        brings="Cash",
        contribution=[6, 7],
    ),
]
"""Ana nets 2.93, Ben 0.07 and answers -2: anticipated at risk (gap 2.87). Honesty is
Ana's dealbreaker with a gap of 3: values out of sync (largest gap 4, Respect).
Balances 1 and 1: contribution aligned. Overall out of sync."""

FOUR = [
    Answers(
        "Ana",
        benefits=[8, 6, 9, 3, 7],
        costs=[4, 5, 2],
        deal=1,
        values=[9, 7, 10, 5, 3],
        brings="Code",
        contribution=[8, 7, 6, 7],
    ),
    Answers(
        "Ben",
        benefits=[5, 4, 10, 2, 6],
        costs=[7, 3, 6],
        deal=0,
        values=[8, 7, 9, 6, 2],
        dealbreakers=[2, 4],
        brings="Cash",
        contribution=[7, 8, 7, 6],
    ),
    Answers(
        "Cy",
        benefits=[7, 7, 6, 5, 4],
        costs=[3, 4, 5],
        deal=-1,
        values=[10, 8, 9, 6, 1],
        brings="Ads",
        contribution=[5, 6, 9, 4],
    ),
    Answers(
        "Dee",
        benefits=[6, 0, 7, 8, 5],
        costs=[2, 6, 4],
        deal=3,
        values=[9, 6, 10, 7, 2],
        brings="Shop",
        contribution=[7, 7, 7, 8],
    ),
]
"""Nets 2.93, 0.07, 1.8, 1.2: gap 2.87, and Dee answers +3: anticipated out of sync.
Values within 2 everywhere but Honesty and Respect (gap 2): aligned, dealbreakers and all.
Balances 1, 1, 4, 1: contribution at risk (gap 4, Cy). Overall out of sync."""


@pytest.mark.parametrize(
    ("partners", "expected"),
    [
        pytest.param(
            TWO,
            Shown(
                "out of sync",
                {
                    "anticipated": ("at risk", "2.87"),
                    "values": ("out of sync", "4.00"),
                    "contribution": ("aligned", "1.00"),
                },
            ),
            id="two-partners",
        ),
        pytest.param(
            FOUR,
            Shown(
                "out of sync",
                {
                    "anticipated": ("out of sync", "2.87"),
                    "values": ("aligned", "2.00"),
                    "contribution": ("at risk", "4.00"),
                },
            ),
            id="four-partners",
        ),
    ],
)
async def test_a_whole_session_by_keys_from_home_to_finish(
    make_app: MakeApp, sessions_dir: Path, partners: list[Answers], expected: Shown
) -> None:
    # Given the home screen of an empty sessions folder
    app = make_app()
    app.animation_level = "none"
    note, action = "Talk it over", "Meet again"
    async with app.run_test(size=SIZE) as pilot:
        # When a facilitator sets up a session, every partner takes every turn by keys,
        # and the facilitator reveals, writes a note and an action, and finishes
        shown = await run_whole_session(pilot, "Whole session", partners, note, action)
        # Then the app is back home, where the session is listed complete with its verdict
        home = await back_home(pilot)
        path = the_saved_file(sessions_dir)
        assert home.highlighted is not None and home.highlighted.path == path
        assert (home.highlighted.phase, home.highlighted.verdict) == ("complete", shown.overall)
        assert any(f"vp-tui report {path}" in toast.message for toast in app._notifications)
    # And the equality view showed the verdicts the answers call for
    assert shown == expected
    # And the file validates, is complete, and its JSON report says what the view showed
    session = check_saved_session(path, shown, note, action)
    # And it holds every answer as it was typed
    check_answers_saved(session, partners)


# Privacy -------------------------------------------------------------------------------


def finish_rounds(path: Path, rounds: Sequence[Round]) -> None:
    """Finish the given rounds for every partner in the file (all 5s, deal 0, one entry)."""
    session = read_session(path)
    for round_name in rounds:
        for partner in session.partner_ids:
            if round_name == "anticipated":
                for list_name in ("benefits", "costs"):
                    for entry in session.rated_list(list_name):
                        changes.rate(session, partner, f"{list_name}/{entry.item}", 5)
                changes.rate(session, partner, "deal", 0)
            elif round_name == "values":
                for entry in session.values:
                    changes.rate(session, partner, f"values/{entry.item}", 5)
            elif round_name == "brings":
                changes.set_brings(session, partner, [f"Skills of {partner}"])
            changes.finish_turn(session, partner, round_name)
    save_session(session, path)


def rendered(app: App[Any]) -> list[list[tuple[str, str]]]:
    """The whole screen as drawn: every line's runs of text with their styles."""
    strips = screen_strips(app.screen)
    return [[(segment.text, str(segment.style)) for segment in strip] for strip in strips]


PRIVATE_ANSWERS: dict[Round, tuple[list[str], list[str]]] = {
    "anticipated": ([*["9"] * 8, *deal_keys(3)], ["2"] * 8 + deal_keys(-3)),
    "values": (["d", "9", "t", "d", "9", "9", "9"], ["1"] * 5),
    "contribution": (["t", "0"], ["3", "7"]),
}
"""For each round, two quite different sets of keys for Ana's turn."""


async def what_ben_sees(
    make_app: MakeApp, path: Path, round_name: Round, anas_keys: list[str]
) -> list[list[list[tuple[str, str]]]]:
    """Ana takes her turn with these keys; then Ben's hand-off and Ben's turn, as drawn.

    The turn screen is captured at its top and once scrolled to its end; the whole
    rating list is read too, since at 80×24 it may not fit.
    """
    app = make_app("open", path)
    app.animation_level = "none"
    seen = []
    async with app.run_test(size=SIZE) as pilot:
        await hand_off(pilot, "Ana", ROUND_TITLES[round_name])
        await press(pilot, *anas_keys)
        await finish_turn(pilot)
        # Ben's hand-off
        await on_screen(pilot, HandoffScreen)
        assert "Pass the keyboard to Ben" in prose(app)
        seen.append(rendered(app))
        await press(pilot, "enter")
        # Ben's turn, at its top, its whole list, and at its end
        screen = await on_screen(pilot, TurnScreen)
        assert f"{ROUND_TITLES[round_name]} · Ben, partner 2 of 2 ·" in screen_text(app)
        seen.append(rendered(app))
        shown_list = screen.query_one(RatingList).plain_lines()
        assert not any("[" in line or "dealbreaker" in line for line in shown_list)
        seen.append([[(line, "")] for line in shown_list])
        await press(pilot, "end")
        seen.append(rendered(app))
        await press(pilot, "escape")
    return seen


@pytest.mark.parametrize("round_name", ["anticipated", "values", "contribution"])
async def test_the_next_partner_sees_nothing_of_the_previous_partners_answers(
    make_app: MakeApp, sessions_dir: Path, tmp_path: Path, round_name: Round
) -> None:
    # Given the same session twice, at the same round
    earlier = ROUNDS[: ROUNDS.index(round_name)]
    paths = []
    for folder in (sessions_dir, tmp_path / "other"):
        folder.mkdir(exist_ok=True)
        path = write_session(folder, kind="custom")
        finish_rounds(path, earlier)
        paths.append(path)
    # When Ana answers very differently in each (distinctive values, a dealbreaker or not)
    first_keys, second_keys = PRIVATE_ANSWERS[round_name]
    first = await what_ben_sees(make_app, paths[0], round_name, first_keys)
    second = await what_ben_sees(make_app, paths[1], round_name, second_keys)
    # Then Ana's turn was finished in both, with answers that differ
    saved = [read_session(path) for path in paths]
    assert all(Turn(round_name, "ana") in finished_turns(session) for session in saved)
    assert equality_view(saved[0]) != equality_view(saved[1])
    # And Ben's hand-off and turn screens are the same to the character and the colour:
    # nothing on them depends on what Ana answered
    assert first == second

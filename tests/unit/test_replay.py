"""Replay: every step rebuilt from the history; stepping either way agrees with the pure function."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import BROKEN, DATA, EXAMPLES
from vp_tui.model.changes import add_action, add_note, rate, record_presence, set_phase
from vp_tui.model.history import table_ratings
from vp_tui.model.replay import ReplayCursor, ReplayState, replay_steps, state_at
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import read_session

FILES = sorted(
    path for path in [*DATA.rglob("*.toml"), *EXAMPLES.glob("*.toml")] if BROKEN not in path.parents
)


def tables(session: Session) -> dict[str, object]:
    """Everything a replay must give back: ratings, marks, lists, notes, actions, phase."""
    return {
        "ratings": table_ratings(session),
        "dealbreakers": {value.item: sorted(value.dealbreaker) for value in session.values},
        "brings": {c.partner: c.brings for c in session.contributions if c.brings},
        "notes": [note.model_dump() for note in session.notes],
        "actions": [action.model_dump() for action in session.actions],
        "phase": session.phase,
    }


def same(left: ReplayState, right: ReplayState) -> bool:
    return tables(left.session) == tables(right.session) and left.present == right.present


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_replaying_to_the_end_gives_the_saved_tables(path: Path) -> None:
    session = read_session(path)
    steps = replay_steps(session)
    assert tables(state_at(session, len(steps) - 1).session) == tables(session)
    cursor = ReplayCursor(session)
    cursor.move_to(cursor.last)
    assert tables(cursor.state().session) == tables(session)


def test_the_examples_replay_their_history_without_a_hand_edit_step() -> None:
    for path in EXAMPLES.glob("*.toml"):
        session = read_session(path)
        steps = replay_steps(session)
        assert len(steps) == len(session.events) + 1, path.name
        assert [step.kind for step in steps[1:]] == ["event"] * len(session.events)


def test_the_first_step_has_the_partners_and_items_but_nothing_rated() -> None:
    session = read_session(EXAMPLES / "2026-11-02-ana-ben-online-course.toml")
    start = state_at(session, 0).session
    assert [p.id for p in start.partners] == [p.id for p in session.partners]
    assert [v.item for v in start.values] == [v.item for v in session.values]
    assert table_ratings(start) == {} and start.notes == [] and start.phase == "setup"


def session_with_history() -> Session:
    session = new_session(
        builtin_templates()["business"],
        title="Replay test",
        partners=[("ana", "Ana"), ("ben", "Ben")],
        facilitator="Lynda",
        created=read_session(EXAMPLES / "2026-11-02-ana-ben-online-course.toml").created,
    )
    at = session.created
    record_presence(session, "ana", at=at)
    set_phase(session, "rating", at=at + timedelta(seconds=1))
    honesty = f"values/{session.values[0].item}"
    rate(session, "ana", honesty, 9, at=at + timedelta(seconds=2))
    rate(session, "ben", honesty, 4, at=at + timedelta(seconds=3))
    rate(session, "ana", honesty, 7, at=at + timedelta(seconds=4))  # changed her mind
    rate(session, "ana", "deal", -1, at=at + timedelta(seconds=5))
    set_phase(session, "reveal", at=at + timedelta(seconds=6))
    add_note(session, "values", "Talk about it", item=session.values[0].item, at=at)
    add_action(session, "Write it down", owner="ben", at=at)
    record_presence(session, "ana", "leave", at=at)
    return session


def test_each_step_shows_the_state_after_that_event() -> None:
    session = session_with_history()
    item = session.values[0].item
    says = [step.says for step in replay_steps(session)]
    assert says[1] == "Ana joined"
    assert says[3] == f"Ana rated the value “{item}”: 9"
    assert says[6] == "Ana answered the deal question: -1 (my partner gets a slightly better deal)"
    assert says[9] == "Lynda recorded an action for Ben: Write it down"
    ratings = [state_at(session, n).session.values[0].ratings for n in range(2, 6)]
    assert ratings == [{}, {"ana": 9}, {"ana": 9, "ben": 4}, {"ana": 7, "ben": 4}]
    assert state_at(session, 1).present == {"ana"}
    assert state_at(session, 10).present == frozenset()
    assert [note.text for note in state_at(session, 8).session.notes] == ["Talk about it"]
    assert state_at(session, 7).session.notes == []


def test_jump_to_the_reveal() -> None:
    session = session_with_history()
    cursor = ReplayCursor(session)
    assert cursor.reveal_step() == 7
    cursor.move_to(cursor.reveal_step())
    assert cursor.state().session.phase == "reveal"


def test_a_file_without_history_replays_as_its_saved_state_in_one_step() -> None:
    session = read_session(DATA / "good" / "worked-example.toml")
    assert not session.events
    steps = replay_steps(session)
    assert len(steps) == 1
    assert tables(state_at(session, 0).session) == tables(session)
    cursor = ReplayCursor(session)
    assert cursor.last == 0 and tables(cursor.state().session) == tables(session)


def test_a_hand_edit_replays_the_history_then_shows_the_difference() -> None:
    session = session_with_history()
    session.values[0].ratings["ben"] = 10  # edited by hand: the history says 4
    steps = replay_steps(session)
    assert steps[-1].kind == "edited" and len(steps) == len(session.events) + 2
    assert "edited by hand" in steps[-1].says.lower()
    before = state_at(session, len(steps) - 2).session
    after = state_at(session, len(steps) - 1).session
    assert before.values[0].ratings["ben"] == 4 and after.values[0].ratings["ben"] == 10


def test_replaying_never_changes_the_session() -> None:
    session = session_with_history()
    before = session.model_dump()
    cursor = ReplayCursor(session)
    cursor.move_to(cursor.last)
    cursor.move_to(3)
    state_at(session, 5)
    assert session.model_dump() == before


MOVES = st.lists(st.integers(min_value=-5, max_value=200), min_size=1, max_size=25)
EXAMPLE_SESSIONS = [read_session(path) for path in sorted(EXAMPLES.glob("*.toml"))]


@settings(max_examples=60, deadline=None)
@given(
    which=st.integers(min_value=0, max_value=len(EXAMPLE_SESSIONS)),
    moves=MOVES,
    edited=st.booleans(),
)
def test_stepping_in_any_order_gives_the_state_replayed_from_the_start(
    which: int, moves: list[int], edited: bool
) -> None:
    session = (
        EXAMPLE_SESSIONS[which] if which < len(EXAMPLE_SESSIONS) else session_with_history()
    ).model_copy(deep=True)
    if edited and session.values:
        session.values[-1].dealbreaker = [session.partners[0].id]
    cursor = ReplayCursor(session)
    for move in moves:
        if move < 0:  # a few steps back from where it is
            cursor.move_to(cursor.number + move)
        else:
            cursor.move_to(move % (cursor.last + 1))
        assert same(cursor.state(), state_at(session, cursor.number))


RATINGS = st.lists(
    st.tuples(
        st.sampled_from(["ana", "ben"]),
        st.integers(min_value=0, max_value=2),
        st.integers(min_value=0, max_value=10),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(ratings=RATINGS, moves=MOVES)
def test_stepping_through_changed_ratings_agrees_with_replaying_from_the_start(
    ratings: list[tuple[str, int, int]], moves: list[int]
) -> None:
    session = session_with_history()
    for rater, index, value in ratings:  # the same few items rated again and again
        rate(session, rater, f"values/{session.values[index].item}", value, at=session.created)
        rate(session, rater, "deal", value % 7 - 3, at=session.created)
    cursor = ReplayCursor(session)
    for move in moves:
        cursor.move_to(cursor.number + move if move < 0 else move % (cursor.last + 1))
        assert same(cursor.state(), state_at(session, cursor.number))

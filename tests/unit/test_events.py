"""One vocabulary, one reducer: any sequence of changes made live, saved, loaded and replayed
gives the same tables at every step, each event's undo restores the state before it, and
``validate`` finds nothing to warn about in a file the app wrote (STYLE.md habit 12)."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vp_tui.live.session import LiveSession
from vp_tui.model.changes import ChangeError
from vp_tui.model.events import Brings, Rate, typed
from vp_tui.model.flow import Turn, missing_in_turn
from vp_tui.model.history import gives_ids, history_disagreements, start_of, table_ratings
from vp_tui.model.reducer import HistoryIndex, Tables, apply, history_index
from vp_tui.model.replay import ReplayCursor, replay_steps, state_at
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import parse_session, session_to_toml

AT = datetime(2026, 11, 27, 10, tzinfo=UTC)
PARTNERS = ["ana", "ben", "cy"]


def fresh() -> Session:
    template = builtin_templates()["business"]
    session = new_session(
        template, title="Three of us", partners=[(p, p.title()) for p in PARTNERS], created=AT
    )
    # A few items are enough, and keep the turns finishable.
    session.benefits, session.costs, session.values = (
        session.benefits[:2],
        session.costs[:1],
        session.values[:2],
    )
    return session


def tables(session: Session) -> dict[str, Any]:
    """What the history must give: ratings, marks, lists, notes and actions (ids included)."""
    return {
        "ratings": table_ratings(session),
        "dealbreakers": {value.item: sorted(value.dealbreaker) for value in session.values},
        "meanings": {value.item: dict(value.meaning) for value in session.values},
        "statement": session.statement.model_dump() if session.statement else None,
        "decision": session.decision.model_dump() if session.decision else None,
        "next_review": session.next_review,
        "brings": {c.partner: list(c.brings) for c in session.contributions if c.brings},
        "notes": [note.model_dump() for note in session.notes],
        "actions": [action.model_dump() for action in session.actions],
        "phase": session.phase,
    }


def index_of(index: HistoryIndex) -> tuple[object, ...]:
    return (set(index.finished), dict(index.opened), index.revealed_at, set(index.present))


# Texts a person might type, with what a careless format would split or break on.
TEXT = st.text(
    alphabet=st.sampled_from(list("ab R&D;,'\"\n\\#=[]{}é👩")), min_size=0, max_size=12
).filter(lambda text: bool(text.strip()) or text == "")
ITEM = st.one_of(st.sampled_from(["R&D; testing", "Money", 'The "network"', "a, b"]), TEXT)
WHO = st.sampled_from(PARTNERS)
ROUND = st.sampled_from(["anticipated", "values", "brings", "contribution"])
NOTE_ID = st.sampled_from(["n1", "n1", "n1", "n2", "n3", "zz"])
ACTION_ID = st.sampled_from(["a1", "a1", "a1", "a2", "a3", "zz"])
OWNER = st.sampled_from([None, "ana", "facilitator", "everyone", "nobody-known"])
DUE = st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2027, 12, 31)))

RECORDS = st.one_of(
    st.tuples(st.just("note-edit"), NOTE_ID, TEXT),
    st.tuples(st.just("note-delete"), NOTE_ID),
    st.tuples(
        st.just("action-edit"),
        ACTION_ID,
        st.one_of(st.none(), TEXT),
        OWNER,
        DUE,
        st.sampled_from([None, "open", "done", "dropped", "later"]),
    ),
    st.tuples(st.just("reopen"), WHO, ROUND),
)
"""The changes that need an earlier one (a note, an action, a finished turn): drawn more often."""

COMMANDS = st.one_of(
    RECORDS,
    RECORDS,
    st.tuples(st.just("rate"), WHO, st.integers(0, 6), st.integers(-1, 10)),
    st.tuples(st.just("turn"), WHO, ROUND, st.integers(0, 3)),
    st.tuples(st.just("brings"), WHO, st.lists(ITEM, max_size=3)),
    st.tuples(st.just("dealbreaker"), WHO, st.integers(0, 1), st.booleans()),
    st.tuples(st.just("note"), st.sampled_from(["general", "values", "odd"]), TEXT),
    st.tuples(st.just("note-edit"), NOTE_ID, TEXT),
    st.tuples(st.just("note-delete"), NOTE_ID),
    st.tuples(st.just("action"), TEXT, OWNER, DUE),
    st.tuples(
        st.just("action-edit"),
        ACTION_ID,
        st.one_of(st.none(), TEXT),
        OWNER,
        DUE,
        st.sampled_from([None, "open", "done", "dropped", "later"]),
    ),
    st.tuples(st.just("action-delete"), ACTION_ID),
    st.tuples(st.just("done"), WHO, ROUND),
    st.tuples(st.just("reopen"), WHO, ROUND),
    st.tuples(st.just("round"), ROUND),
    st.tuples(st.just("phase"), st.sampled_from(["setup", "rating", "reveal", "complete"])),
    st.tuples(st.just("presence"), WHO, st.sampled_from(["join", "leave"])),
    st.tuples(st.just("meaning"), WHO, st.integers(0, 1), st.one_of(st.none(), TEXT)),
    st.tuples(
        st.just("statement"),
        st.sampled_from(["anticipated", "values", "contribution", "odd"]),
        st.one_of(st.none(), TEXT),
    ),
    st.tuples(
        st.just("decision"),
        st.sampled_from([None, "go", "no-go", "go-with-conditions", "maybe"]),
        st.one_of(st.none(), TEXT),
    ),
    st.tuples(st.just("next-review"), st.one_of(st.none(), DUE)),
)


def targets(session: Session) -> list[str]:
    return [
        *(f"benefits/{e.item}" for e in session.benefits),
        *(f"costs/{e.item}" for e in session.costs),
        *(f"values/{e.item}" for e in session.values),
        "deal",
        *(f"contributions/{p}" for p in PARTNERS),
    ]


def run(live: LiveSession, command: tuple[Any, ...]) -> None:
    """One command as a screen would give it to the live session."""
    session = live.session
    match command:
        case ("rate", who, which, value):
            live.rate(who, targets(session)[which], value)
        case ("turn", who, round_name, value):  # a whole turn, as a partner takes it
            if round_name == "brings":
                live.set_brings(who, ["Time; money", "Contacts"])
            for target in missing_in_turn(session, Turn(round_name, who)):
                live.rate(who, target, value - 3 if target == "deal" else value)
            live.finish_turn(who, round_name)
        case ("brings", who, items):
            live.set_brings(who, items)
        case ("dealbreaker", who, which, marked):
            live.set_dealbreaker(who, session.values[which].item, marked)
        case ("note", component, text):
            live.add_note(component, text)
        case ("note-edit", note_id, text):
            live.edit_note(note_id, text)
        case ("note-delete", note_id):
            live.delete_note(note_id)
        case ("action", text, owner, due):
            live.add_action(text, owner, due=due)
        case ("action-edit", action_id, text, owner, due, status):
            live.edit_action(action_id, text=text, owner=owner, due=due, status=status)
        case ("action-delete", action_id):
            live.delete_action(action_id)
        case ("done", who, round_name):
            live.finish_turn(who, round_name)
        case ("reopen", who, round_name):
            live.reopen_turn(who, round_name)
        case ("round", round_name):
            live.open_round(round_name)
        case ("phase", phase):
            live.set_phase(phase)
        case ("presence", who, kind):
            live.record_presence(who, kind)
        case ("meaning", who, which, text):
            live.set_meaning(who, session.values[which].item, text)
        case ("statement", part, text):
            live.set_statement(part, text)
        case ("decision", outcome, reason):
            live.set_decision(outcome, reason)
        case ("next-review", day):
            live.set_next_review(day)


EVERY_KIND: list[tuple[Any, ...]] = [
    ("presence", "ana", "join"),
    ("phase", "rating"),
    ("round", "anticipated"),
    ("turn", "ana", "anticipated", 2),
    ("turn", "ben", "anticipated", 3),
    ("reopen", "ana", "anticipated"),
    ("rate", "ana", 0, 9),
    ("turn", "ana", "anticipated", 1),
    ("brings", "cy", ["R&D; testing", "Money", 'The "network", with "quotes"']),
    ("dealbreaker", "ben", 1, True),
    ("dealbreaker", "ben", 1, False),
    ("dealbreaker", "ana", 0, True),
    ("turn", "cy", "brings", 0),
    ("meaning", "ana", 0, 'A reply within a day; "always"'),
    ("meaning", "ben", 0, "A reply within a week"),
    ("meaning", "ana", 0, None),
    ("meaning", "ana", 1, "Say so"),
    ("phase", "reveal"),
    ("statement", "values", "We answer every customer within one working day."),
    ("statement", "anticipated", "A fair income for fair work."),
    ("statement", "values", None),
    ("decision", "go-with-conditions", "Only once the policy\nis written."),
    ("decision", "no-go", None),
    ("decision", None, None),
    ("decision", "go", "Agreed."),
    ("next-review", date(2027, 6, 1)),
    ("next-review", None),
    ("next-review", date(2027, 5, 1)),
    ("note", "general", 'Two lines;\nwith "quotes", commas'),
    ("note", "values", "Another"),
    ("note-edit", "n1", "Changed; again"),
    ("note-delete", "n1"),
    ("note", "general", "A third"),
    ("action", "Call the bank", "ana", date(2026, 12, 15)),
    ("action", "Write it down", None, None),
    ("action-edit", "a1", "Call the bank, twice", "everyone", None, "done"),
    ("action-edit", "a2", None, "facilitator", date(2027, 1, 2), "dropped"),
    ("action-delete", "a1"),
    ("presence", "ana", "leave"),
    ("phase", "complete"),
]


def test_every_kind_made_live_saves_loads_and_replays_the_same() -> None:
    check_live_saved_loaded_replayed(EVERY_KIND, refused_allowed=False)
    check_undo(EVERY_KIND)


@settings(max_examples=120, deadline=None)
@given(commands=st.lists(COMMANDS, min_size=5, max_size=40))
def test_live_saved_loaded_and_replayed_agree_at_every_step(
    commands: list[tuple[Any, ...]],
) -> None:
    check_live_saved_loaded_replayed(commands)


def check_live_saved_loaded_replayed(
    commands: list[tuple[Any, ...]], *, refused_allowed: bool = True
) -> None:
    moments = iter(AT + timedelta(seconds=n) for n in range(1000))
    live = LiveSession(fresh(), clock=lambda: next(moments))
    after: dict[int, tuple[dict[str, Any], tuple[object, ...]]] = {}
    for command in commands:
        before = (tables(live.session), len(live.session.events))
        try:
            run(live, command)
        except ChangeError:
            assert refused_allowed, command
            # A refused change leaves the session as it was and logs nothing.
            assert (tables(live.session), len(live.session.events)) == before
        after[len(live.session.events)] = (
            tables(live.session),
            index_of(history_index(live.session)),
        )

    loaded = parse_session(session_to_toml(live.session))
    assert tables(loaded) == tables(live.session)
    assert history_disagreements(loaded) == []
    steps = replay_steps(loaded)
    assert all(step.kind != "edited" for step in steps[1:])

    # Any prefix replayed equals the live state after that prefix (and the cursor agrees).
    cursor = ReplayCursor(loaded)
    for count, (live_tables, live_index) in sorted(after.items(), reverse=True):
        cursor.move_to(count)
        assert tables(state_at(loaded, count).session) == live_tables
        assert tables(cursor.state().session) == live_tables
        if count:
            assert (
                index_of(history_index(loaded.model_copy(update={"events": loaded.events[:count]})))
                == live_index
            )


@settings(max_examples=60, deadline=None)
@given(commands=st.lists(COMMANDS, min_size=5, max_size=40))
def test_the_undo_of_every_event_restores_the_state_before_it(
    commands: list[tuple[Any, ...]],
) -> None:
    check_undo(commands)


def check_undo(commands: list[tuple[Any, ...]]) -> None:
    moments = iter(AT + timedelta(seconds=n) for n in range(1000))
    live = LiveSession(fresh(), clock=lambda: next(moments))
    for command in commands:
        with contextlib.suppress(ChangeError):
            run(live, command)
    saved = live.session
    index = HistoryIndex()
    replaying = Tables(start_of(saved), numbered=gives_ids(saved), index=index)
    for event in saved.events:
        change = typed(event)
        assert change.event() == event  # read and written back, the same event
        before = (tables(replaying.session), index_of(index))
        undo = apply(replaying, change)
        undo()
        assert (tables(replaying.session), index_of(index)) == before
        apply(replaying, change)
    assert tables(replaying.session) == tables(saved)


def test_a_list_with_semicolons_survives_save_load_and_replay_as_two_items() -> None:
    live = LiveSession(fresh(), clock=lambda: AT)
    live.set_brings("ana", ["R&D; testing", "Money"])
    text = session_to_toml(live.session)
    loaded = parse_session(text)
    assert loaded.contribution_of("ana").brings == ["R&D; testing", "Money"]  # type: ignore[union-attr]
    assert typed(loaded.events[-1]) == Brings(AT, "ana", ("R&D; testing", "Money"))
    steps = replay_steps(loaded)
    assert not any("Edited by hand" in step.says for step in steps)
    cursor = ReplayCursor(loaded)
    cursor.move_to(cursor.last)
    assert cursor.state().session.contribution_of("ana").brings == ["R&D; testing", "Money"]  # type: ignore[union-attr]


def test_unknown_kinds_are_kept_shown_as_they_are_and_change_nothing() -> None:
    session = fresh()
    text = session_to_toml(session) + (
        '\n[[events]]\nat = 2026-11-27T10:05:12Z\nactor = "facilitator"\nkind = "coffee"\n'
        'target = "kitchen"\nvalue = 2\n'
    )
    loaded = parse_session(text)
    change = typed(loaded.events[0])
    assert change.event() == loaded.events[0]
    assert replay_steps(loaded)[1].says == "The facilitator coffee kitchen 2"
    assert tables(state_at(loaded, 1).session) == tables(start_of(loaded))
    assert session_to_toml(loaded) == text


def test_a_rating_the_history_gives_for_an_item_the_tables_lack_is_a_hand_edit() -> None:
    session = fresh()
    LiveSession(session, clock=lambda: AT).rate("ana", f"values/{session.values[0].item}", 7)
    renamed = session.model_copy(deep=True)
    renamed.values[0].item = "Renamed by hand"
    assert isinstance(typed(renamed.events[0]), Rate)
    assert history_disagreements(renamed) == [
        "values/Renamed by hand by ana is 7 in the tables but never rated",
        f"values/{session.values[0].item} by ana was rated 7 but is not in the tables",
    ]
    assert replay_steps(renamed)[-1].kind == "edited"

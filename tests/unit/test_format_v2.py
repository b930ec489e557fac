"""Format version 2: its fields, how version 1 files become version 2, and the history of
notes, actions, lists of what partners bring and reopened turns (docs/format.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import GOOD
from vp_tui.model import changes
from vp_tui.model.changes import ChangeError
from vp_tui.model.flow import Turn, all_turns, finished_turns, next_turn
from vp_tui.model.replay import ReplayCursor, replay_steps, state_at
from vp_tui.model.scoring import equality_view
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import parse_session, read_session
from vp_tui.storage.save import save_session, session_to_toml

V1 = GOOD / "worked-example.toml"
V2 = GOOD / "version-2.toml"
V1_WITH_HISTORY = """\
format = "vp-tui/session"
version = 1
title = "Notes of an older file"
kind = "business"
created = 2026-11-27T10:00:00Z
phase = "reveal"

[[partners]]
id = "ana"
name = "Ana"

[[partners]]
id = "ben"
name = "Ben"

[[notes]]
component = "general"
text = "First"

[[actions]]
text = "Call the bank"
owner = "ben"

[[events]]
at = 2026-11-27T10:01:00Z
actor = "facilitator"
kind = "phase"
value = "reveal"

[[events]]
at = 2026-11-27T10:02:00Z
actor = "facilitator"
kind = "note"
target = "general"
value = "First"

[[events]]
at = 2026-11-27T10:03:00Z
actor = "facilitator"
kind = "action"
target = "ben"
value = "Call the bank"
"""


def three_partners() -> Session:
    session = new_session(
        builtin_templates()["business"],
        title="Three of us",
        partners=[("ana", "Ana"), ("ben", "Ben"), ("cy", "Cy")],
    )
    changes.set_phase(session, "rating")
    return session


def last_step_is_the_file(session: Session) -> bool:
    """Replaying the saved history gives the saved notes, actions and lists, ids included
    (and no "edited by hand" step)."""
    saved = parse_session(session_to_toml(session))
    steps = replay_steps(saved)
    replayed = state_at(saved, len(steps) - 1).session

    def tables(of: Session) -> object:
        return (
            [note.model_dump() for note in of.notes],
            [action.model_dump() for action in of.actions],
            {c.partner: c.brings for c in of.contributions if c.brings},
            of.phase,
        )

    return steps[-1].kind != "edited" and tables(replayed) == tables(saved)


def test_a_version_2_file_with_every_field_reads_and_writes_back_the_same() -> None:
    session = read_session(V2)
    assert session.version == 2
    assert session.stage == "current"
    assert session.next_review == date(2027, 3, 1)
    assert session.order == "by-partner"
    assert session.thresholds.values_band == (1.0, 3.0)
    assert session.timebox is not None and session.timebox.minutes("values") == 8
    assert session.values[0].meaning["ben"] == "a reply within a week"
    assert session.actions[0].due == date(2026, 12, 15)
    assert session.actions[1].owner == "facilitator" and session.actions[1].status == "done"
    assert parse_session(session_to_toml(session)) == session


def test_a_version_1_file_reads_unchanged_and_becomes_version_2_only_when_a_change_is_saved(
    tmp_path: Path,
) -> None:
    path = tmp_path / "session.toml"
    path.write_bytes(V1.read_bytes())
    before = path.read_bytes()
    session = read_session(path)
    assert session.version == 1
    assert session.thresholds.values_band == (2.0, 4.0)
    assert session.thresholds.present_at == 5.0
    assert path.read_bytes() == before

    changes.add_note(session, "general", "We meet again in March.")
    save_session(session, path)
    text = path.read_text(encoding="utf-8")
    assert "version = 2\n" in text
    again = read_session(path)
    assert again.version == 2
    # Nothing else changed meaning: the same verdicts, and version 2 only adds.
    assert equality_view(again).overall == equality_view(read_session(V1)).overall
    assert "values_aligned" not in text


def test_a_version_3_file_is_refused_saying_which_versions_this_program_reads() -> None:
    text = V2.read_text(encoding="utf-8").replace("version = 2", "version = 3", 1)
    with pytest.raises(Exception, match=r"version 3.*versions 1 to 2"):
        parse_session(text, "newer.toml")


def test_what_a_partner_brings_comes_back_as_listed_even_with_semicolons() -> None:
    session = three_partners()
    brings = ["R&D; testing", "Sales"]
    changes.set_brings(session, "ana", brings)
    assert session.events[-1].value == brings
    saved = parse_session(session_to_toml(session))
    assert saved.contribution_of("ana").brings == brings  # type: ignore[union-attr]
    cursor = ReplayCursor(saved)
    cursor.move_to(cursor.last)
    assert cursor.step.kind != "edited"
    assert cursor.state().session.contribution_of("ana").brings == brings  # type: ignore[union-attr]


def test_a_version_1_brings_event_is_still_split_as_before() -> None:
    text = V1.read_text(encoding="utf-8") + (
        '\n[[events]]\nat = 2026-11-27T10:05:12Z\nactor = "ben"\nkind = "brings"\n'
        'target = "contributions/ben"\nvalue = "Marketing"\n'
    )
    session = parse_session(text)
    cursor = ReplayCursor(session)
    cursor.move_to(1)
    assert cursor.state().session.contribution_of("ben").brings == ["Marketing"]  # type: ignore[union-attr]


def test_notes_are_added_edited_and_deleted_by_id_and_replay_agrees() -> None:
    session = three_partners()
    first = changes.add_note(session, "values", "Speed of reply", item="Honesty")
    second = changes.add_note(session, "general", "Meet in March")
    assert (first, second) == ("n1", "n2")
    changes.edit_note(session, first, "Speed of reply differs")
    changes.delete_note(session, second)
    third = changes.add_note(session, "general", "Meet in April")
    assert third != first
    assert [(note.id, note.text) for note in session.notes] == [
        ("n1", "Speed of reply differs"),
        (third, "Meet in April"),
    ]
    assert last_step_is_the_file(session)
    with pytest.raises(ChangeError):
        changes.edit_note(session, "n9", "nothing")


def test_actions_have_owners_due_dates_and_a_status_and_replay_agrees() -> None:
    session = three_partners()
    support = changes.add_action(session, "Write the support policy", owner="ben")
    review = changes.add_action(
        session, "Book the Q1 review", owner="facilitator", due=date(2027, 1, 15)
    )
    changes.add_action(session, "Read the contract", owner="everyone")
    changes.edit_action(session, support, status="done", due=date(2026, 12, 20))
    changes.edit_action(session, review, text="Book the Q1 review in Lisbon", owner=None)
    changes.edit_action(session, review, status="dropped")
    assert session.actions[0].status == "done"
    assert session.actions[1].owner is None and session.actions[1].status == "dropped"
    assert session.actions[2].owner == "everyone"
    assert last_step_is_the_file(session)
    with pytest.raises(ChangeError, match="unknown owner"):
        changes.add_action(session, "Someone else", owner="zoe")
    with pytest.raises(ChangeError, match="status"):
        changes.edit_action(session, support, status="later")
    changes.delete_action(session, support)
    assert [action.id for action in session.actions] == ["a2", "a3"]
    assert last_step_is_the_file(session)


def test_the_notes_of_a_version_1_file_can_be_edited_and_replay_still_agrees() -> None:
    session = parse_session(V1_WITH_HISTORY)
    assert session.version == 1 and last_step_is_the_file(session)
    assert session.notes and all(note.id is None for note in session.notes)
    added = changes.add_note(session, "general", "A note of today")
    assert added == f"n{len(session.notes)}"
    changes.edit_note(session, "n1", "The first note, changed")
    changes.edit_action(session, "a1", status="done")
    assert session.notes[0].text == "The first note, changed"
    assert session.actions[0].status == "done"
    assert last_step_is_the_file(session)


def test_text_with_invisible_formatting_characters_is_refused() -> None:
    session = three_partners()
    for disguise in ("\u202e", "\u2066", "\u200b", "\u2060", "\ufeff", "\u00ad"):
        with pytest.raises(ChangeError, match="invisible"):
            changes.add_note(session, "general", f"pay{disguise}lah")
    # Emoji keep the zero-width joiner and variation selectors they need.
    changes.add_note(session, "general", "Team 👩\u200d👩\u200d👧 ❤\ufe0f")


def test_a_reopened_turn_is_the_next_turn_again_until_it_is_finished() -> None:
    session = three_partners()
    for partner in session.partner_ids:
        for value in session.values:
            changes.rate(session, partner, f"values/{value.item}", 5)
    for partner in session.partner_ids:
        for entry in (*session.benefits, *session.costs):
            listed = "benefits" if entry in session.benefits else "costs"
            changes.rate(session, partner, f"{listed}/{entry.item}", 5)
        changes.rate(session, partner, "deal", 0)
        changes.finish_turn(session, partner, "anticipated")
    assert next_turn(session) == Turn("values", "ana")
    changes.reopen_turn(session, "ben", "anticipated")
    assert Turn("anticipated", "ben") not in finished_turns(session)
    assert next_turn(session) == Turn("anticipated", "ben")
    with pytest.raises(ChangeError, match="not finished"):
        changes.reopen_turn(session, "ben", "values")
    changes.finish_turn(session, "ben", "anticipated")
    assert next_turn(session) == Turn("values", "ana")
    changes.set_phase(session, "reveal")
    with pytest.raises(ChangeError, match="before the reveal"):
        changes.reopen_turn(session, "ana", "anticipated")


def test_partner_by_partner_halves_the_hand_offs_of_three_partners() -> None:
    session = three_partners()

    def hand_offs() -> int:
        turns = all_turns(session)
        return sum(
            1
            for index, turn in enumerate(turns)
            if index == 0 or turns[index - 1].partner != turn.partner
        )

    assert hand_offs() == 12
    session.turn_order = "by-partner"
    assert hand_offs() == 6
    turns = all_turns(session)
    assert turns[:3] == [Turn("anticipated", "ana"), Turn("values", "ana"), Turn("brings", "ana")]
    # Nobody rates the contributions before every partner has listed theirs.
    assert [turn.round for turn in turns[-3:]] == ["contribution"] * 3


def test_tables_written_from_memory_keep_their_types() -> None:
    # Item tables are remembered between saves; 2 and 2.0 (or 1 and true) are equal in
    # Python but not in the file.
    from vp_tui.storage.save import _table

    assert _table("[timebox]", {"values": 2}) == "[timebox]\nvalues = 2\n"
    assert _table("[timebox]", {"values": 2.0}) == "[timebox]\nvalues = 2.0\n"
    assert _table("[timebox]", {"values": True}) == "[timebox]\nvalues = true\n"
    assert _table("[timebox]", {"values": 1}) == "[timebox]\nvalues = 1\n"

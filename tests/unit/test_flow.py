"""The workshop's order as data: turns, resume points, and what a turn still needs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from vp_tui.model import changes
from vp_tui.model.flow import (
    ROUNDS,
    PartnerStage,
    Turn,
    missing_in_turn,
    next_round_for,
    next_turn,
    opened_round,
    partner_stage,
    partner_task,
    progress,
    round_to_open,
    stage,
)
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import parse_session, session_to_toml

AT = datetime(2026, 11, 27, 10, tzinfo=UTC)


def fresh(partners: tuple[str, ...] = ("ana", "ben", "cy")) -> Session:
    session = new_session(
        builtin_templates()["custom"],
        title="Flow",
        partners=[(p, p.title()) for p in partners],
        created=AT,
    )
    changes.set_phase(session, "rating", at=AT)
    return session


def complete_turn(session: Session, turn: Turn) -> None:
    for target in missing_in_turn(session, turn):
        if turn.round == "brings":
            changes.set_brings(session, turn.partner, ["Time"], at=AT)
        else:
            changes.rate(session, turn.partner, target, 0 if target == "deal" else 5, at=AT)
    changes.finish_turn(session, turn.partner, turn.round, at=AT)


def test_turns_go_round_by_round_then_partner_by_partner() -> None:
    session = fresh()
    seen = []
    while (turn := next_turn(session)) is not None:
        seen.append(turn)
        complete_turn(session, turn)
    assert seen == [Turn(r, p) for r in ROUNDS for p in ("ana", "ben", "cy")]
    assert stage(session).name == "ready"


def test_setup_reveal_and_complete_stages() -> None:
    session = fresh()
    session.phase = "setup"
    assert stage(session).name == "setup"
    changes.set_phase(session, "reveal", at=AT)
    assert stage(session).name == "reveal"
    changes.set_phase(session, "complete", at=AT)
    assert stage(session).name == "complete"


def test_a_turn_cannot_finish_with_answers_missing() -> None:
    session = fresh()
    changes.rate(session, "ana", f"benefits/{session.benefits[0].item}", 7, at=AT)
    with pytest.raises(changes.ChangeError, match="still to answer"):
        changes.finish_turn(session, "ana", "anticipated", at=AT)
    assert stage(session).turn == Turn("anticipated", "ana")


def test_resume_point_survives_a_save_and_load() -> None:
    session = fresh()
    complete_turn(session, Turn("anticipated", "ana"))
    changes.rate(session, "ben", f"benefits/{session.benefits[0].item}", 9, at=AT)
    reloaded = parse_session(session_to_toml(session))
    assert stage(reloaded).turn == Turn("anticipated", "ben")
    assert missing_in_turn(reloaded, Turn("anticipated", "ben"))[0] == (
        f"benefits/{session.benefits[1].item}"
    )


def test_progress_says_who_finished_what_and_nothing_else() -> None:
    session = fresh(("ana", "ben"))
    complete_turn(session, Turn("anticipated", "ana"))
    assert progress(session) == {"ana": ["anticipated"], "ben": []}
    assert next_round_for(session, "ana") == "values"
    assert next_round_for(session, "ben") == "anticipated"


def test_contribution_turn_needs_a_rating_of_every_partner() -> None:
    session = fresh(("ana", "ben"))
    turn = Turn("contribution", "ben")
    assert missing_in_turn(session, turn) == ["contributions/ana", "contributions/ben"]
    changes.rate(session, "ben", "contributions/ana", 6, at=AT)
    assert missing_in_turn(session, turn) == ["contributions/ben"]


def test_brings_turn_needs_at_least_one_entry() -> None:
    session = fresh(("ana", "ben"))
    assert missing_in_turn(session, Turn("brings", "ana")) == ["contributions/ana"]
    changes.set_brings(session, "ana", ["Course content"], at=AT)
    assert missing_in_turn(session, Turn("brings", "ana")) == []
    with pytest.raises(changes.ChangeError):
        changes.set_brings(session, "ana", ["x" * 81], at=AT)


def test_brings_listed_twice_are_refused_before_they_reach_the_file() -> None:
    session = fresh(("ana", "ben"))
    with pytest.raises(changes.ChangeError, match="listed twice"):
        changes.set_brings(session, "ana", ["Capital", "capital "], at=AT)
    assert parse_session(session_to_toml(session)) == session


# Hosted sessions: rounds opened by the facilitator, partners rating at once.


def test_in_a_hosted_session_nobody_rates_before_the_facilitator_opens_a_round() -> None:
    session = fresh()
    assert opened_round(session) is None
    assert partner_task(session, "ana") is None
    assert round_to_open(session) == "anticipated"
    changes.open_round(session, "anticipated", at=AT)
    assert partner_task(session, "ana") == Turn("anticipated", "ana")
    assert partner_task(session, "cy") == Turn("anticipated", "cy")


def test_the_next_round_opens_once_everyone_finished_the_open_one() -> None:
    session = fresh()
    changes.open_round(session, "anticipated", at=AT)
    for partner in ("ana", "ben"):
        complete_turn(session, Turn("anticipated", partner))
    assert partner_task(session, "ana") is None  # done: waits for the next round
    assert round_to_open(session) is None  # cy is still rating
    complete_turn(session, Turn("anticipated", "cy"))
    assert round_to_open(session) == "values"
    changes.open_round(session, "values", at=AT)
    assert partner_task(session, "ana") == Turn("values", "ana")


def test_opened_rounds_survive_saving_and_reading() -> None:
    session = fresh()
    changes.open_round(session, "anticipated", at=AT)
    again = parse_session(session_to_toml(session))
    assert opened_round(again) == "anticipated"


def test_only_known_rounds_open() -> None:
    with pytest.raises(changes.ChangeError):
        changes.open_round(fresh(), "lunch", at=AT)  # type: ignore[arg-type]


def test_a_hosted_partner_waits_takes_turns_then_waits_behind_the_curtain() -> None:
    session = fresh(("ana", "ben"))
    assert partner_stage(session, "ana") == PartnerStage("waiting")
    for round_name in ROUNDS:
        changes.open_round(session, round_name, at=AT)
        assert partner_stage(session, "ana") == PartnerStage("turn", Turn(round_name, "ana"))
        complete_turn(session, Turn(round_name, "ana"))
        if round_name != ROUNDS[-1]:
            assert partner_stage(session, "ana") == PartnerStage("waiting")
        complete_turn(session, Turn(round_name, "ben"))
    # Every round answered: the reveal is made ahead, behind a curtain.
    assert partner_stage(session, "ana") == PartnerStage("curtain")
    # A turn given back before the reveal is the partner's to take again.
    changes.reopen_turn(session, "ana", "values", at=AT)
    assert partner_stage(session, "ana") == PartnerStage("turn", Turn("values", "ana"))
    complete_turn(session, Turn("values", "ana"))
    changes.set_phase(session, "reveal", at=AT)
    assert partner_stage(session, "ana") == PartnerStage("reveal")
    changes.set_phase(session, "complete", at=AT)
    assert partner_stage(session, "ana") == PartnerStage("reveal")


def test_a_partner_waits_in_setup_even_with_nothing_left_to_answer() -> None:
    session = fresh(("ana", "ben"))
    for round_name in ROUNDS:
        changes.open_round(session, round_name, at=AT)
        complete_turn(session, Turn(round_name, "ana"))
    changes.set_phase(session, "setup", at=AT)
    assert partner_stage(session, "ana") == PartnerStage("waiting")

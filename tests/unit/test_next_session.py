"""The next session of a partnership: what ``vp-tui new --from`` carries over, and what not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from vp_tui.model import changes
from vp_tui.model.history import history_disagreements
from vp_tui.model.next_session import NotReadyError, next_session
from vp_tui.model.replay import replay_steps, state_at
from vp_tui.model.session import Session
from vp_tui.storage import read_session, save_session

ANA_BEN = EXAMPLES / "2026-11-02-ana-ben-online-course.toml"
LATER = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)


def _finished_with_actions() -> tuple[Session, str]:
    previous = read_session(ANA_BEN)
    first = changes.add_action(previous, "Write the support policy", owner="ben")
    changes.edit_action(previous, first, due=date(2027, 1, 15))
    done = changes.add_action(previous, "Book the studio", owner="ana")
    changes.edit_action(previous, done, status="done")
    changes.set_statement(previous, "values", "We answer every customer within a working day.")
    return previous, ANA_BEN.name


def test_open_actions_and_the_statement_carry_over_and_the_ratings_do_not(tmp_path: Path) -> None:
    previous, source = _finished_with_actions()
    session = next_session(previous, source, LATER)
    assert session.phase == "setup" and session.created == LATER
    assert session.partnership == "Ana & Ben — online course joint venture"
    assert [p.name for p in session.partners] == ["Ana Ruiz", "Ben Okafor"]
    assert [v.item for v in session.values] == [v.item for v in previous.values]
    assert all(not v.ratings and not v.meaning and not v.dealbreaker for v in session.values)
    assert not session.deal and not session.contributions and not session.notes
    carried = [(a.text, a.owner, a.due, a.status, a.carried_from) for a in session.actions]
    # The example's two open actions, then the one added above; "Book the studio" was done.
    assert carried[-1] == ("Write the support policy", "ben", date(2027, 1, 15), "open", source)
    assert "Book the studio" not in [a.text for a in session.actions]
    assert all(a.carried_from == source for a in session.actions)
    assert session.statement is not None
    assert session.statement.values == "We answer every customer within a working day."
    # Saved and read back, the file is valid; its history gives exactly its tables.
    path = tmp_path / "next.toml"
    save_session(session, path)
    again = read_session(path)
    assert again == session
    assert history_disagreements(again) == []
    steps = replay_steps(again)
    assert steps[-1].kind != "edited"
    assert state_at(again, len(steps) - 1).session.actions == again.actions


def test_a_session_not_revealed_yet_has_no_next_session() -> None:
    previous = read_session(ANA_BEN).model_copy(update={"phase": "rating"})
    with pytest.raises(NotReadyError, match="still in phase rating"):
        next_session(previous, ANA_BEN.name, LATER)


def test_an_alliance_that_decided_to_go_is_a_current_partnership_next_time() -> None:
    previous = read_session(ANA_BEN)
    previous.stage = "prospective"
    changes.set_decision(previous, "go-with-conditions", "Once the policy is written.")
    assert next_session(previous, ANA_BEN.name, LATER).stage == "current"
    changes.set_decision(previous, "no-go", "Not this year.")
    assert next_session(previous, ANA_BEN.name, LATER).stage == "prospective"

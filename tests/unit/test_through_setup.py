"""The setup of a next session keeps what it carried over (``next_session.through_setup``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.conftest import DATA
from vp_tui.model import changes
from vp_tui.model.history import history_disagreements
from vp_tui.model.next_session import next_session, through_setup
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import read_session

AUTUMN = DATA / "portfolio" / "2026-09-10-autumn-check-in.toml"
LATER = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def carried() -> Session:
    """The next session of the autumn check-in: a statement and two actions carried."""
    previous = read_session(AUTUMN)
    first = changes.add_action(previous, "Write the support policy", owner="ben")
    changes.edit_action(previous, first, due=date(2026, 12, 15))
    changes.add_action(previous, "Price the spring course", owner="ana")
    changes.set_statement(previous, "values", "We answer every customer within a working day.")
    return next_session(previous, AUTUMN.name, LATER)


def built_by_setup(*names: str) -> Session:
    """What the setup form makes: ids from the names, no statement, actions nor history."""
    ids = [name.lower().replace(" ", "-") for name in names]
    return new_session(
        builtin_templates()["joint-venture"],
        title="Ana & Ben — winter check-in",
        partners=list(zip(ids, names, strict=True)),
        created=LATER,
    )


def test_the_setup_keeps_the_statement_actions_history_and_partner_ids() -> None:
    before = carried()
    kept = through_setup(before, built_by_setup("Ana Ruiz", "Ben Okafor"))
    assert kept.title == "Ana & Ben — winter check-in"
    assert kept.partnership == "Ana & Ben — online course"
    assert kept.partner_ids == ["ana", "ben"]
    assert kept.statement == before.statement
    assert [(a.text, a.owner, a.carried_from) for a in kept.actions] == [
        ("Write the support policy", "ben", AUTUMN.name),
        ("Price the spring course", "ana", AUTUMN.name),
    ]
    assert kept.events == before.events
    assert not history_disagreements(kept)


def test_a_partner_gone_in_the_setup_leaves_their_action_unassigned() -> None:
    kept = through_setup(carried(), built_by_setup("Ana Ruiz", "Cleo Diaz"))
    assert kept.partner_ids == ["ana", "cleo-diaz"]
    assert [a.owner for a in kept.actions] == [None, "ana"]


def test_a_session_that_carried_nothing_is_the_setup_as_built() -> None:
    built = built_by_setup("Ana Ruiz", "Ben Okafor")
    plain = built_by_setup("Ana Ruiz", "Ben Okafor")
    assert through_setup(plain, built) is built

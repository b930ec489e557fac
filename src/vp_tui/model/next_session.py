"""The next session of a partnership (``vp-tui new --from``): what carries over, and what not.

Carried: the partnership, its kind, stage, facilitator, partners, items (benefits, costs,
values), thresholds, timebox and turn order; the statement the partners agreed; every action
still open (``carried_from`` names the earlier file). Not carried: ratings, deal answers,
dealbreakers, meanings and what each partner brings (each partner gives them afresh, in
private), notes, the decision, the next review. A prospective alliance that decided to go
ahead is a current partnership from then on.

The carried actions and the statement are recorded as events, so that replay and ``validate``
read the new session like any other.
"""

from __future__ import annotations

from datetime import datetime

from vp_tui.model import changes
from vp_tui.model.events import STATEMENT_PARTS
from vp_tui.model.history import start_of
from vp_tui.model.portfolio import partnership_name
from vp_tui.model.session import VERSION, Session


class NotReadyError(ValueError):
    """The earlier session has not been revealed: nothing of it can carry over yet."""


def next_session(previous: Session, source: str, created: datetime) -> Session:
    """A new session of the same partnership as ``previous`` (read from the file ``source``),
    in phase ``setup``, created at ``created``."""
    if previous.phase not in ("reveal", "complete"):
        raise NotReadyError(
            f"it is still in phase {previous.phase}: finish it (or open it) before its next session"
        )
    stage = previous.stage
    decided = previous.decision.outcome if previous.decision is not None else None
    if stage == "prospective" and decided in ("go", "go-with-conditions"):
        stage = "current"
    session = start_of(previous).model_copy(
        update={
            "version": VERSION,
            "partnership": partnership_name(previous),
            "created": created,
            "stage": stage,
        },
    )
    session = Session.model_validate(session.model_dump())  # every field checked as read
    for action in previous.actions:
        if action.status == "open":
            changes.carry_action(session, action, source, at=created)
    if previous.statement is not None:
        for part in STATEMENT_PARTS:
            sentence = getattr(previous.statement, part)
            if sentence is not None:
                changes.set_statement(session, part, sentence, at=created)
    return session


_CARRIED_THROUGH_SETUP = ("partnership", "statement", "actions", "notes", "events", "next_review")


def through_setup(carried: Session, built: Session) -> Session:
    """The session a setup form built (``built``) keeping what the form does not show of the
    session it set up again (``carried``): the partnership, the statement, the actions and the
    history; a partner still called the same keeps their id, which the actions name."""
    if not any(getattr(carried, name) for name in _CARRIED_THROUGH_SETUP):
        return built
    data = built.model_dump()
    old_ids = {partner.name: partner.id for partner in carried.partners}
    new_ids = [partner["id"] for partner in data["partners"]]
    renamed = {
        partner["id"]: old_ids.get(partner["name"], partner["id"]) for partner in data["partners"]
    }
    if len(set(renamed.values())) == len(new_ids):  # ids stay unique
        for partner in data["partners"]:
            partner["id"] = renamed[partner["id"]]
        for contribution in data["contributions"]:
            contribution["partner"] = renamed.get(contribution["partner"], contribution["partner"])
    kept = {partner["id"] for partner in data["partners"]} | {"facilitator", "everyone"}
    earlier = carried.model_dump()
    for name in _CARRIED_THROUGH_SETUP:
        data[name] = earlier[name]
    for action in data["actions"]:
        if action["owner"] not in kept:
            action["owner"] = None  # their partner left the partnership in the setup
    try:
        return Session.model_validate(data)
    except ValueError:
        return built

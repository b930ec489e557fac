"""Changes to a session, each validated and recorded in the history as it is made."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Literal, TypeVar

from pydantic import BaseModel, ValidationError

from vp_tui.model import events as kinds
from vp_tui.model.clock import system_clock
from vp_tui.model.fields import (
    DEAL_MAX,
    DEAL_MIN,
    OWNERS_BESIDES_PARTNERS,
    RATING_MAX,
    RATING_MIN,
    Phase,
)
from vp_tui.model.flow import Round, Turn, finished_turns, missing_in_turn
from vp_tui.model.reducer import Tables, apply, next_id
from vp_tui.model.session import (
    RATED_LISTS,
    VERSION,
    Action,
    Contribution,
    Decision,
    Note,
    Session,
    Statement,
    ValueItem,
    duplicate_indexes,
    parse_target,
)

M = TypeVar("M", bound=BaseModel)


class ChangeError(ValueError):
    """A change the session's rules do not allow, with a message for the user."""


def _checked(model: type[M], data: dict[str, object]) -> M:
    """Validate user input against the file format, as a ChangeError with a plain message."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ChangeError(f"{field}: {message}" if field else message) from None


def _at(at: datetime | None) -> datetime:
    return at or system_clock()


def _record(session: Session, change: kinds.Change) -> None:
    """Apply a change through the reducer and log it; a changed session is saved in the
    current format (a version 1 file becomes version 2), in which notes and actions have ids."""
    event = change.event()  # validated before anything changes
    number_records(session)
    apply(Tables(session), change)
    session.events.append(event)
    session.version = VERSION


def rate(
    session: Session, rater: str, target: str, value: int, *, at: datetime | None = None
) -> None:
    """Set one rating (``values/Honesty``, ``deal``, ``contributions/ben``...) and log it."""
    if rater not in session.partner_ids:
        raise ChangeError(f"unknown partner '{rater}'")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ChangeError("a rating is a whole number")
    list_name, name = parse_target(target)
    low, high = (DEAL_MIN, DEAL_MAX) if list_name == "deal" else (RATING_MIN, RATING_MAX)
    if not low <= value <= high:
        raise ChangeError(f"a rating here is from {low} to {high}, not {value}")
    if list_name == "contributions" and name not in session.partner_ids:
        raise ChangeError(f"unknown partner '{name}'")
    if list_name in RATED_LISTS and not any(e.item == name for e in session.rated_list(list_name)):
        raise ChangeError(f"no item '{name}' in {list_name}")
    _record(session, kinds.Rate(_at(at), rater, list_name, name, value))


def finish_turn(
    session: Session, partner: str, round_name: Round, *, at: datetime | None = None
) -> None:
    """End a partner's turn in a round; refused while anything is left to answer."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    known = _round(round_name)
    missing = missing_in_turn(session, Turn(known, partner))
    if missing:
        raise ChangeError(f"{len(missing)} still to answer: {', '.join(missing[:3])}")
    _record(session, kinds.Done(_at(at), partner, known))


def open_round(
    session: Session, round_name: Round, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Open a round of a hosted session to every partner at once, and log it."""
    _record(session, kinds.OpenRound(_at(at), actor, _round(round_name)))


def set_phase(
    session: Session, phase: Phase, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Move the session to another phase and log it."""
    known = kinds.phase_named(phase)
    if known is None:
        raise ChangeError(f"unknown phase '{phase}'")
    _record(session, kinds.SetPhase(_at(at), actor, known))


def _round(name: str) -> Round:
    known = kinds.round_named(name)
    if known is None:
        raise ChangeError(f"unknown round '{name}'")
    return known


def number_records(session: Session) -> None:
    """Give the notes and actions of an older file the ids that replay gives them.

    Ids are derived from the order records were added, so this changes no meaning and
    logs nothing; it lets a version 1 file's notes and actions be edited.
    """
    if any(note.id is None for note in session.notes):
        session.notes = _numbered(session.notes, "n")
    if any(action.id is None for action in session.actions):
        session.actions = _numbered(session.actions, "a")


R = TypeVar("R", Note, Action)


def _numbered(records: list[R], letter: str) -> list[R]:
    ids: list[str | None] = []
    numbered = []
    for record in records:
        if record.id is None:
            record = record.model_copy(update={"id": next_id(ids, letter)})
        numbered.append(record)
        ids.append(record.id)
    return numbered


def add_note(
    session: Session,
    component: str,
    text: str,
    *,
    item: str | None = None,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> str:
    """Attach a note to a component (or one of its items), log it, and return its id."""
    note = _checked(Note, {"component": component, "item": item, "text": text})
    _record(session, kinds.AddNote(_at(at), actor, note))
    return _last_id(session.notes)


def _last_id(records: list[R]) -> str:
    """The id the reducer gave the record just added."""
    record_id = records[-1].id
    assert record_id is not None  # the live session numbers every record
    return record_id


def _given(name: str, value: object) -> bool:
    """Whether ``edit_action`` was given this field (text and status: None leaves them)."""
    return value is not _UNCHANGED if name in ("owner", "due") else value is not None


def _index(records: list[R], record_id: str, what: str) -> int:
    for index, record in enumerate(records):
        if record.id == record_id:
            return index
    raise ChangeError(f"no {what} '{record_id}'")


def edit_note(
    session: Session,
    note_id: str,
    text: str,
    *,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Change the text of a note, and log it."""
    number_records(session)
    note = session.notes[_index(session.notes, note_id, "note")]
    _checked(Note, {**note.model_dump(), "text": text})
    _record(session, kinds.EditNote(_at(at), actor, note_id, text))


def delete_note(
    session: Session, note_id: str, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Remove a note, and log it (its text stays in the history)."""
    number_records(session)
    _index(session.notes, note_id, "note")
    _record(session, kinds.DeleteNote(_at(at), actor, note_id))


def check_owner(session: Session, owner: str | None) -> None:
    """An action's owner is a partner, the facilitator, everyone, or nobody."""
    if owner is not None and owner not in (*session.partner_ids, *OWNERS_BESIDES_PARTNERS):
        raise ChangeError(f"unknown owner '{owner}'")


def add_action(
    session: Session,
    text: str,
    *,
    owner: str | None = None,
    due: date | None = None,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> str:
    """Record an agreed action (an owner and a due date are optional), log it, return its id."""
    check_owner(session, owner)
    action = _checked(Action, {"text": text, "owner": owner})
    _record(session, kinds.AddAction(_at(at), actor, action))
    action_id = _last_id(session.actions)
    if due is not None:
        edit_action(session, action_id, due=due, actor=actor, at=at)
    return action_id


def set_next_review(
    session: Session,
    day: date | None,
    *,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Set (or, with None, clear) when the partnership should be evaluated again; logged."""
    if day is not None and (not isinstance(day, date) or isinstance(day, datetime)):
        raise ChangeError("a review date is a date such as 2027-06-01")
    if session.next_review == day:
        return
    _record(session, kinds.SetNextReview(_at(at), actor, day))


def carry_action(
    session: Session,
    action: Action,
    source: str,
    *,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> str:
    """Carry an open action of an earlier session (file name ``source``) into this one, with
    its owner and due date; logged; returns its id here."""
    carried = _checked(Action, {"text": action.text, "carried_from": source})
    _record(session, kinds.CarryAction(_at(at), actor, carried))
    action_id = _last_id(session.actions)
    if action.owner is not None or action.due is not None:
        edit_action(session, action_id, owner=action.owner, due=action.due, actor=actor, at=at)
    return action_id


class _Unchanged(Enum):
    """Marks an argument left out, where None means "nobody" or "no date"."""

    UNCHANGED = "unchanged"


_UNCHANGED: Literal[_Unchanged.UNCHANGED] = _Unchanged.UNCHANGED


def edit_action(
    session: Session,
    action_id: str,
    *,
    text: str | None = None,
    owner: str | Literal[_Unchanged.UNCHANGED] | None = _UNCHANGED,
    due: date | Literal[_Unchanged.UNCHANGED] | None = _UNCHANGED,
    status: str | None = None,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Change what an action says, who owns it, when it is due or its status; each logged."""
    number_records(session)
    index = _index(session.actions, action_id, "action")
    action = session.actions[index]
    when = _at(at)
    updates: list[kinds.Change] = []
    if text is not None and text != action.text:
        updates.append(kinds.EditAction(when, actor, action_id, text))
    if owner is not _UNCHANGED and owner != action.owner:
        check_owner(session, owner)
        updates.append(kinds.SetOwner(when, actor, action_id, owner))
    if due is not _UNCHANGED and due != action.due:
        if due is not None and (not isinstance(due, date) or isinstance(due, datetime)):
            raise ChangeError("a due date is a date such as 2026-12-15")
        updates.append(kinds.SetDue(when, actor, action_id, due))
    if status is not None and status != action.status:
        known = kinds.status_named(status)
        if known is None:
            raise ChangeError(f"unknown status '{status}' (open, done or dropped)")
        updates.append(kinds.SetStatus(when, actor, action_id, known))
    changed = {"text": text, "owner": owner, "due": due, "status": status}
    data = action.model_dump()
    data.update({name: value for name, value in changed.items() if _given(name, value)})
    _checked(Action, data)  # all of them together, before any is recorded
    for update in updates:
        _record(session, update)


def delete_action(
    session: Session, action_id: str, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Remove an action, and log it."""
    number_records(session)
    _index(session.actions, action_id, "action")
    _record(session, kinds.DeleteAction(_at(at), actor, action_id))


def reopen_turn(
    session: Session,
    partner: str,
    round_name: Round,
    *,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Give a partner their finished turn back, before the reveal; logged."""
    if session.phase not in ("setup", "rating"):
        raise ChangeError("turns can only be reopened before the reveal")
    known = _round(round_name)
    if Turn(known, partner) not in finished_turns(session):
        raise ChangeError("that turn is not finished")
    _record(session, kinds.Reopen(_at(at), actor, known, partner))


def record_presence(
    session: Session, partner: str, kind: str = "join", *, at: datetime | None = None
) -> None:
    """Log that a partner joined (or left) the session."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    if kind not in ("join", "leave"):
        raise ChangeError(f"unknown presence '{kind}'")
    _record(session, (kinds.Join if kind == "join" else kinds.Leave)(_at(at), partner))


def set_dealbreaker(
    session: Session, partner: str, item: str, marked: bool, *, at: datetime | None = None
) -> None:
    """Mark (or unmark) a value as a dealbreaker for a partner, and log it."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    if not any(entry.item == item for entry in session.values):
        raise ChangeError(f"no value '{item}'")
    _record(session, kinds.Dealbreaker(_at(at), partner, item, marked))


def set_brings(
    session: Session, partner: str, brings: list[str], *, at: datetime | None = None
) -> None:
    """Set what a partner lists as their contribution, and log it."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    repeats = duplicate_indexes(brings)
    if repeats:
        raise ChangeError(f"'{brings[repeats[0]]}' is listed twice")
    checked = _checked(Contribution, {"partner": partner, "brings": brings})
    _record(session, kinds.Brings(_at(at), partner, tuple(checked.brings)))


def set_meaning(
    session: Session, partner: str, item: str, text: str | None, *, at: datetime | None = None
) -> None:
    """Say (or, with None, take back) what a value means to a partner in practice; logged."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    entry = next((entry for entry in session.values if entry.item == item), None)
    if entry is None:
        raise ChangeError(f"no value '{item}'")
    if text is not None:
        text = text.strip()
        _checked(ValueItem, {"item": item, "meaning": {partner: text}})
    if entry.meaning.get(partner) == text:
        return
    _record(session, kinds.SetMeaning(_at(at), partner, item, text))


def set_statement(
    session: Session,
    part: str,
    text: str | None,
    *,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Agree (or, with None, clear) the statement's sentence for one component; logged."""
    known = kinds.statement_part_named(part)
    if known is None:
        raise ChangeError(f"unknown component '{part}'")
    if text is not None:
        text = text.strip() or None
    if text is not None:
        _checked(Statement, {known: text})
    current = getattr(session.statement, known) if session.statement is not None else None
    if current == text:
        return
    _record(session, kinds.SetStatement(_at(at), actor, known, text))


def set_decision(
    session: Session,
    outcome: str | None,
    reason: str | None = None,
    *,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Record a prospective alliance's decision (go, no-go, go-with-conditions) and its
    reason, or clear it with no outcome; logged."""
    if reason is not None:
        reason = reason.strip() or None
    known = kinds.outcome_named(outcome)
    if outcome is not None:
        if known is None:
            raise ChangeError(f"unknown decision '{outcome}' (go, no-go or go-with-conditions)")
        _checked(Decision, {"outcome": known, "reason": reason})
    elif reason is not None:
        raise ChangeError("a reason needs a decision")
    current = session.decision
    before = (current.outcome, current.reason) if current is not None else (None, None)
    if before == (known, reason):
        return
    _record(session, kinds.SetDecision(_at(at), actor, known, reason))

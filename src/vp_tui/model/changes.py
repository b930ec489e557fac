"""Changes to a session, each validated and recorded in the history as it is made."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from vp_tui.model.fields import (
    ACTION_STATUSES,
    DEAL_MAX,
    DEAL_MIN,
    OWNERS_BESIDES_PARTNERS,
    PHASES,
    RATING_MAX,
    RATING_MIN,
    Phase,
)
from vp_tui.model.flow import (
    DONE,
    OPEN_ROUND,
    REOPEN,
    ROUNDS,
    Round,
    Turn,
    finished_turns,
    missing_in_turn,
)
from vp_tui.model.session import (
    VERSION,
    Action,
    Contribution,
    Event,
    EventValue,
    Note,
    Session,
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


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _log(
    session: Session,
    actor: str,
    kind: str,
    target: str | None,
    value: EventValue,
    at: datetime | None,
) -> None:
    session.events.append(
        Event(at=at or _now(), actor=actor, kind=kind, target=target, value=value)
    )
    # A changed session is saved in the current format (a version 1 file becomes version 2),
    # in which notes and actions have ids.
    session.version = VERSION
    number_records(session)


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
    if list_name == "deal":
        session.deal[rater] = value
    elif list_name == "contributions":
        if name not in session.partner_ids:
            raise ChangeError(f"unknown partner '{name}'")
        contribution = session.contribution_of(name)
        if contribution is None:
            contribution = Contribution(partner=name)
            session.contributions.append(contribution)
        contribution.ratings[rater] = value
    else:
        entry = next((e for e in session.rated_list(list_name) if e.item == name), None)
        if entry is None:
            raise ChangeError(f"no item '{name}' in {list_name}")
        entry.ratings[rater] = value
    _log(session, rater, "rate", target, value, at)


def finish_turn(
    session: Session, partner: str, round_name: Round, *, at: datetime | None = None
) -> None:
    """End a partner's turn in a round; refused while anything is left to answer."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    if round_name not in ROUNDS:
        raise ChangeError(f"unknown round '{round_name}'")
    missing = missing_in_turn(session, Turn(round_name, partner))
    if missing:
        raise ChangeError(f"{len(missing)} still to answer: {', '.join(missing[:3])}")
    _log(session, partner, DONE, round_name, None, at)


def open_round(
    session: Session, round_name: Round, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Open a round of a hosted session to every partner at once, and log it."""
    if round_name not in ROUNDS:
        raise ChangeError(f"unknown round '{round_name}'")
    _log(session, actor, OPEN_ROUND, round_name, None, at)


def set_phase(
    session: Session, phase: Phase, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Move the session to another phase and log it."""
    if phase not in PHASES:
        raise ChangeError(f"unknown phase '{phase}'")
    session.phase = phase
    _log(session, actor, "phase", None, phase, at)


_NUMBERED = re.compile(r"^[a-z](\d+)$")


def next_id(ids: list[str | None], letter: str) -> str:
    """The id of the next note (``n3``) or action (``a3``): one past the highest and the count."""
    numbers = [int(m.group(1)) for i in ids if i and (m := _NUMBERED.match(i))]
    number = max([len(ids), *numbers]) + 1
    while f"{letter}{number}" in ids:
        number += 1
    return f"{letter}{number}"


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
    number_records(session)
    note_id = next_id([note.id for note in session.notes], "n")
    note = _checked(Note, {"id": note_id, "component": component, "item": item, "text": text})
    session.notes.append(note)
    target = component if item is None else f"{component}/{item}"
    _log(session, actor, "note", target, text, at)
    return note_id


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
    index = _index(session.notes, note_id, "note")
    note = session.notes[index]
    session.notes[index] = _checked(Note, {**note.model_dump(), "text": text})
    _log(session, actor, "note-edit", note_id, text, at)


def delete_note(
    session: Session, note_id: str, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Remove a note, and log it (its text stays in the history)."""
    number_records(session)
    del session.notes[_index(session.notes, note_id, "note")]
    _log(session, actor, "note-delete", note_id, None, at)


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
    number_records(session)
    action_id = next_id([action.id for action in session.actions], "a")
    session.actions.append(_checked(Action, {"id": action_id, "text": text, "owner": owner}))
    _log(session, actor, "action", owner, text, at)
    if due is not None:
        edit_action(session, action_id, due=due, actor=actor, at=at)
    return action_id


_UNCHANGED: object = object()


def edit_action(
    session: Session,
    action_id: str,
    *,
    text: str | None = None,
    owner: str | object | None = _UNCHANGED,
    due: date | object | None = _UNCHANGED,
    status: str | None = None,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Change what an action says, who owns it, when it is due or its status; each logged."""
    number_records(session)
    index = _index(session.actions, action_id, "action")
    action = session.actions[index]
    updates: list[tuple[str, str, EventValue]] = []
    if text is not None and text != action.text:
        updates.append(("text", "action-edit", text))
    if owner is not _UNCHANGED and owner != action.owner:
        check_owner(session, owner)  # type: ignore[arg-type]
        updates.append(("owner", "action-owner", owner))  # type: ignore[arg-type]
    if due is not _UNCHANGED and due != action.due:
        if due is not None and not isinstance(due, date):
            raise ChangeError("a due date is a date such as 2026-12-15")
        updates.append(("due", "action-due", due))
    if status is not None and status != action.status:
        if status not in ACTION_STATUSES:
            raise ChangeError(f"unknown status '{status}' (open, done or dropped)")
        updates.append(("status", "action-status", status))
    if not updates:
        return
    data = action.model_dump()
    data.update({field: value for field, _kind, value in updates})
    session.actions[index] = _checked(Action, data)
    for _field, kind, value in updates:
        _log(session, actor, kind, action_id, value, at)


def delete_action(
    session: Session, action_id: str, *, actor: str = "facilitator", at: datetime | None = None
) -> None:
    """Remove an action, and log it."""
    number_records(session)
    del session.actions[_index(session.actions, action_id, "action")]
    _log(session, actor, "action-delete", action_id, None, at)


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
    if Turn(round_name, partner) not in finished_turns(session):
        raise ChangeError("that turn is not finished")
    _log(session, actor, REOPEN, round_name, partner, at)


def record_presence(
    session: Session, partner: str, kind: str = "join", *, at: datetime | None = None
) -> None:
    """Log that a partner joined (or left) the session."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    if kind not in ("join", "leave"):
        raise ChangeError(f"unknown presence '{kind}'")
    _log(session, partner, kind, None, None, at)


def set_dealbreaker(
    session: Session, partner: str, item: str, marked: bool, *, at: datetime | None = None
) -> None:
    """Mark (or unmark) a value as a dealbreaker for a partner, and log it."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    entry = next((e for e in session.values if e.item == item), None)
    if entry is None:
        raise ChangeError(f"no value '{item}'")
    if marked and partner not in entry.dealbreaker:
        entry.dealbreaker.append(partner)
    elif not marked and partner in entry.dealbreaker:
        entry.dealbreaker.remove(partner)
    _log(session, partner, "dealbreaker", f"values/{item}", marked, at)


def set_brings(
    session: Session, partner: str, brings: list[str], *, at: datetime | None = None
) -> None:
    """Set what a partner lists as their contribution, and log it."""
    if partner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{partner}'")
    repeats = duplicate_indexes(brings)
    if repeats:
        raise ChangeError(f"'{brings[repeats[0]]}' is listed twice")
    contribution = session.contribution_of(partner)
    checked = _checked(
        Contribution,
        {
            "partner": partner,
            "brings": brings,
            "ratings": dict(contribution.ratings) if contribution else {},
        },
    )
    if contribution is None:
        session.contributions.append(checked)
    else:
        contribution.brings = checked.brings
    _log(session, partner, "brings", f"contributions/{partner}", list(checked.brings), at)

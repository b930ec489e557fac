"""Changes to a session, each validated and recorded in the history as it is made."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from vp_tui.model.fields import DEAL_MAX, DEAL_MIN, PHASES, RATING_MAX, RATING_MIN, Phase
from vp_tui.model.flow import DONE, OPEN_ROUND, ROUNDS, Round, Turn, missing_in_turn
from vp_tui.model.session import (
    Action,
    Contribution,
    Event,
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
    value: int | bool | str | None,
    at: datetime | None,
) -> None:
    session.events.append(
        Event(at=at or _now(), actor=actor, kind=kind, target=target, value=value)
    )


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


def add_note(
    session: Session,
    component: str,
    text: str,
    *,
    item: str | None = None,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Attach a note to a component (or one of its items) and log it."""
    note = _checked(Note, {"component": component, "item": item, "text": text})
    session.notes.append(note)
    target = component if item is None else f"{component}/{item}"
    _log(session, actor, "note", target, text, at)


def add_action(
    session: Session,
    text: str,
    *,
    owner: str | None = None,
    actor: str = "facilitator",
    at: datetime | None = None,
) -> None:
    """Record an agreed action, optionally owned by a partner, and log it."""
    if owner is not None and owner not in session.partner_ids:
        raise ChangeError(f"unknown partner '{owner}'")
    session.actions.append(_checked(Action, {"text": text, "owner": owner}))
    _log(session, actor, "action", owner, text, at)


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
    _log(session, partner, "brings", f"contributions/{partner}", "; ".join(brings), at)

"""Changes to a session, each validated and recorded in the history as it is made."""

from __future__ import annotations

from datetime import UTC, datetime

from vp_tui.model.fields import DEAL_MAX, DEAL_MIN, PHASES, RATING_MAX, RATING_MIN, Phase
from vp_tui.model.session import Action, Contribution, Event, Note, Session, parse_target


class ChangeError(ValueError):
    """A change the session's rules do not allow, with a message for the user."""


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
    note = Note.model_validate({"component": component, "item": item, "text": text})
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
    session.actions.append(Action.model_validate({"text": text, "owner": owner}))
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
    contribution = session.contribution_of(partner)
    checked = Contribution.model_validate(
        {
            "partner": partner,
            "brings": brings,
            "ratings": dict(contribution.ratings) if contribution else {},
        }
    )
    if contribution is None:
        session.contributions.append(checked)
    else:
        contribution.brings = checked.brings
    _log(session, partner, "brings", f"contributions/{partner}", "; ".join(brings), at)

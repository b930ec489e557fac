"""Changes to a session, each validated and recorded in the history as it is made."""

from __future__ import annotations

from datetime import UTC, datetime

from vp_tui.model.fields import DEAL_MAX, DEAL_MIN, PHASES, RATING_MAX, RATING_MIN, Phase
from vp_tui.model.session import Contribution, Event, Session, parse_target


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

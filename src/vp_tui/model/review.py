"""Reviews that come due and actions that run late, per partnership.

The framework asks a facilitator to evaluate every current partnership regularly, and every
alliance before it starts. A partnership's next review is its latest finished session's
``next_review``, else that session's date plus its template's cadence; it is *due* on that day
and after. An open action is *overdue* the day after its due date. Days are the user's local
days (``local_today``; tests pass their own ``today``).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic

from vp_tui.model.portfolio import Partnership, S
from vp_tui.model.recurring import Recurring, flags_of, recurring

VERDICT_ORDER = ("aligned", "at risk", "out of sync", "incomplete")
NOT_REVEALED = "unrevealed"
"""A summary's verdict before the reveal (``report.progress.NOT_REVEALED``)."""


def local_today() -> date:
    """Today in the user's local time zone."""
    return datetime.now().astimezone().date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ActionState:
    """An action of a partnership's latest session, and whether it runs late."""

    text: str
    owner: str
    due: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class Review(Generic[S]):
    """Where one partnership stands today: its review, its actions, what keeps recurring."""

    partnership: Partnership[S]
    next_review: date | None
    """None when no session of the partnership is finished."""
    review_from_template: bool
    """Whether the date comes from the template's cadence (the session set none)."""
    review_due: bool
    actions: tuple[ActionState, ...]
    recurring: tuple[Recurring, ...]
    prospective: bool
    decision: str
    """go / no-go / go-with-conditions, or empty."""

    @property
    def open_actions(self) -> tuple[ActionState, ...]:
        """The actions still open."""
        return tuple(action for action in self.actions if action.status == "open")

    @property
    def overdue_actions(self) -> tuple[ActionState, ...]:
        """The open actions past their due date."""
        return tuple(action for action in self.actions if action.overdue)

    @property
    def due(self) -> bool:
        """Whether the review is due or an action is overdue (``partnerships --due``)."""
        return self.review_due or bool(self.overdue_actions)

    def attention(self) -> tuple[int, int, int, int, str]:
        """A sort key: what needs attention first (due, worst verdict, recurring, soonest)."""
        overall = self.partnership.overall
        severity = VERDICT_ORDER.index(overall) if overall in VERDICT_ORDER else -1
        soon = self.next_review.toordinal() if self.next_review is not None else 10**7
        return (0 if self.due else 1, -severity, -len(self.recurring), soon, self.partnership.name)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def review(
    partnership: Partnership[S],
    today: date,
    cadence: Callable[[str], int | None],
) -> Review[S]:
    """Where a partnership stands on ``today``; ``cadence(kind)`` gives a kind's months."""
    latest = partnership.latest
    finished = [session for session in partnership.sessions if session.phase == "complete"]
    next_review, from_template = None, False
    if finished:
        last = finished[0]
        next_review = _date(last.next_review)
        months = cadence(last.kind)
        created = _date(last.created)
        if next_review is None and months is not None and created is not None:
            next_review, from_template = add_months(created, months), True
    actions = tuple(
        ActionState(text, owner, due, status, status == "open" and due is not None and due < today)
        for text, owner, due_text, status in latest.actions
        for due in (_date(due_text),)
    )
    # Oldest first; a session not revealed yet does not count (its flags are its partners').
    revealed = [
        flags_of(session.flags)
        for session in reversed(partnership.sessions)
        if session.verdict != NOT_REVEALED
    ]
    return Review(
        partnership,
        next_review,
        from_template,
        next_review is not None and next_review <= today and latest.phase == "complete",
        actions,
        tuple(recurring(revealed, latest.kind)),
        latest.stage == "prospective",
        latest.decision,
    )


def reviews(
    partnerships: Sequence[Partnership[S]],
    today: date,
    cadences: Mapping[str, int | None],
) -> list[Review[S]]:
    """Every partnership's review, what needs attention first."""
    found = [review(p, today, cadences.get) for p in partnerships]
    found.sort(key=Review.attention)
    return found

"""One partnership over time: each component's gap per session, and what changed most.

Every figure comes from ``scoring.equality_view`` of each session; this module only puts
the sessions in time order and takes differences. Sessions of different partnerships are
never compared with each other: steps and what changed most stay within a partnership. A smaller gap is better; a partner's
net (what they expect to gain minus what it costs them) has no better side on its own,
so it goes up or down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Literal

from vp_tui.model.portfolio import (
    COMPONENTS,
    SAME_WITHIN,
    Component,
    gap_trend,
    partnership_key,
    partnership_name,
    utc_moment,
)
from vp_tui.model.recurring import Recurring, at_risk_items, recurring
from vp_tui.model.scoring import EqualityView, Verdict, equality_view
from vp_tui.model.session import Session

ChangeKind = Literal["component", "value", "net", "balance"]
"""What moved: a component's gap, a value's gap, a partner's net, a contributor's balance."""

Direction = Literal["better", "worse", "same", "up", "down"]

DELTA_DECIMALS = 9
"""Differences are rounded here, so that 2/3 - 1/3 shows as 1/3 and not 0.33333333333333304."""


@dataclass(frozen=True)
class ComponentState:
    """One component of one session: its gap (None when incomplete) and verdict."""

    component: Component
    gap: float | None
    verdict: Verdict


@dataclass(frozen=True)
class SessionPoint:
    """One session of the comparison, as the equality view scored it."""

    title: str
    created: datetime
    partnership: str
    """The partnership's name (``portfolio.partnership_name``)."""
    key: str
    """The partnership's key (``portfolio.partnership_key``)."""
    overall: Verdict
    components: tuple[ComponentState, ...]
    """One per component, in ``COMPONENTS`` order."""
    source: str | None = None
    """Where the session came from (a file name), when the caller said."""

    @property
    def date(self) -> str:
        """The creation date as YYYY-MM-DD."""
        return f"{self.created:%Y-%m-%d}"

    def component(self, name: Component) -> ComponentState:
        """The state of one component."""
        return self.components[COMPONENTS.index(name)]


@dataclass(frozen=True)
class Change:
    """How one figure moved from an earlier session to a later one."""

    kind: ChangeKind
    component: Component
    name: str
    """The value's name or the partner's name; the component key for a component's gap."""
    before: float | None
    after: float | None
    partner: str | None = None
    """The partner id, for a net or a balance."""
    verdict_before: Verdict | None = None
    """The verdict in the earlier session, for a component or a value."""
    verdict_after: Verdict | None = None

    @property
    def delta(self) -> float | None:
        """After minus before, or None when either is missing."""
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, DELTA_DECIMALS)

    @property
    def direction(self) -> Direction | None:
        """better / worse / same for a gap or balance (nearer 0 is better); up / down for a net."""
        if self.before is None or self.after is None:
            return None
        if self.kind == "net":
            if abs(self.after - self.before) < SAME_WITHIN:
                return "same"
            return "up" if self.after > self.before else "down"
        if self.kind == "balance":
            return gap_trend(abs(self.before), abs(self.after))
        return gap_trend(self.before, self.after)


@dataclass(frozen=True)
class Step:
    """From one session to a later one: how each component's gap moved."""

    before: SessionPoint
    after: SessionPoint
    changes: tuple[Change, ...]
    """One per component, in ``COMPONENTS`` order."""


@dataclass(frozen=True)
class Comparison:
    """Sessions of a partnership in time order, the steps between them and the biggest change."""

    sessions: tuple[SessionPoint, ...]
    """Oldest first."""
    steps: tuple[Step, ...]
    """Each session to the next of the same partnership."""
    span: Step | None
    """The first session to the last (None with a single session, or several partnerships)."""
    most_changed: Change | None
    """The component or item whose figure moved most from a partnership's first session to
    its last; None if none did (or no partnership has two sessions)."""
    most_changed_in: str | None = None
    """The partnership whose sessions ``most_changed`` compares."""
    recurring: tuple[tuple[str, Recurring], ...] = ()
    """Per partnership (its name), each item at risk or worse in at least two of its last
    three sessions (``model.recurring``)."""

    @property
    def name(self) -> str:
        """The partnership's name as the latest session gives it, or how many there are."""
        if self.same_partnership:
            return self.sessions[-1].partnership
        count = len(self.sessions)
        return (
            f"{count} session{'s' if count != 1 else ''} of {len(self.partnerships)} partnerships"
        )

    @property
    def partnerships(self) -> tuple[str, ...]:
        """The name of each distinct partnership among the sessions, oldest first."""
        names: dict[str, str] = {}
        for point in self.sessions:
            names.setdefault(point.key, point.partnership)
        return tuple(names.values())

    @property
    def same_partnership(self) -> bool:
        """Whether every session belongs to one partnership."""
        return len({point.key for point in self.sessions}) == 1


def component_states(view: EqualityView) -> tuple[ComponentState, ...]:
    """Each component's gap and verdict from an equality view, in ``COMPONENTS`` order."""
    return (
        ComponentState("anticipated", view.anticipated.gap, view.anticipated.verdict),
        ComponentState("values", view.values.gap, view.values.verdict),
        ComponentState("contribution", view.contribution.gap, view.contribution.verdict),
    )


def _point(session: Session, view: EqualityView, source: str | None) -> SessionPoint:
    return SessionPoint(
        session.title,
        session.created,
        partnership_name(session),
        partnership_key(session),
        view.overall,
        component_states(view),
        source,
    )


def _step(before: SessionPoint, after: SessionPoint) -> Step:
    changes = []
    for component in COMPONENTS:
        old, new = before.component(component), after.component(component)
        changes.append(
            Change(
                "component", component, component, old.gap, new.gap, None, old.verdict, new.verdict
            )
        )
    return Step(before, after, tuple(changes))


def _item_key(name: str) -> str:
    """Values are the same value across sessions when their names match (case and spacing aside)."""
    return " ".join(name.casefold().split())


def _item_changes(first: EqualityView, last: EqualityView, last_session: Session) -> list[Change]:
    """Every item both sessions score: partners' nets, values' gaps, contributors' balances."""
    changes: list[Change] = []

    def name(partner_id: str) -> str:
        return last_session.partner(partner_id).name

    for partner_id, value in last.anticipated.partners.items():
        earlier = first.anticipated.partners.get(partner_id)
        if earlier is not None:
            changes.append(
                Change("net", "anticipated", name(partner_id), earlier.net, value.net, partner_id)
            )
    earlier_values = {_item_key(item.item): item for item in first.values.items}
    for item in last.values.items:
        old = earlier_values.get(_item_key(item.item))
        if old is not None:
            changes.append(
                Change(
                    "value", "values", item.item, old.gap, item.gap, None, old.verdict, item.verdict
                )
            )
    for partner_id, balance in last.contribution.balance.items():
        if partner_id in first.contribution.balance:
            before = first.contribution.balance[partner_id]
            changes.append(
                Change("balance", "contribution", name(partner_id), before, balance, partner_id)
            )
    return changes


def _most_changed(candidates: Sequence[Change]) -> Change | None:
    """The change of the largest size; on a tie the first, items coming before components."""
    moved = [change for change in candidates if change.delta is not None]
    best = max(moved, key=lambda change: abs(change.delta or 0.0), default=None)
    if best is None or abs(best.delta or 0.0) < SAME_WITHIN:
        return None
    return best


def compare_sessions(
    sessions: Sequence[Session], sources: Sequence[str] | None = None
) -> Comparison:
    """Score each session and compare them in order of creation (ValueError when there is none)."""
    if not sessions:
        raise ValueError("no sessions to compare")
    if sources is not None and len(sources) != len(sessions):
        raise ValueError("one source per session")
    order = sorted(range(len(sessions)), key=lambda index: utc_moment(sessions[index].created))
    views = {index: equality_view(sessions[index]) for index in order}  # each scored once
    points = tuple(
        _point(sessions[index], views[index], None if sources is None else sources[index])
        for index in order
    )
    # Like with like: each partnership's sessions in time order, compared among themselves.
    groups: dict[str, list[int]] = {}
    for position, point in enumerate(points):
        groups.setdefault(point.key, []).append(position)
    pairs = sorted(
        (pair for members in groups.values() for pair in pairwise(members)),
        key=lambda pair: pair[1],
    )
    steps = tuple(_step(points[before], points[after]) for before, after in pairs)
    best: tuple[Change, str] | None = None
    for members in groups.values():
        if len(members) < 2:
            continue
        first, last = order[members[0]], order[members[-1]]
        span = _step(points[members[0]], points[members[-1]])
        candidates = [*_item_changes(views[first], views[last], sessions[last]), *span.changes]
        change = _most_changed(candidates)
        if change is not None and (
            best is None or abs(change.delta or 0) > abs(best[0].delta or 0)
        ):
            best = (change, points[members[-1]].partnership)
    whole = _step(points[0], points[-1]) if len(points) > 1 and len(groups) == 1 else None
    recurs = tuple(
        (points[members[-1]].partnership, item)
        for members in groups.values()
        for item in recurring(
            [at_risk_items(sessions[order[m]], views[order[m]]) for m in members],
            sessions[order[members[-1]]].kind,
        )
    )
    if best is None:
        return Comparison(points, steps, whole, None, recurring=recurs)
    return Comparison(points, steps, whole, best[0], best[1], recurs)

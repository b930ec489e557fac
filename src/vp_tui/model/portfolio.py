"""Partnerships over time: which sessions belong together, and whether each gap shrinks.

A facilitator re-evaluates a partnership regularly, so a sessions folder holds several
sessions of one partnership. This module says which (``partnership_key``) and groups
session summaries per partnership for the home screen (``portfolio``).

It imports no pydantic or scoring code at run time: the home screen uses it on the
summaries it already has, and must stay quick to start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Generic, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    from vp_tui.model.session import Session

Component = Literal["anticipated", "values", "contribution"]
COMPONENTS: tuple[Component, ...] = ("anticipated", "values", "contribution")
"""The three value components, in the order every report shows them."""

Trend = Literal["better", "worse", "same"]

SAME_WITHIN = 1e-9
"""Figures closer than this are the same (they come from exact fractions as floats)."""


def partnership_key(session: Session) -> str:
    """The key two sessions of one partnership share: its ``partnership`` name, else its title.

    Case and spacing are ignored, so ``Ana & Ben`` and `` ana  &  BEN `` are one partnership.
    """
    name = session.partnership if session.partnership is not None else session.title
    return " ".join(name.casefold().split())


def partnership_name(session: Session) -> str:
    """The partnership's name as shown: its ``partnership`` name, else the session's title."""
    name = session.partnership if session.partnership is not None else session.title
    return " ".join(name.split())


def utc_moment(moment: datetime) -> datetime:
    """A creation time comparable with any other (a time without a zone is taken as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def sortable_moment(moment: datetime) -> str:
    """A creation time as fixed-width UTC text: ordering the texts orders the times."""
    return f"{utc_moment(moment):%Y-%m-%dT%H:%M:%S.%fZ}"


def gap_trend(before: float | None, after: float | None) -> Trend | None:
    """Whether a gap got better (smaller), worse (larger) or stayed; None when one is missing."""
    if before is None or after is None:
        return None
    if abs(after - before) < SAME_WITHIN:
        return "same"
    return "better" if after < before else "worse"


class SummaryLike(Protocol):
    """What ``portfolio`` needs of a session summary (``storage.summary.SessionSummary``)."""

    @property
    def title(self) -> str: ...
    @property
    def valid(self) -> bool: ...
    @property
    def partnership(self) -> str: ...
    @property
    def partnership_key(self) -> str: ...
    @property
    def created_at(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def verdicts(self) -> tuple[str, ...]: ...
    @property
    def gaps(self) -> tuple[float | None, ...]: ...
    @property
    def kind(self) -> str: ...
    @property
    def phase(self) -> str: ...
    @property
    def created(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def next_review(self) -> str: ...
    @property
    def decision(self) -> str: ...
    @property
    def actions(self) -> tuple[tuple[str, str, str, str], ...]: ...
    @property
    def flags(self) -> tuple[tuple[str, str, str, str], ...]: ...


S = TypeVar("S", bound=SummaryLike)


@dataclass(frozen=True)
class ComponentStatus:
    """One component of a partnership's latest session, and its trend since the one before."""

    component: Component
    verdict: str
    gap: float | None
    trend: Trend | None
    """better / worse / same against the previous session; None without one or a gap."""


@dataclass(frozen=True)
class Partnership(Generic[S]):
    """One partnership of the portfolio: its sessions newest first and where it stands now."""

    key: str
    name: str
    """The name of the partnership as its latest session gives it."""
    sessions: tuple[S, ...]
    components: tuple[ComponentStatus, ...]

    @property
    def latest(self) -> S:
        """The newest session of the partnership."""
        return self.sessions[0]

    @property
    def overall(self) -> str:
        """The overall verdict of the newest session."""
        return self.latest.verdict


_T = TypeVar("_T")


def _at(values: Sequence[_T], index: int) -> _T | None:
    """The value at ``index``, or None past the end (a summary with no scores)."""
    return values[index] if index < len(values) else None


def portfolio(summaries: Iterable[S]) -> list[Partnership[S]]:
    """Group readable session summaries per partnership, the most recently active first."""
    groups: dict[str, list[S]] = {}
    for summary in summaries:
        if summary.valid:
            groups.setdefault(summary.partnership_key, []).append(summary)
    partnerships: list[Partnership[S]] = []
    for key, members in groups.items():
        newest_first = sorted(members, key=lambda summary: summary.title.casefold())
        newest_first.sort(key=lambda summary: summary.created_at, reverse=True)
        latest = newest_first[0]
        previous = newest_first[1] if len(newest_first) > 1 else None
        components = tuple(
            ComponentStatus(
                component,
                _at(latest.verdicts, index) or "",
                _at(latest.gaps, index),
                None
                if previous is None
                else gap_trend(_at(previous.gaps, index), _at(latest.gaps, index)),
            )
            for index, component in enumerate(COMPONENTS)
        )
        partnerships.append(Partnership(key, latest.partnership, tuple(newest_first), components))
    partnerships.sort(key=lambda partnership: partnership.name.casefold())
    partnerships.sort(key=lambda partnership: partnership.latest.created_at, reverse=True)
    return partnerships

"""Disconnects that recur: the items at risk or worse in a session, and those that keep coming
back across the sessions of one partnership.

The framework warns that small disconnects which recur "too often in the opinion of one of the
partners" wear a partnership down, and that business partners who cannot quickly remedy a values
disconnect part ways. Three kinds of item are followed from session to session:

- a **value** (by its name, case and spacing aside): its status (DESIGN.md section 2);
- a **partner's net**: at risk when they expect no gain (net <= 0), else the band of how far
  their net falls short of the best-off partner's;
- a **contributor's balance**: the band of ``|balance|``.

An item *recurs* when it was at risk or worse in at least ``RECUR_AT_LEAST`` of the last
``RECUR_WINDOW`` revealed sessions. For business kinds, a value at risk or worse in a session and
again in the latest session is *not remedied*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from vp_tui.model.scoring import EqualityView, Verdict
    from vp_tui.model.session import Session

FlagKind = Literal["value", "net", "balance"]

RECUR_WINDOW = 3
RECUR_AT_LEAST = 2
STRICT_KINDS = frozenset({"business", "affiliate", "joint-venture"})
"""The kinds whose partners tolerate a values disconnect least (DESIGN.md section 2)."""

_COMPONENT: dict[FlagKind, str] = {
    "value": "values",
    "net": "anticipated",
    "balance": "contribution",
}


@dataclass(frozen=True)
class Flag:
    """One item at risk or worse in one session."""

    kind: FlagKind
    key: str
    """Stable across sessions: a value's name folded, or a partner id."""
    label: str
    """As shown: the value's name, or the partner's name."""
    verdict: str
    """``at risk`` or ``out of sync``."""

    @property
    def component(self) -> str:
        """The component the item belongs to."""
        return _COMPONENT[self.kind]

    @property
    def ident(self) -> str:
        """The item's identity across sessions: kind and key."""
        return f"{self.kind}:{self.key}"

    def describe(self) -> str:
        """The item in words: "Honesty", "Ana's net", "Ben's balance"."""
        if self.kind == "value":
            return self.label
        return f"{self.label}'s {self.kind}"


def flags_of(rows: Iterable[tuple[str, str, str, str]]) -> tuple[Flag, ...]:
    """Flags from the rows a session summary keeps (kind, key, label, verdict)."""
    kinds: dict[str, FlagKind] = {"value": "value", "net": "net", "balance": "balance"}
    return tuple(
        Flag(kinds[kind], key, label, verdict)
        for kind, key, label, verdict in rows
        if kind in kinds
    )


def item_key(name: str) -> str:
    """Values are one value across sessions when their names match, case and spacing aside."""
    return " ".join(name.casefold().split())


FLAGGED = ("at risk", "out of sync")
"""The verdicts that flag an item."""


def _flagged(verdict: Verdict) -> bool:
    return verdict.value in FLAGGED


def at_risk_items(session: Session, view: EqualityView) -> tuple[Flag, ...]:
    """Every value, partner's net and contributor's balance at risk or worse in a session."""
    from vp_tui.model.scoring import Verdict, band  # the summaries score anyway; reviews do not

    names = {partner.id: partner.name for partner in session.partners}
    thresholds = session.thresholds
    pair = (thresholds.aligned, thresholds.at_risk)
    flags: list[Flag] = []
    nets = {p: value.net for p, value in view.anticipated.partners.items() if value.net is not None}
    if nets and len(nets) == len(view.anticipated.partners):
        best = max(nets.values())
        for partner, net in nets.items():
            shortfall = band(Fraction(best - net).limit_denominator(1000), pair)
            verdict = Verdict.AT_RISK if net <= 0 and not _flagged(shortfall) else shortfall
            if _flagged(verdict):
                flags.append(Flag("net", partner, names.get(partner, partner), verdict.value))
    for item in view.values.items:
        if _flagged(item.verdict):
            flags.append(Flag("value", item_key(item.item), item.item, item.verdict.value))
    for partner, balance in view.contribution.balance.items():
        verdict = band(Fraction(abs(balance)).limit_denominator(1000), pair)
        if _flagged(verdict):
            flags.append(Flag("balance", partner, names.get(partner, partner), verdict.value))
    return tuple(flags)


@dataclass(frozen=True)
class Recurring:
    """An item that keeps coming back: at risk in ``times`` of the last ``window`` sessions."""

    flag: Flag
    """As the latest session that flagged it shows it."""
    times: int
    window: int
    not_remedied: bool = False
    """A business partnership's value at risk in the latest session and the one before."""


def recurring(series: Sequence[tuple[Flag, ...]], kind: str | None = None) -> list[Recurring]:
    """The items flagged in at least two of the last three sessions of ``series`` (the flags of
    each revealed session, oldest first), in the order the latest of them lists them."""
    window = list(series[-RECUR_WINDOW:])
    counts: dict[str, int] = {}
    latest: dict[str, Flag] = {}
    for flags in window:
        for flag in flags:
            counts[flag.ident] = counts.get(flag.ident, 0) + 1
            latest[flag.ident] = flag
    strict = kind in STRICT_KINDS
    found = []
    for ident, flag in latest.items():
        if counts[ident] >= RECUR_AT_LEAST:
            found.append(
                Recurring(flag, counts[ident], len(window), strict and _not_remedied(window, ident))
            )
    return found


def _not_remedied(window: Sequence[tuple[Flag, ...]], ident: str) -> bool:
    """A value at risk in the latest session and in the one before it: flagged, and still
    not fixed by the next session."""
    if not ident.startswith("value:") or len(window) < 2:
        return False
    return all(any(flag.ident == ident for flag in flags) for flags in window[-2:])


def also_last_time(current: tuple[Flag, ...], previous: tuple[Flag, ...] | None) -> set[str]:
    """The idents of the items at risk now that were at risk in the partnership's previous
    session too (the equality view says "also at risk last time" beside them)."""
    if previous is None:
        return set()
    before = {flag.ident for flag in previous}
    return {flag.ident for flag in current if flag.ident in before}

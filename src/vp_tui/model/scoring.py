"""The equality view: every figure and verdict, computed exactly as docs/scoring.md says.

Each component answers two questions: is it there (``present``) and is it equal
(``equal``); its verdict is the worse of the two, and every answer other than aligned
comes with its reasons in words (partner names, items, the rule and the band used).

Means are computed with exact fractions so that a gap sitting on a threshold falls on
the documented side (``gap <= aligned`` is aligned) whatever binary floats would do.
Figures leave this module as floats; ``None`` marks a figure that is missing ratings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from vp_tui.model.session import RatedItem, Session, Thresholds
from vp_tui.model.wording import deal_words


class Verdict(StrEnum):
    """How equal a component feels; ordered from healthy to broken, then incomplete."""

    ALIGNED = "aligned"
    AT_RISK = "at risk"
    OUT_OF_SYNC = "out of sync"
    INCOMPLETE = "incomplete"

    @property
    def severity(self) -> int:
        """Ordering: aligned < at risk < out of sync < incomplete."""
        return _SEVERITY[self]


_SEVERITY = {Verdict.ALIGNED: 0, Verdict.AT_RISK: 1, Verdict.OUT_OF_SYNC: 2, Verdict.INCOMPLETE: 3}


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The weakest link: the most severe verdict, incomplete above all (aligned when empty)."""
    return max(verdicts, key=lambda verdict: verdict.severity, default=Verdict.ALIGNED)


def band(gap: Fraction, thresholds: Thresholds | tuple[float, float]) -> Verdict:
    """The verdict of a gap against a band, the session's general one unless a pair
    (aligned, at risk) is given (boundaries are inclusive)."""
    aligned, at_risk = (
        thresholds if isinstance(thresholds, tuple) else (thresholds.aligned, thresholds.at_risk)
    )
    if gap <= _exact(aligned):
        return Verdict.ALIGNED
    if gap <= _exact(at_risk):
        return Verdict.AT_RISK
    return Verdict.OUT_OF_SYNC


def _figure(number: Fraction | float) -> str:
    """A figure in reasons: two decimals (``2.67``)."""
    return f"{float(number):.2f}"


def _limit(number: float) -> str:
    """A threshold as written (``1``, ``2.5``)."""
    return f"{number:g}"


def _names(session: Session) -> dict[str, str]:
    """Partner names by id, for reasons (never ids)."""
    return {partner.id: partner.name for partner in session.partners}


def _exact(number: float) -> Fraction:
    """A threshold as the decimal a person wrote (2.1 is 21/10, not the nearest binary float)."""
    return Fraction(repr(number))


def _mean(numbers: Sequence[int | Fraction]) -> Fraction:
    return Fraction(sum(numbers, Fraction(0)), len(numbers))


def _float(number: Fraction | None) -> float | None:
    return None if number is None else float(number)


@dataclass(frozen=True)
class PartnerValue:
    """One partner's anticipated value: mean benefit, mean cost, net, and their deal answer."""

    benefit: float | None
    cost: float | None
    net: float | None
    deal: int | None


@dataclass(frozen=True)
class AnticipatedScore:
    """Is it there (every partner expects a gain), is it equal (the net gap) and does it
    feel equal (the deal answers)."""

    verdict: Verdict
    gap: float | None
    partners: dict[str, PartnerValue]
    net_verdict: Verdict
    """The verdict of the net gap alone ("is it equal?")."""
    deal_verdict: Verdict
    """The verdict of the deal answers alone ("does it feel equal?")."""
    present: Verdict = Verdict.INCOMPLETE
    equal: Verdict = Verdict.INCOMPLETE
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueScore:
    """One shared value: every rating, its gap and its status."""

    item: str
    gap: float | None
    verdict: Verdict
    ratings: dict[str, int]
    dealbreaker: tuple[str, ...]


@dataclass(frozen=True)
class ValuesScore:
    """The shared values component."""

    verdict: Verdict
    gap: float | None
    items: tuple[ValueScore, ...]
    present: Verdict = Verdict.INCOMPLETE
    equal: Verdict = Verdict.INCOMPLETE
    reasons: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()
    """The values every partner rated at or above ``present``: what they share."""


@dataclass(frozen=True)
class ContributionScore:
    """The contribution component: the rater x partner matrix, balance and recognition."""

    verdict: Verdict
    gap: float | None
    matrix: dict[str, dict[str, int]]
    """matrix[rater][partner] = rater's rating of partner's contribution."""
    balance: dict[str, float]
    recognition: dict[str, float]
    worth: dict[str, float] = field(default_factory=dict)
    """worth[partner] = the mean of every rater's rating of their contribution."""
    present: Verdict = Verdict.INCOMPLETE
    equal: Verdict = Verdict.INCOMPLETE
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class EqualityView:
    """The three components side by side and the overall weakest-link verdict."""

    overall: Verdict
    anticipated: AnticipatedScore
    values: ValuesScore
    contribution: ContributionScore


def _partner_means(items: list[RatedItem], partner: str) -> Fraction | None:
    ratings = [entry.ratings.get(partner) for entry in items]
    if not ratings or any(rating is None for rating in ratings):
        return None
    return _mean([rating for rating in ratings if rating is not None])


def score_anticipated(session: Session) -> AnticipatedScore:
    """Anticipated value: net = mean benefit - mean cost per partner; deal answers on -3..+3.

    Equal: the worst of the net gap's band and the deal rule (|deal| 2 at risk, 3 out of
    sync). Present: at risk when a partner expects no gain (net 0 or less).
    """
    partners: dict[str, PartnerValue] = {}
    nets: dict[str, Fraction] = {}
    complete = bool(session.benefits) and bool(session.costs)
    for partner in session.partner_ids:
        benefit = _partner_means(session.benefits, partner)
        cost = _partner_means(session.costs, partner)
        net = None if benefit is None or cost is None else benefit - cost
        deal = session.deal.get(partner)
        if net is None or deal is None:
            complete = False
        else:
            nets[partner] = net
        partners[partner] = PartnerValue(_float(benefit), _float(cost), _float(net), deal)
    if not complete:
        incomplete = Verdict.INCOMPLETE
        return AnticipatedScore(incomplete, None, partners, incomplete, incomplete)
    names, thresholds = _names(session), session.thresholds
    reasons: list[str] = []
    gap_exact = max(nets.values()) - min(nets.values())
    net_verdict = band(gap_exact, thresholds)
    if net_verdict is not Verdict.ALIGNED:
        reasons.append(
            f"the nets differ by {_figure(gap_exact)}: {net_verdict} "
            f"(band {_limit(thresholds.aligned)}/{_limit(thresholds.at_risk)})"
        )
    deal_verdict = Verdict.ALIGNED
    for partner in session.partner_ids:
        answer = session.deal[partner]
        verdict = _deal_verdict(answer)
        if verdict is not Verdict.ALIGNED:
            deal_verdict = worst([deal_verdict, verdict])
            reasons.append(
                f"{names[partner]} answered {answer:+d} on the deal "
                f"({deal_words(answer, len(session.partners))}): {verdict}"
            )
    present = Verdict.ALIGNED
    for partner in session.partner_ids:
        if nets[partner] <= 0:
            present = Verdict.AT_RISK
            reasons.append(f"{names[partner]} expects no gain (net {_figure(nets[partner])})")
    equal = worst([net_verdict, deal_verdict])
    return AnticipatedScore(
        worst([present, equal]),
        float(gap_exact),
        partners,
        net_verdict,
        deal_verdict,
        present,
        equal,
        tuple(reasons),
    )


def _deal_verdict(deal: int) -> Verdict:
    if abs(deal) >= 3:
        return Verdict.OUT_OF_SYNC
    if abs(deal) == 2:
        return Verdict.AT_RISK
    return Verdict.ALIGNED


def score_values(session: Session) -> ValuesScore:
    """Shared values: per value the spread of importance, banded by the values band; a
    dealbreaker makes any gap above ``values_aligned`` fatal. Present: at risk when no
    value has every partner's rating at or above ``present``."""
    scores: list[ValueScore] = []
    gaps: list[int] = []
    values_band = session.thresholds.values_band
    aligned = _exact(values_band[0])
    present_at = _exact(session.thresholds.present_at)
    names = _names(session)
    reasons: list[str] = []
    shared: list[str] = []
    for entry in session.values:
        ratings = {pid: entry.ratings[pid] for pid in session.partner_ids if pid in entry.ratings}
        if len(ratings) < len(session.partners):
            scores.append(
                ValueScore(entry.item, None, Verdict.INCOMPLETE, ratings, tuple(entry.dealbreaker))
            )
            continue
        gap = max(ratings.values()) - min(ratings.values())
        gaps.append(gap)
        status = band(Fraction(gap), values_band)
        if status is not Verdict.ALIGNED:
            reasons.append(
                f"{entry.item}: gap {gap}, {session.kind} band {_limit(values_band[0])}: {status}"
            )
        holders = [pid for pid in entry.dealbreaker if pid in names]
        if holders and gap > aligned:
            status = Verdict.OUT_OF_SYNC
            who = ", ".join(names[pid] for pid in holders)
            reasons.append(f"{entry.item}: a dealbreaker for {who}, gap {gap}: out of sync")
        if min(ratings.values()) >= present_at:
            shared.append(entry.item)
        scores.append(ValueScore(entry.item, float(gap), status, ratings, tuple(entry.dealbreaker)))
    if not scores or len(gaps) < len(scores):
        return ValuesScore(Verdict.INCOMPLETE, None, tuple(scores))
    present = Verdict.ALIGNED
    if not shared:
        present = Verdict.AT_RISK
        reasons.append(
            "no value matters to every partner: none is rated "
            f"{_limit(session.thresholds.present_at)} or more by all"
        )
    equal = worst(score.verdict for score in scores)
    return ValuesScore(
        worst([present, equal]),
        float(max(gaps)),
        tuple(scores),
        present,
        equal,
        tuple(reasons),
        tuple(shared),
    )


def score_contribution(session: Session) -> ContributionScore:
    """Contribution: each rater's own worth against what they see in the others (equal),
    and every partner's contribution worth at least ``present`` on average (present)."""
    ids = session.partner_ids
    matrix: dict[str, dict[str, int]] = {rater: {} for rater in ids}
    for contribution in session.contributions:
        for rater, rating in contribution.ratings.items():
            if rater in matrix:
                matrix[rater][contribution.partner] = rating
    complete = all(partner in matrix[rater] for rater in ids for partner in ids)
    if not complete:
        return ContributionScore(Verdict.INCOMPLETE, None, matrix, {}, {})
    balance = {
        rater: Fraction(matrix[rater][rater])
        - _mean([matrix[rater][other] for other in ids if other != rater])
        for rater in ids
    }
    recognition = {
        partner: Fraction(matrix[partner][partner])
        - _mean([matrix[rater][partner] for rater in ids if rater != partner])
        for partner in ids
    }
    worth = {partner: _mean([matrix[rater][partner] for rater in ids]) for partner in ids}
    names, thresholds = _names(session), session.thresholds
    gap = max(abs(value) for value in balance.values())
    equal = band(gap, thresholds)
    reasons: list[str] = []
    if equal is not Verdict.ALIGNED:
        for rater in ids:
            if band(abs(balance[rater]), thresholds) is not Verdict.ALIGNED:
                more = "more" if balance[rater] > 0 else "less"
                others = [names[pid] for pid in ids if pid != rater]
                than = others[0] if len(others) == 1 else "the others"
                reasons.append(
                    f"{names[rater]} feels they bring {more} than {than} "
                    f"(balance {float(balance[rater]):+.2f}, band {_limit(thresholds.aligned)}/"
                    f"{_limit(thresholds.at_risk)})"
                )
    present = Verdict.ALIGNED
    present_at = _exact(thresholds.present_at)
    for partner in ids:
        if worth[partner] < present_at:
            present = Verdict.AT_RISK
            reasons.append(
                f"{names[partner]}'s contribution is seen as small (worth "
                f"{_figure(worth[partner])}, under {_limit(thresholds.present_at)})"
            )
    return ContributionScore(
        worst([present, equal]),
        float(gap),
        matrix,
        {pid: float(value) for pid, value in balance.items()},
        {pid: float(value) for pid, value in recognition.items()},
        {pid: float(value) for pid, value in worth.items()},
        present,
        equal,
        tuple(reasons),
    )


def equality_view(session: Session) -> EqualityView:
    """Score all three components and the overall verdict of a session."""
    anticipated = score_anticipated(session)
    values = score_values(session)
    contribution = score_contribution(session)
    overall = worst([anticipated.verdict, values.verdict, contribution.verdict])
    return EqualityView(overall, anticipated, values, contribution)

"""The equality view: every figure and verdict, computed exactly as docs/scoring.md says.

Means are computed with exact fractions so that a gap sitting on a threshold falls on
the documented side (``gap <= aligned`` is aligned) whatever binary floats would do.
Figures leave this module as floats; ``None`` marks a figure that is missing ratings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from vp_tui.model.session import RatedItem, Session, Thresholds


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


def band(gap: Fraction, thresholds: Thresholds) -> Verdict:
    """The verdict of a gap against the session's thresholds (boundaries are inclusive)."""
    if gap <= _exact(thresholds.aligned):
        return Verdict.ALIGNED
    if gap <= _exact(thresholds.at_risk):
        return Verdict.AT_RISK
    return Verdict.OUT_OF_SYNC


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
    """Is it equal (the net gap) and does it feel equal (the deal answers)."""

    verdict: Verdict
    gap: float | None
    partners: dict[str, PartnerValue]
    net_verdict: Verdict
    """The verdict of the net gap alone ("is it equal?")."""
    deal_verdict: Verdict
    """The verdict of the deal answers alone ("does it feel equal?")."""


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


@dataclass(frozen=True)
class ContributionScore:
    """The contribution component: the rater x partner matrix, balance and recognition."""

    verdict: Verdict
    gap: float | None
    matrix: dict[str, dict[str, int]]
    """matrix[rater][partner] = rater's rating of partner's contribution."""
    balance: dict[str, float]
    recognition: dict[str, float]


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
    """Anticipated value: net = mean benefit - mean cost per partner; deal answers on -3..+3."""
    partners: dict[str, PartnerValue] = {}
    nets: list[Fraction] = []
    complete = bool(session.benefits) and bool(session.costs)
    for partner in session.partner_ids:
        benefit = _partner_means(session.benefits, partner)
        cost = _partner_means(session.costs, partner)
        net = None if benefit is None or cost is None else benefit - cost
        deal = session.deal.get(partner)
        if net is None or deal is None:
            complete = False
        else:
            nets.append(net)
        partners[partner] = PartnerValue(_float(benefit), _float(cost), _float(net), deal)
    if not complete:
        gap = None
        net_verdict = deal_verdict = verdict = Verdict.INCOMPLETE
    else:
        gap_exact = max(nets) - min(nets)
        gap = float(gap_exact)
        net_verdict = band(gap_exact, session.thresholds)
        if any(net < 0 for net in nets):
            net_verdict = worst([net_verdict, Verdict.AT_RISK])
        deal_verdict = worst(_deal_verdict(deal) for deal in session.deal.values())
        verdict = worst([net_verdict, deal_verdict])
    return AnticipatedScore(verdict, gap, partners, net_verdict, deal_verdict)


def _deal_verdict(deal: int) -> Verdict:
    if abs(deal) >= 3:
        return Verdict.OUT_OF_SYNC
    if abs(deal) == 2:
        return Verdict.AT_RISK
    return Verdict.ALIGNED


def score_values(session: Session) -> ValuesScore:
    """Shared values: per value the spread of importance; a dealbreaker turns any gap fatal."""
    scores: list[ValueScore] = []
    gaps: list[int] = []
    aligned = _exact(session.thresholds.aligned)
    for entry in session.values:
        ratings = {pid: entry.ratings[pid] for pid in session.partner_ids if pid in entry.ratings}
        if len(ratings) < len(session.partners):
            scores.append(
                ValueScore(entry.item, None, Verdict.INCOMPLETE, ratings, tuple(entry.dealbreaker))
            )
            continue
        gap = max(ratings.values()) - min(ratings.values())
        gaps.append(gap)
        status = band(Fraction(gap), session.thresholds)
        if entry.dealbreaker and gap > aligned:
            status = Verdict.OUT_OF_SYNC
        scores.append(ValueScore(entry.item, float(gap), status, ratings, tuple(entry.dealbreaker)))
    if not scores or len(gaps) < len(scores):
        return ValuesScore(Verdict.INCOMPLETE, None, tuple(scores))
    return ValuesScore(worst(score.verdict for score in scores), float(max(gaps)), tuple(scores))


def score_contribution(session: Session) -> ContributionScore:
    """Contribution: each rater's own worth against what they see in the others."""
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
    gap = max(abs(value) for value in balance.values())
    return ContributionScore(
        band(gap, session.thresholds),
        float(gap),
        matrix,
        {pid: float(value) for pid, value in balance.items()},
        {pid: float(value) for pid, value in recognition.items()},
    )


def equality_view(session: Session) -> EqualityView:
    """Score all three components and the overall verdict of a session."""
    anticipated = score_anticipated(session)
    values = score_values(session)
    contribution = score_contribution(session)
    overall = worst([anticipated.verdict, values.verdict, contribution.verdict])
    return EqualityView(overall, anticipated, values, contribution)

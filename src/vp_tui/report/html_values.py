"""The records the HTML templates are given: plain, frozen, every figure already in words.

These are the variables a facilitator's template may use (docs/html-templates.md lists
them); ``html_view`` fills them from a session's equality view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vp_tui.model.scoring import Verdict
from vp_tui.model.wording import DEAL_QUESTION
from vp_tui.report.html_chart import Chart
from vp_tui.report.sections import VERDICT_SYMBOLS, verdict_word

VERDICT_CLASSES = {
    Verdict.ALIGNED: "aligned",
    Verdict.AT_RISK: "at-risk",
    Verdict.OUT_OF_SYNC: "out-of-sync",
    Verdict.INCOMPLETE: "incomplete",
}
"""The CSS class that colours each verdict (colour is the second signal, after words)."""


@dataclass(frozen=True)
class Shown:
    """A verdict as a page shows it: ``symbol`` ``word`` (``▲ AT RISK``), coloured by ``css``."""

    value: str
    """aligned, at risk, out of sync or incomplete."""
    word: str
    symbol: str
    css: str


def shown(verdict: Verdict) -> Shown:
    """A verdict ready for a template."""
    return Shown(
        verdict.value, verdict_word(verdict), VERDICT_SYMBOLS[verdict], VERDICT_CLASSES[verdict]
    )


@dataclass(frozen=True)
class Line:
    """One entry of a list: what it is about, and its text (notes, actions, the statement)."""

    about: str
    text: str


@dataclass(frozen=True)
class Check:
    """One question a component answers ("Is it there?"), its verdict and how it was found."""

    question: str
    verdict: Shown
    detail: str = ""


@dataclass(frozen=True)
class Component:
    """What every component shows: title, lead sentence, verdict, its two answers, why,
    what is missing, and what to talk about."""

    key: str
    title: str
    lead: str
    verdict: Shown
    checks: list[Check]
    reasons: list[str]
    prompts: list[str]
    waiting: str | None


@dataclass(frozen=True)
class PartnerFigures:
    """One partner's anticipated value."""

    name: str
    benefit: str
    cost: str
    net: str
    deal: str
    deal_words: str


@dataclass(frozen=True)
class Anticipated(Component):
    """Anticipated value: the chart, each partner's figures and deal answer."""

    chart: Chart = field(default_factory=lambda: Chart("", 0, 0))
    partners: list[PartnerFigures] = field(default_factory=list)
    deal_question: str = DEAL_QUESTION
    disagree: str | None = None


@dataclass(frozen=True)
class ValueRow:
    """One shared value: every partner's rating, the gap, the status, who holds it a dealbreaker."""

    item: str
    ratings: list[str]
    gap: str
    verdict: Shown
    dealbreaker_for: str
    flagged: bool


@dataclass(frozen=True)
class Values(Component):
    """Shared values, worst first, and the values every partner rates highly."""

    rows: list[ValueRow] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Brings:
    """What one partner brings (empty: nothing listed yet)."""

    name: str
    items: list[str]


@dataclass(frozen=True)
class Cell:
    """A rating in the contribution table; ``own``: a partner rating their own part."""

    text: str
    own: bool = False


@dataclass(frozen=True)
class RaterRow:
    """How one rater rates every partner's contribution, and their balance."""

    rater: str
    cells: list[Cell]
    balance: str


@dataclass(frozen=True)
class Contribution(Component):
    """Contribution: what each brings, who rates whose, recognition and worth."""

    brings: list[Brings] = field(default_factory=list)
    rows: list[RaterRow] = field(default_factory=list)
    recognition: list[str] = field(default_factory=list)
    worth: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

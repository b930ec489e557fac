"""The variables of the HTML report's template, from a session's equality view.

Every figure is formatted and every sentence written here, from the same helpers as the
text report, so that a template only lays things out (the records are in ``html_values``;
docs/html-templates.md lists the variables for facilitators).
"""

from __future__ import annotations

from typing import TypedDict

from vp_tui import __version__
from vp_tui.model.scoring import (
    AnticipatedScore,
    ContributionScore,
    EqualityView,
    ValuesScore,
    Verdict,
    equality_view,
)
from vp_tui.model.session import Session
from vp_tui.model.wording import STATEMENT_HEADING, bands_in_words, deal_words
from vp_tui.report.html_chart import BarGroup, net_bars
from vp_tui.report.html_values import (
    Anticipated,
    Brings,
    Cell,
    Check,
    Contribution,
    Line,
    PartnerFigures,
    RaterRow,
    Shown,
    ValueRow,
    Values,
    shown,
)
from vp_tui.report.prompts import OVERALL_WORDS, Prompt, component_lead, discussion_prompts
from vp_tui.report.sections import (
    COMPONENT_TITLES,
    DISAGREE_NOTE,
    balance_note,
    build_report,
    deal_figure,
    feels_unequal,
    figure,
    figures_and_feeling_disagree,
    rating,
    recognition_note,
    values_worst_first,
)


def _waiting(session: Session, partner_ids: list[str], what: str) -> str:
    if not partner_ids:
        return f"Incomplete: {what}."
    names = ", ".join(session.partner(pid).name for pid in partner_ids)
    return f"Incomplete: waiting for {what} from {names}."


def _checks(
    session: Session,
    score: AnticipatedScore | ValuesScore | ContributionScore,
    there: str,
    equal_detail: str | bool,
    *,
    equal: Verdict | None = None,
) -> list[Check]:
    """A component's two answers, "Is it there?" and "Is it equal?", with how each was
    found (``there`` may name the ``{present}`` threshold; ``equal_detail``: False while
    ratings are missing)."""
    present = f"{session.thresholds.present_at:g}"
    return [
        Check("Is it there?", shown(score.present), there.format(present=present)),
        Check(
            "Is it equal?",
            shown(equal or score.equal),
            equal_detail if isinstance(equal_detail, str) else "waiting for ratings",
        ),
    ]


class _Head(TypedDict):
    key: str
    title: str
    lead: str
    verdict: Shown
    reasons: list[str]
    prompts: list[str]
    checks: list[Check]
    waiting: str | None


def _head(
    session: Session,
    key: str,
    score: AnticipatedScore | ValuesScore | ContributionScore,
    prompts: list[Prompt],
    checks: list[Check],
    waiting: str | None,
) -> _Head:
    """What every component shows the same way: title, lead, verdict, reasons, prompts, its
    checks and what it waits for."""
    return _Head(
        key=key,
        title=COMPONENT_TITLES[key],
        lead=component_lead(key, len(session.partners)),
        verdict=shown(score.verdict),
        reasons=list(score.reasons),
        prompts=[prompt.text for prompt in prompts if prompt.component == key],
        checks=checks,
        waiting=waiting,
    )


def _anticipated(session: Session, view: EqualityView, prompts: list[Prompt]) -> Anticipated:
    score = view.anticipated
    partners = [(p, score.partners[p.id]) for p in session.partners]
    waiting = None
    if score.verdict is Verdict.INCOMPLETE:
        if not session.benefits or not session.costs:
            waiting = _waiting(session, [], "no benefit or no cost items are listed")
        else:
            missing = [p.id for p, v in partners if v.net is None or v.deal is None]
            waiting = _waiting(session, missing, "ratings or a deal answer")
    feeling = feels_unequal(session, score)
    checks = [
        *_checks(
            session,
            score,
            "each partner must expect a gain",
            score.gap is not None and f"net gap {figure(score.gap)}",
            equal=score.net_verdict,
        ),
        Check(
            "Does it feel equal?",
            shown(score.deal_verdict),
            "waiting for answers"
            if score.deal_verdict is Verdict.INCOMPLETE
            else feeling or "from the deal answers",
        ),
    ]
    return Anticipated(
        **_head(session, "anticipated", score, prompts, checks, waiting),
        chart=net_bars([BarGroup(p.name, v.benefit, v.cost, v.net) for p, v in partners]),
        partners=[
            PartnerFigures(
                p.name,
                figure(v.benefit),
                figure(v.cost),
                figure(v.net, signed=True),
                deal_figure(v.deal),
                "not answered yet" if v.deal is None else deal_words(v.deal, len(partners)),
            )
            for p, v in partners
        ],
        disagree=DISAGREE_NOTE if figures_and_feeling_disagree(score) else None,
    )


def _values(session: Session, view: EqualityView, prompts: list[Prompt]) -> Values:
    score = view.values
    ids = session.partner_ids
    rows = [
        ValueRow(
            item.item,
            [rating(item.ratings.get(pid)) for pid in ids],
            rating(None if item.gap is None else int(item.gap)),
            shown(item.verdict),
            ", ".join(session.partner(pid).name for pid in item.dealbreaker),
            item.verdict is not Verdict.ALIGNED,
        )
        for item in values_worst_first(score.items)
    ]
    waiting = None
    if score.verdict is Verdict.INCOMPLETE:
        if not score.items:
            waiting = _waiting(session, [], "no values are listed")
        else:
            missing = [pid for pid in ids if any(pid not in i.ratings for i in score.items)]
            waiting = _waiting(session, missing, "ratings")
    values_aligned, _ = session.thresholds.values_band
    checks = _checks(
        session,
        score,
        "needs a value every partner rates {present} or more",
        score.gap is not None and f"widest gap {score.gap:g}, band {values_aligned:g}",
    )
    return Values(
        **_head(session, "values", score, prompts, checks, waiting),
        rows=rows,
        shared=list(score.shared),
    )


def _contribution(session: Session, view: EqualityView, prompts: list[Prompt]) -> Contribution:
    score = view.contribution
    ids = session.partner_ids
    brings = []
    for partner in session.partners:
        entry = session.contribution_of(partner.id)
        brings.append(Brings(partner.name, list(entry.brings) if entry else []))
    rows = [
        RaterRow(
            session.partner(rater).name,
            [Cell(rating(score.matrix.get(rater, {}).get(pid)), pid == rater) for pid in ids],
            figure(score.balance.get(rater), signed=True),
        )
        for rater in ids
    ]
    waiting = None
    if score.verdict is Verdict.INCOMPLETE:
        missing = [r for r in ids if any(p not in score.matrix.get(r, {}) for p in ids)]
        waiting = _waiting(session, missing, "ratings")
    count = len(session.partners)
    checks = _checks(
        session,
        score,
        "needs every contribution worth {present} or more",
        score.gap is not None and f"widest balance {figure(score.gap)}",
    )
    return Contribution(
        **_head(session, "contribution", score, prompts, checks, waiting),
        brings=brings,
        rows=rows,
        recognition=[figure(score.recognition.get(pid), signed=True) for pid in ids],
        worth=[figure(score.worth.get(pid)) for pid in ids],
        notes=[
            balance_note(count),
            recognition_note(count),
            "Shaded: each partner's rating of their own contribution.",
        ],
    )


def _lines(report_tables: dict[str, list[list[str]]], title: str) -> list[Line]:
    return [Line(about, text) for about, text in report_tables.get(title, [])]


def report_context(session: Session) -> dict[str, object]:
    """Every variable of ``report.html.j2``, computed from a revealed session."""
    view = equality_view(session)
    report = build_report(session, view)
    prompts = discussion_prompts(session, view)
    tables = {table.title: table.rows for table in report.tables}
    facts = [
        Line("Kind", f"{session.kind} partnership"),
        Line("Date", f"{session.created:%Y-%m-%d}"),
        Line("Phase", session.phase),
    ]
    if session.facilitator:
        facts.append(Line("Facilitator", session.facilitator))
    facts.append(Line("Partners", ", ".join(partner.name for partner in session.partners)))
    components = [
        _anticipated(session, view, prompts),
        _values(session, view, prompts),
        _contribution(session, view, prompts),
    ]
    gaps = (view.anticipated.gap, view.values.gap, view.contribution.gap)
    return {
        "title": session.title,
        "generator": f"vp-tui {__version__}",
        "facts": facts,
        "partners": [partner.name for partner in session.partners],
        "bands": bands_in_words(session.thresholds),
        "overall": shown(view.overall),
        "overall_words": OVERALL_WORDS[view.overall],
        "summary": [
            Check(part.title, part.verdict, figure(gap))
            for part, gap in zip(components, gaps, strict=True)
        ],
        "statement_heading": STATEMENT_HEADING,
        "statement": _lines(tables, STATEMENT_HEADING),
        "anticipated": components[0],
        "values": components[1],
        "contribution": components[2],
        "components": components,
        "in_practice": _lines(tables, "In practice"),
        "notes": _lines(tables, "Notes"),
        "actions": _lines(tables, "Actions"),
    }

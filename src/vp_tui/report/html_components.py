"""The three components of the equality view as sections of the HTML report."""

from __future__ import annotations

from vp_tui.model.scoring import EqualityView, Verdict
from vp_tui.model.session import Session
from vp_tui.model.wording import DEAL_QUESTION, DEAL_WORDS
from vp_tui.report.html_builder import Child, Html, el
from vp_tui.report.html_chart import BarGroup, net_bars
from vp_tui.report.html_style import VERDICT_CLASSES
from vp_tui.report.prompts import COMPONENT_LEADS, Prompt
from vp_tui.report.sections import (
    BALANCE_NOTE,
    COMPONENT_TITLES,
    DISAGREE_NOTE,
    RECOGNITION_NOTE,
    VERDICT_SYMBOLS,
    deal_figure,
    figure,
    figures_and_feeling_disagree,
    rating,
    values_worst_first,
    verdict_word,
)


def badge(verdict: Verdict) -> Html:
    """A verdict as symbol, words and colour, e.g. ``▲ AT RISK`` in amber."""
    return el(
        "span",
        f"{VERDICT_SYMBOLS[verdict]} {verdict_word(verdict)}",
        class_=f"badge {VERDICT_CLASSES[verdict]}",
    )


def table(header: list[Child], rows: list[Html], numeric: range) -> Html:
    """A table whose header cells in the ``numeric`` columns are right-aligned like figures."""
    head = el(
        "tr",
        [
            el("th", cell, scope="col", class_="num" if i in numeric else None)
            for i, cell in enumerate(header)
        ],
    )
    return el("div", el("table", el("thead", head), el("tbody", rows)), class_="table-wrap")


def _prompts(prompts: list[Prompt], component: str) -> Html:
    mine = [prompt.text for prompt in prompts if prompt.component == component]
    if not mine:
        return Html("")
    return el(
        "aside",
        el("h3", "Talk about it"),
        el("ol", [el("li", text) for text in mine]),
        class_="prompts",
    )


def _waiting(session: Session, partner_ids: list[str], what: str) -> Html:
    if not partner_ids:
        return el("p", f"Incomplete: {what}.", class_="waiting")
    names = ", ".join(session.partner(pid).name for pid in partner_ids)
    return el("p", f"Incomplete: waiting for {what} from {names}.", class_="waiting")


def _component(key: str, verdict: Verdict, *body: Child) -> Html:
    return el(
        "section",
        el("h2", el("span", COMPONENT_TITLES[key]), badge(verdict)),
        el("p", COMPONENT_LEADS[key], class_="lead"),
        body,
        id=key,
        class_=f"card component {VERDICT_CLASSES[verdict]}",
    )


def anticipated_section(session: Session, view: EqualityView, prompts: list[Prompt]) -> Html:
    """Anticipated value: shared-scale bars, deal answers in words, both questions, prompts."""
    score = view.anticipated
    partners = [(p, score.partners[p.id]) for p in session.partners]
    chart = net_bars([BarGroup(p.name, v.benefit, v.cost, v.net) for p, v in partners])
    rows = [
        el(
            "tr",
            el("th", p.name, scope="row"),
            el("td", figure(v.benefit), class_="num"),
            el("td", figure(v.cost), class_="num"),
            el("td", figure(v.net, signed=True), class_="num"),
            el("td", deal_figure(v.deal), class_="num"),
            el("td", "not answered yet" if v.deal is None else DEAL_WORDS[v.deal]),
        )
        for p, v in partners
    ]
    shown = table(["Partner", "Benefit", "Cost", "Net", "Deal", "In words"], rows, range(1, 5))
    checks = el(
        "div",
        el(
            "div",
            el("span", "Is it equal?", class_="question"),
            badge(score.net_verdict),
            " waiting for ratings" if score.gap is None else f" net gap {figure(score.gap)}",
            class_=f"check {VERDICT_CLASSES[score.net_verdict]}",
        ),
        el(
            "div",
            el("span", "Does it feel equal?", class_="question"),
            badge(score.deal_verdict),
            " waiting for answers"
            if score.deal_verdict is Verdict.INCOMPLETE
            else " from the deal answers",
            class_=f"check {VERDICT_CLASSES[score.deal_verdict]}",
        ),
        class_="checks",
    )
    flag = (
        el("p", f"⚑ {DISAGREE_NOTE}", class_="flag")
        if figures_and_feeling_disagree(score)
        else None
    )
    waiting = None
    if score.verdict is Verdict.INCOMPLETE:
        if not session.benefits or not session.costs:
            waiting = _waiting(session, [], "no benefit or no cost items are listed")
        else:
            missing = [p.id for p, v in partners if v.net is None or v.deal is None]
            waiting = _waiting(session, missing, "ratings or a deal answer")
    return _component(
        "anticipated",
        score.verdict,
        chart,
        shown,
        el("p", f"Deal question: {DEAL_QUESTION}", class_="muted small"),
        checks,
        flag,
        waiting,
        _prompts(prompts, "anticipated"),
    )


def values_section(session: Session, view: EqualityView, prompts: list[Prompt]) -> Html:
    """Shared values: every rating, gap and status, worst first, dealbreakers marked, prompts."""
    score = view.values
    ids = session.partner_ids
    rows = []
    for item in values_worst_first(score.items):
        holders = ", ".join(session.partner(pid).name for pid in item.dealbreaker)
        mark = el("span", f"★ dealbreaker for {holders}", class_="dealbreaker") if holders else None
        flagged = "flagged " if item.verdict is not Verdict.ALIGNED else ""
        rows.append(
            el(
                "tr",
                el("th", item.item, mark, scope="row"),
                [el("td", rating(item.ratings.get(pid)), class_="num") for pid in ids],
                el("td", rating(None if item.gap is None else int(item.gap)), class_="num"),
                el("td", badge(item.verdict)),
                class_=flagged + VERDICT_CLASSES[item.verdict],
            )
        )
    names = [p.name for p in session.partners]
    shown = table(["Value", *names, "Gap", "Status"], rows, range(1, len(names) + 2))
    waiting = None
    if score.verdict is Verdict.INCOMPLETE:
        if not score.items:
            waiting = _waiting(session, [], "no values are listed")
        else:
            missing = [pid for pid in ids if any(pid not in i.ratings for i in score.items)]
            waiting = _waiting(session, missing, "ratings")
    return _component(
        "values",
        score.verdict,
        shown if rows else None,
        waiting,
        _prompts(prompts, "values"),
    )


def contribution_section(session: Session, view: EqualityView, prompts: list[Prompt]) -> Html:
    """Contribution: what each brings, the rater x partner matrix, balance, recognition."""
    score = view.contribution
    ids = session.partner_ids
    brings = []
    for partner in session.partners:
        entry = session.contribution_of(partner.id)
        listed = ", ".join(entry.brings) if entry and entry.brings else "nothing listed yet"
        brings.append(el("li", el("span", partner.name, class_="owner"), ": ", listed))
    rows = [
        el(
            "tr",
            el("th", session.partner(rater).name, scope="row"),
            [
                el(
                    "td",
                    rating(score.matrix.get(rater, {}).get(pid)),
                    class_="num self" if pid == rater else "num",
                )
                for pid in ids
            ],
            el("td", figure(score.balance.get(rater), signed=True), class_="num"),
        )
        for rater in ids
    ]
    rows.append(
        el(
            "tr",
            el("th", "Recognition", scope="row"),
            [
                el("td", figure(score.recognition.get(pid), signed=True), class_="num")
                for pid in ids
            ],
            el("td", ""),
            class_="total",
        )
    )
    header: list[Child] = ["Rated by ↓ · contribution of →", *(p.name for p in session.partners)]
    shown = table([*header, "Balance"], rows, range(1, len(header) + 1))
    waiting = None
    if score.verdict is Verdict.INCOMPLETE:
        missing = [r for r in ids if any(p not in score.matrix.get(r, {}) for p in ids)]
        waiting = _waiting(session, missing, "ratings")
    return _component(
        "contribution",
        score.verdict,
        el("h3", "What each partner brings"),
        el("ul", brings, class_="plain"),
        el("h3", "Who rates whose contribution"),
        shown,
        el(
            "p",
            BALANCE_NOTE,
            el("br"),
            RECOGNITION_NOTE,
            el("br"),
            "Shaded: each partner's rating of their own contribution.",
            class_="muted small",
        ),
        waiting,
        _prompts(prompts, "contribution"),
    )

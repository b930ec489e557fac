"""The equality view laid out as titled tables, shared by the text and markdown reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from vp_tui.model.scoring import (
    AnticipatedScore,
    ContributionScore,
    EqualityView,
    ValueScore,
    ValuesScore,
    Verdict,
    equality_view,
)
from vp_tui.model.session import Session
from vp_tui.model.wording import (
    DEAL_LEGEND,
    OUTCOME_WORDS,
    STATEMENT_HEADING,
    action_facts,
    bands_in_words,
    deal_words,
)
from vp_tui.report.layout import PartnerLabels, partner_labels

COMPONENT_TITLES = {
    "anticipated": "Anticipated value",
    "values": "Shared values",
    "contribution": "Contribution",
}

VERDICT_SYMBOLS = {
    Verdict.ALIGNED: "✓",
    Verdict.AT_RISK: "▲",
    Verdict.OUT_OF_SYNC: "✗",
    Verdict.INCOMPLETE: "?",
}
"""One symbol per verdict (the same as on screen), so that no colour is needed to tell them apart."""

BALANCE_NOTE = "Balance: how a rater rates their own part minus how they rate the others'."
RECOGNITION_NOTE = "Recognition: a partner's self-rating minus how the others rate them."
DISAGREE_NOTE = "The figures and the feeling disagree: talk about why."


def balance_note(count: int) -> str:
    """How balance is figured, worded for ``count`` partners (between two: "their partner's")."""
    if count == 2:
        return "Balance: how a rater rates their own part minus how they rate their partner's."
    return BALANCE_NOTE


def recognition_note(count: int) -> str:
    """How recognition is figured, worded for ``count`` partners."""
    if count == 2:
        return "Recognition: a partner's self-rating minus how their partner rates them."
    return RECOGNITION_NOTE


@dataclass
class Table:
    """A titled table: a header row, rows of cells, and lines said after it."""

    title: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    numeric_from: int = 1
    """Columns from this index on are right-aligned figures."""


@dataclass
class Report:
    """Everything a report shows, as plain strings."""

    title: str
    facts: list[str]
    overall: Verdict
    tables: list[Table]


def figure(number: float | None, *, signed: bool = False) -> str:
    """A figure with two decimals, or a dash when it is missing."""
    if number is None:
        return "-"
    return f"{number:+.2f}" if signed else f"{number:.2f}"


def rating(value: int | None) -> str:
    """A rating, or a dash when it is missing."""
    return "-" if value is None else str(value)


def verdict_word(verdict: Verdict) -> str:
    """The verdict as words, upper-cased when it needs attention."""
    return verdict.value if verdict is Verdict.ALIGNED else verdict.value.upper()


def deal_figure(value: int | None) -> str:
    """A deal answer as a signed figure (0 unsigned), or a dash when it is missing."""
    return "-" if value is None else f"{value:+d}" if value else "0"


def figures_and_feeling_disagree(score: AnticipatedScore) -> bool:
    """Whether "is it equal?" and "does it feel equal?" give different verdicts."""
    complete = Verdict.INCOMPLETE not in (score.net_verdict, score.deal_verdict)
    return complete and score.net_verdict is not score.deal_verdict


def values_worst_first(items: Sequence[ValueScore]) -> list[ValueScore]:
    """The values ordered as the reports show them: worst status, then widest gap first."""
    return sorted(items, key=lambda item: (-item.verdict.severity, -(item.gap or 0), item.item))


def build_report(
    session: Session, view: EqualityView | None = None, *, partner_width: int | None = None
) -> Report:
    """Lay out a session's equality view, notes and actions as tables.

    Partner columns are ``partner_width`` cells wide (None: as wide as the names), and
    headed by names, cut names or initials (``partner_labels``), never by ids.
    """
    view = view or equality_view(session)
    thresholds = session.thresholds
    labels = partner_labels([(p.id, p.name) for p in session.partners], partner_width)
    facts = [
        f"{session.kind} partnership, created {session.created:%Y-%m-%d}, phase {session.phase}"
        + (f", facilitated by {session.facilitator}" if session.facilitator else ""),
        "Partners: " + (labels.legend_text() or ", ".join(p.name for p in session.partners)),
        bands_in_words(thresholds),
    ]
    summary = Table(
        "Overall: " + verdict_word(view.overall),
        ["Component", "Verdict", "Gap"],
        [
            [
                COMPONENT_TITLES["anticipated"],
                verdict_word(view.anticipated.verdict),
                figure(view.anticipated.gap),
            ],
            [
                COMPONENT_TITLES["values"],
                verdict_word(view.values.verdict),
                figure(view.values.gap),
            ],
            [
                COMPONENT_TITLES["contribution"],
                verdict_word(view.contribution.verdict),
                figure(view.contribution.gap),
            ],
        ],
        numeric_from=2,
    )
    tables = [
        *([statement] if (statement := statement_table(session)) is not None else []),
        summary,
        _anticipated(session, view, labels),
        _values(session, view, labels),
        *([meanings] if (meanings := meaning_table(session)) is not None else []),
        _contribution(session, view, labels),
    ]
    if session.notes:
        tables.append(
            Table(
                "Notes",
                ["About", "Note"],
                [
                    [
                        COMPONENT_TITLES.get(n.component, "General")
                        + (f", {n.item}" if n.item else ""),
                        n.text,
                    ]
                    for n in session.notes
                ],
                numeric_from=2,
            )
        )
    from vp_tui.report.prompts import discussion_prompts  # it builds on this module

    prompts = discussion_prompts(session, view)
    if prompts:
        tables.append(
            Table(
                "Talk about it",
                ["About", "Prompt"],
                [[COMPONENT_TITLES[prompt.component], prompt.text] for prompt in prompts],
                numeric_from=2,
            )
        )
    if session.actions:
        tables.append(
            Table(
                "Actions",
                ["Owner, due date, status", "Action"],
                [[action_facts(session, a), a.text] for a in session.actions],
                numeric_from=2,
            )
        )
    return Report(session.title, facts, view.overall, tables)


def statement_table(session: Session) -> Table | None:
    """The agreed Value Proposition, one sentence per component, and a prospective
    alliance's decision: what heads every report (None when there is neither)."""
    statement, decision = session.statement, session.decision
    rows = [
        [COMPONENT_TITLES[part], text]
        for part in COMPONENT_TITLES
        if statement is not None and (text := getattr(statement, part))
    ]
    if decision is not None:
        words = OUTCOME_WORDS[decision.outcome].capitalize()
        rows.append(["Decision", f"{words}: {decision.reason}" if decision.reason else words])
    if not rows:
        return None
    return Table(STATEMENT_HEADING, ["Component", "Sentence"], rows, numeric_from=2)


def meaning_table(session: Session) -> Table | None:
    """What each value means to each partner in practice, by name, and where the lines
    differ (None when nobody wrote one)."""
    from vp_tui.report.prompts import meanings_differ  # it builds on this module

    rows = []
    for entry in session.values:
        for partner in session.partners:
            text = entry.meaning.get(partner.id)
            if text is not None:
                rows.append([f"{entry.item}, {partner.name}", text])
        if meanings_differ(entry):
            rows.append([f"{entry.item}", "the lines differ: talk about it"])
    if not rows:
        return None
    return Table("In practice", ["Value, partner", "What it means to them"], rows, numeric_from=2)


def deal_reasons(session: Session, score: AnticipatedScore) -> list[tuple[str, int]]:
    """Who answered the deal question far enough from even to make it feel unequal, and how:
    (name, answer), worst first."""
    answers = [
        (partner.name, deal)
        for partner in session.partners
        if (deal := score.partners[partner.id].deal) is not None and abs(deal) >= 2
    ]
    return sorted(answers, key=lambda answer: -abs(answer[1]))


def feels_unequal(session: Session, score: AnticipatedScore, *, words: bool = True) -> str:
    """Why the deal answers make it feel unequal, by name ("" when they do not):
    ``Sam Carter answered +2, "I get a better deal"`` (``words``: with the answer's words)."""
    reasons = deal_reasons(session, score)
    if len(reasons) == 1 and words:
        name, deal = reasons[0]
        return f'{name} answered {deal_figure(deal)}, "{deal_words(deal, len(session.partners))}"'
    if len(reasons) == 1:
        name, deal = reasons[0]
        return f"{name} answered {deal_figure(deal)}"
    return ", ".join(f"{name} {deal_figure(deal)}" for name, deal in reasons)


def answers(
    score: AnticipatedScore | ValuesScore | ContributionScore, *, equal: bool = True
) -> list[str]:
    """A component's two answers (``equal``: the second too) and, when it is not aligned,
    why, in words."""
    if score.verdict is Verdict.INCOMPLETE:
        return []
    there = f"Is it there? {score.present.value}."
    lines = [f"{there} Is it equal? {score.equal.value}." if equal else there]
    lines += [f"Why: {reason}." for reason in score.reasons]
    return lines


def _anticipated(session: Session, view: EqualityView, labels: PartnerLabels) -> Table:
    ids = session.partner_ids
    score = view.anticipated
    partners = score.partners
    rows = [
        ["Benefit (mean)", *(figure(partners[p].benefit) for p in ids)],
        ["Cost (mean)", *(figure(partners[p].cost) for p in ids)],
        ["Net", *(figure(partners[p].net, signed=True) for p in ids)],
        ["Deal (-3..+3)", *(deal_figure(partners[p].deal) for p in ids)],
    ]
    there, *why = answers(score, equal=False) or [""]
    notes = [
        f"{there} Is it equal? net gap {figure(score.gap)}: {score.net_verdict.value}.".lstrip(),
        f"Does it feel equal? deal answers: {score.deal_verdict.value}"
        + (f": {feeling}." if (feeling := feels_unequal(session, score)) else "."),
        *why,
    ]
    if figures_and_feeling_disagree(score):
        notes.append(DISAGREE_NOTE)
    notes.append(DEAL_LEGEND)
    return Table(
        f"{COMPONENT_TITLES['anticipated']}: {verdict_word(score.verdict)}",
        ["", *(labels.labels[p] for p in ids)],
        rows,
        notes,
    )


def _values(session: Session, view: EqualityView, labels: PartnerLabels) -> Table:
    ids = session.partner_ids
    score = view.values
    rows = []
    for item in values_worst_first(score.items):
        marks = " *" if item.dealbreaker else ""
        rows.append(
            [
                item.item + marks,
                *(rating(item.ratings.get(p)) for p in ids),
                rating(None if item.gap is None else int(item.gap)),
                verdict_word(item.verdict),
            ]
        )
    notes = answers(score)
    if score.shared:
        notes.append("Shared (all rate them highly): " + ", ".join(score.shared) + ".")
    if any(item.dealbreaker for item in score.items):
        notes.append(
            "* dealbreaker for: "
            + "; ".join(
                f"{item.item} ({', '.join(session.partner(p).name for p in item.dealbreaker)})"
                for item in score.items
                if item.dealbreaker
            )
        )
    if not score.items:
        notes.append("No values listed.")
    return Table(
        f"{COMPONENT_TITLES['values']}: {verdict_word(score.verdict)}",
        ["Value", *(labels.labels[p] for p in ids), "Gap", "Status"],
        rows,
        notes,
    )


def _contribution(session: Session, view: EqualityView, labels: PartnerLabels) -> Table:
    ids = session.partner_ids
    score = view.contribution
    rows = [
        [
            f"rated by {session.partner(rater).name}",
            *(rating(score.matrix.get(rater, {}).get(p)) for p in ids),
            figure(score.balance.get(rater), signed=True),
        ]
        for rater in ids
    ]
    rows.append(["Recognition", *(figure(score.recognition.get(p), signed=True) for p in ids), ""])
    rows.append(["Worth (mean)", *(figure(score.worth.get(p)) for p in ids), ""])
    count = len(ids)
    notes = [*answers(score), balance_note(count), recognition_note(count)]
    return Table(
        f"{COMPONENT_TITLES['contribution']}: {verdict_word(score.verdict)}",
        ["Contribution of", *(labels.labels[p] for p in ids), "Balance"],
        rows,
        notes,
    )

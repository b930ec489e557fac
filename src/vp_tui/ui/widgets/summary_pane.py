"""The summary: the overall verdict and each component's verdict, gap and what to talk about."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from vp_tui.model.events import STATEMENT_PARTS
from vp_tui.model.scoring import Verdict
from vp_tui.model.session import Session
from vp_tui.model.wording import OUTCOME_WORDS, STATEMENT_HEADING, bands_in_words
from vp_tui.report.layout import cell_width
from vp_tui.report.sections import (
    COMPONENT_TITLES,
    deal_figure,
    deal_reasons,
    feels_unequal,
    figure,
)
from vp_tui.ui.widgets.item_table import Column, ItemTable, fitted
from vp_tui.ui.widgets.pane import RevealPane
from vp_tui.ui.widgets.reveal import Reveal
from vp_tui.ui.widgets.verdict import verdict_content, verdict_text


class SummaryPane(RevealPane):
    """Overall, then one row per component; Enter on a row opens that component."""

    def compose(self) -> ComposeResult:
        yield Static(id="summary-overall", classes="pane-heading")
        yield Static(
            "The partnership is healthy only when all three components are aligned.",
            classes="muted",
        )
        yield ItemTable(id="summary-table")
        yield Static(id="summary-questions")
        yield Static(id="summary-bands", classes="muted")
        yield Static(id="summary-notes", classes="muted")
        yield Static(id="summary-statement")

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        view = reveal.view
        self.query_one("#summary-overall", Static).update(
            Content.assemble("Overall: ", verdict_content(view.overall, plain=self.plain))
        )
        detail_width = max(width - 17 - 14 - 5 - 8 - 2, 12)
        rows = [
            (
                "anticipated",
                view.anticipated.verdict,
                view.anticipated.gap,
                _anticipated(reveal, detail_width),
            ),
            ("values", view.values.verdict, view.values.gap, _values(reveal)),
            (
                "contribution",
                view.contribution.verdict,
                view.contribution.gap,
                _contribution(reveal),
            ),
        ]
        self.query_one("#summary-table", ItemTable).refill(
            [
                Column("Component", 17),
                Column("Verdict", 14),
                Column("Gap", 5, right=True),
                Column("Talk about", detail_width),
            ],
            [
                (
                    component,
                    [
                        COMPONENT_TITLES[component],
                        verdict_text(verdict, reveal.theme, plain=self.plain),
                        Text(figure(gap), justify="right"),
                        fitted(detail, detail_width),
                    ],
                )
                for component, verdict, gap, detail in rows
            ],
        )
        anticipated = view.anticipated
        self.query_one("#summary-questions", Static).update(
            Content.assemble(
                "Is it equal? ",
                verdict_content(anticipated.net_verdict, plain=self.plain),
                f" (net gap {figure(anticipated.gap)})   Does it feel equal? ",
                verdict_content(anticipated.deal_verdict, plain=self.plain),
            )
        )
        thresholds = reveal.session.thresholds
        self.query_one("#summary-bands", Static).update(Content(bands_in_words(thresholds)))
        session = reveal.session
        self.query_one("#summary-notes", Static).update(
            Content(
                f"{_count(len(session.notes), 'note')}, {_count(len(session.actions), 'action')}"
                " (5 lists them, 6 what to talk about). Enter opens a component."
            )
        )
        self.query_one("#summary-statement", Static).update(statement_content(session))


def statement_content(session: Session) -> Content:
    """The agreed Value Proposition, one sentence per component (text literal), and the
    decision of a prospective alliance."""
    lines = [Content.styled(STATEMENT_HEADING, "bold")]
    statement = session.statement
    sentences = [
        (COMPONENT_TITLES[part], getattr(statement, part) if statement else None)
        for part in STATEMENT_PARTS
    ]
    if not any(text for _title, text in sentences):
        lines.append(
            Content.styled("Not agreed yet: s writes one sentence per component.", "$text-muted")
        )
    for title, text in sentences:
        if text:
            lines.append(Content.assemble((f"{title}: ", "bold"), text))
    decision = session.decision
    if decision is not None:
        reason = f": {decision.reason}" if decision.reason else ""
        words = OUTCOME_WORDS[decision.outcome].capitalize()
        lines.append(Content.assemble(("Decision: ", "bold"), words, reason))
    if session.stage == "prospective" and session.phase == "complete":
        change = "f changes the decision." if decision is not None else "f records the decision."
        lines.append(Content.styled(change, "$text-muted"))
    return Content("\n").join(lines)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _anticipated(reveal: Reveal, width: int) -> str:
    score = reveal.view.anticipated
    if score.verdict is Verdict.INCOMPLETE:
        return "ratings or deal answers missing"
    reasons = deal_reasons(reveal.session, score)
    if reasons:  # whose deal answer makes it feel unequal says more than any figure
        feeling = "feels unequal: " + feels_unequal(reveal.session, score, words=False)
        if cell_width(feeling) <= width:
            return feeling
        # "Ben Okafor -2" rather than the name cut short
        return "feels unequal: " + ", ".join(f"{n} {deal_figure(d)}" for n, d in reasons)
    if score.net_verdict is not score.deal_verdict:
        return "the figures and the feeling disagree"
    no_gain = [reveal.name(pid) for pid, value in score.partners.items() if (value.net or 0) <= 0]
    if no_gain:  # nobody enters a partnership without expecting a gain
        return "expects no gain: " + ", ".join(no_gain)
    nets = [value.net for value in score.partners.values() if value.net is not None]
    return f"nets from {figure(min(nets), signed=True)} to {figure(max(nets), signed=True)}"


def _values(reveal: Reveal) -> str:
    ordered = reveal.values_worst_first()
    if not ordered:
        return "no values listed"
    missing = sum(1 for item in ordered if item.verdict is Verdict.INCOMPLETE)
    if missing:
        return f"{_count(missing, 'value')} not rated by everyone"
    worst = ordered[0]
    if worst.verdict is Verdict.ALIGNED and reveal.view.values.present is not Verdict.ALIGNED:
        return "no value matters to every partner"
    return f"gap {worst.gap:g}: {worst.item}"


def _contribution(reveal: Reveal) -> str:
    score = reveal.view.contribution
    if score.verdict is Verdict.INCOMPLETE:
        return "contributions not rated by everyone"
    if score.present is not Verdict.ALIGNED and score.equal is Verdict.ALIGNED:
        partner, worth = min(score.worth.items(), key=lambda entry: entry[1])
        return f"seen as small: {reveal.name(partner)} (worth {figure(worth)})"
    partner, balance = max(score.balance.items(), key=lambda entry: abs(entry[1]))
    return f"balance {figure(balance, signed=True)}: {reveal.name(partner)}"

"""The Value Proposition statement and a prospective alliance's decision, asked in dialogs.

After the reveal the partners agree one sentence per component, each box prefilled with
what the file holds and hinted by what the equality view found there (its verdict and
first reason). Finishing a prospective session asks for the decision first: go, no-go or
go with conditions (the conditions are the session's actions), and a reason line.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from vp_tui.live.session import LiveSession
from vp_tui.model.changes import ChangeError
from vp_tui.model.events import STATEMENT_PARTS, outcome_named
from vp_tui.model.fields import FreeText, Outcome, Sentence
from vp_tui.model.scoring import (
    AnticipatedScore,
    ContributionScore,
    EqualityView,
    ValuesScore,
    Verdict,
)
from vp_tui.model.session import Session
from vp_tui.model.wording import OUTCOME_WORDS, STATEMENT_HEADING
from vp_tui.report.sections import COMPONENT_TITLES
from vp_tui.storage.previous import EarlierStatement
from vp_tui.ui.screens.action import ActionDraft
from vp_tui.ui.screens.choose import ChooseScreen
from vp_tui.ui.screens.decision import ConditionsScreen
from vp_tui.ui.screens.lines import LineField, LinesScreen

STATEMENT_INTRO = (
    "One sentence each that you both agree, in your own words: what you expect to gain, "
    "the values you share, and what each of you brings. Empty leaves a component without one."
)


def statement_hint(view: EqualityView, part: str) -> str:
    """What the equality view found for a component, as a hint for its sentence."""
    score: AnticipatedScore | ValuesScore | ContributionScore = (
        view.anticipated
        if part == "anticipated"
        else view.values
        if part == "values"
        else view.contribution
    )
    if score.verdict is Verdict.INCOMPLETE:
        return "The view found: incomplete (ratings missing)."
    found = f"The view found: {score.verdict.value}"
    if score.reasons:
        return f"{found}. {score.reasons[0]}."
    if part == "values" and view.values.shared:
        return f"{found}; you share {', '.join(view.values.shared[:3])}."
    return f"{found}."


def statement_fields(session: Session, view: EqualityView) -> list[LineField]:
    """One line per component, prefilled with the sentence agreed so far."""
    statement = session.statement
    return [
        LineField(
            COMPONENT_TITLES[part],
            (getattr(statement, part) or "") if statement is not None else "",
            Sentence,
            statement_hint(view, part),
        )
        for part in STATEMENT_PARTS
    ]


def agree_statement(screen: Widget, live: LiveSession, view: EqualityView) -> None:
    """Ask for the statement's three sentences and record those that changed."""

    def agreed(lines: tuple[str, ...] | None) -> None:
        if lines is None:
            return
        try:
            for part, text in zip(STATEMENT_PARTS, lines, strict=True):
                live.set_statement(part, text or None)
        except ChangeError as error:
            screen.notify(str(error), title="Statement not saved", severity="error", markup=False)
            return
        screen.notify("Saved. It heads every report.", title=STATEMENT_HEADING, markup=False)

    fields = statement_fields(live.session, view)
    screen.app.push_screen(LinesScreen(STATEMENT_HEADING, fields, intro=STATEMENT_INTRO), agreed)


def earlier_statement_words(earlier: EarlierStatement) -> str:
    """What the partnership agreed last time, as a notice when its next session opens."""
    sentences = [
        f"{COMPONENT_TITLES[part]}: {text}"
        for part in STATEMENT_PARTS
        if (text := getattr(earlier.statement, part))
    ]
    return f"{STATEMENT_HEADING}, agreed in {earlier.title}:\n" + "\n".join(sentences)


DECISION_QUESTION = (
    "This alliance is being considered: what do you decide? (The conditions of a go with "
    "conditions are the session's actions.)"
)

NEEDS_CONDITIONS = (
    "A go with conditions needs at least one open action, its conditions: write them when "
    "asked, or press a on the view to record one."
)


def open_actions(session: Session) -> int:
    """How many of the session's actions are still open (the conditions of a go)."""
    return sum(1 for action in session.actions if action.status == "open")


def ask_decision(screen: Widget, live: LiveSession, then: Callable[[], object]) -> None:
    """Ask a prospective session's decision and its reason, record it, then go on with
    ``then`` (nothing happens when a dialog is cancelled).

    A go with conditions asks for its conditions first when no action is open, and each
    one is recorded as an action at once; it is refused without any."""
    choices = [(outcome, words.capitalize()) for outcome, words in OUTCOME_WORDS.items()]

    def refuse(why: str) -> None:
        screen.notify(why, title="Not decided", severity="error", markup=False)

    def chosen(outcome: str | None) -> None:
        known = outcome_named(outcome)
        if known is None:
            return
        if known != "go-with-conditions" or open_actions(live.session):
            ask_reason(known)
            return

        def conditioned(conditions: list[ActionDraft] | None) -> None:
            if conditions is None:
                refuse(NEEDS_CONDITIONS)
                return
            try:
                for condition in conditions:
                    live.add_action(condition.text, owner=condition.owner)
            except ChangeError as error:
                refuse(str(error))
                return
            ask_reason(known)

        session = live.session
        partners = [(partner.id, partner.name) for partner in session.partners]
        screen.app.push_screen(ConditionsScreen(partners, session.facilitator), conditioned)

    def ask_reason(known: Outcome) -> None:
        hint = (
            f"The conditions are the session's actions: {open_actions(live.session)} open now "
            "(press a on the view to record another)."
            if known == "go-with-conditions"
            else "Why, in a line (optional)."
        )
        current = live.session.decision
        reason = LineField(
            f"Decision: {OUTCOME_WORDS[known]}. The reason",
            (current.reason or "") if current is not None else "",
            FreeText,
            hint,
        )

        def reasoned(lines: tuple[str, ...] | None) -> None:
            if lines is None:
                return
            if known == "go-with-conditions" and not open_actions(live.session):
                refuse(NEEDS_CONDITIONS)  # every condition done or dropped meanwhile
                return
            try:
                live.set_decision(known, lines[0] or None)
            except ChangeError as error:
                refuse(str(error))
                return
            then()

        screen.app.push_screen(LinesScreen("The decision", [reason]), reasoned)

    screen.app.push_screen(ChooseScreen(DECISION_QUESTION, choices), chosen)


def change_decision(screen: Widget, live: LiveSession) -> None:
    """Ask a complete prospective session's decision again (the alliance's circumstances
    change after the workshop) and say what it is now."""

    def changed() -> None:
        decision = live.session.decision
        words = OUTCOME_WORDS[decision.outcome].capitalize() if decision is not None else ""
        screen.notify(f"Decision: {words}. It heads every report.", title="Decision changed")

    ask_decision(screen, live, changed)

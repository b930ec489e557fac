"""The words of the framework that several places show: one source, said the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vp_tui.model.session import Action, Session, Thresholds

DEAL_QUESTION = "Considering what you put in and what you get out, who gets the better deal?"

DEAL_WORDS = {
    3: "I get a much better deal",
    2: "I get a better deal",
    1: "I get a slightly better deal",
    0: "it is even",
    -1: "my partners get a slightly better deal",
    -2: "my partners get a better deal",
    -3: "my partners get a much better deal",
}
"""The deal answer in words, from the partner's point of view (DESIGN.md section 2)."""

OUTCOME_WORDS = {
    "go": "go",
    "no-go": "no-go",
    "go-with-conditions": "go with conditions",
}
"""A prospective alliance's decision in words."""

STAGE_WORDS = {
    "current": "Current partnership",
    "prospective": "Prospective alliance (before it starts)",
}
"""A session's stage in words."""

STATEMENT_HEADING = "Our Value Proposition"

DEAL_LEGEND = "Deal: +3 I get a much better deal, 0 it is even, -3 my partners do."


def bands_in_words(thresholds: Thresholds) -> str:
    """The bands a session is judged by, in a client's words (one sentence)."""
    aligned, at_risk = thresholds.aligned, thresholds.at_risk
    values_aligned, values_at_risk = thresholds.values_band
    values = (
        "the same for shared values"
        if (values_aligned, values_at_risk) == (aligned, at_risk)
        else f"shared values up to {values_aligned:g} and {values_at_risk:g}"
    )
    return (
        f"Bands: a gap up to {aligned:g} is aligned, up to {at_risk:g} at risk, above that "
        f"out of sync; {values}. A rating of {thresholds.present_at:g} or more counts as "
        "really there."
    )


STATUS_MARKS = {"open": "○", "done": "✓", "dropped": "✗"}
"""An action's status as a mark that reads without colour."""

FACILITATOR = "Facilitator"
EVERYONE = "Everyone"
NOBODY = "Unassigned"


def owner_name(session: Session, owner: str | None) -> str:
    """Who owns an action, by name: a partner's name, the facilitator's (or "Facilitator"),
    "Everyone", or "Unassigned"."""
    if owner is None:
        return NOBODY
    if owner == "everyone":
        return EVERYONE
    if owner == "facilitator":
        return session.facilitator or FACILITATOR
    try:
        return session.partner(owner).name
    except KeyError:  # a hand-edited file that no longer validates
        return owner


def action_facts(session: Session, action: Action) -> str:
    """Owner, due date and status of an action in words: "Ben Okafor, due 2026-12-15, open"."""
    facts = [owner_name(session, action.owner)]
    if action.due is not None:
        facts.append(f"due {action.due.isoformat()}")
    facts.append(action.status)
    return ", ".join(facts)


_FOR_TWO = (
    ("the others put in", "your partner puts in"),
    ("the others give", "your partner gives"),
    ("the others bring", "your partner brings"),
    ("the others'", "the other's"),
    ("everyone else's", "the other's"),
    ("the others", "your partner"),
    ("every partner brings", "each of you brings"),
    ("every member brings", "each of you brings"),
    ("your partners", "your partner"),
    ("my partners get", "my partner gets"),
    ("my partners do", "my partner does"),
    ("for my partners", "for my partner"),
)
"""Phrases written for any number of partners, and how they read between two."""


def deal_words(answer: int, count: int) -> str:
    """A deal answer in words, for the session's number of partners ("my partner gets a
    better deal" between two)."""
    return for_partners(DEAL_WORDS[answer], count)


def for_partners(text: str, count: int) -> str:
    """A text of the framework worded for the session's number of partners: between two,
    "your partner" rather than "the others"."""
    if count != 2:
        return text
    for many, two in _FOR_TWO:
        text = text.replace(many, two)
    return text

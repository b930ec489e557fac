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

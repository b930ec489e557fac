"""What each event of a session's history did, in one line of words with names, not ids.

The replay shows these lines step by step; the words are read from the typed event
(``model.events``), so that every kind is said, and an unknown one is shown as written.
"""

from __future__ import annotations

from vp_tui.model import events as kinds
from vp_tui.model.session import Event, Session
from vp_tui.model.wording import DEAL_WORDS, OUTCOME_WORDS, deal_words


def _name(session: Session, actor: str) -> str:
    if actor in session.partner_ids:
        return session.partner(actor).name
    if actor == "facilitator":
        return session.facilitator or "The facilitator"
    return actor


def _owner_name(session: Session, owner: str) -> str:
    return "everyone" if owner == "everyone" else _name(session, owner)


def start_words(session: Session) -> str:
    """What the first step of a replay says: the session before anything happened."""
    items = len(session.benefits) + len(session.costs) + len(session.values)
    return f"Start: {len(session.partners)} partners, {items} items, nothing rated yet"


_LISTS = {"benefits": "benefit", "costs": "cost", "values": "value"}


def describe(session: Session, event: Event) -> str:
    """One line saying what an event did, with names rather than ids."""
    return _words(session, kinds.typed(event))


def _words(session: Session, change: kinds.Change) -> str:
    who = _name(session, change.actor)
    match change:
        case kinds.Rate(list_name="deal"):
            figure = f"{change.rating:+d}" if change.rating else "0"
            words = (
                deal_words(change.rating, len(session.partners))
                if change.rating in DEAL_WORDS
                else ""
            )
            return f"{who} answered the deal question: {figure} ({words})"
        case kinds.Rate(list_name="contributions"):
            whose = (
                "their own" if change.name == change.actor else f"{_name(session, change.name)}'s"
            )
            return f"{who} rated {whose} contribution: {change.rating}"
        case kinds.Rate():
            return f"{who} rated the {_LISTS[change.list_name]} “{change.name}”: {change.rating}"
        case kinds.Dealbreaker():
            return f"{who} {'marked' if change.marked else 'unmarked'} “{change.item}” as a dealbreaker"
        case kinds.Brings():
            return f"{who} listed what they bring: {'; '.join(change.items)}"
        case kinds.Done():
            return f"{who} finished the {change.round} round"
        case kinds.OpenRound():
            return f"{who} opened the {change.round} round"
        case kinds.Reopen():
            return f"{who} reopened {_name(session, change.partner)}'s {change.round} round"
        case kinds.SetPhase():
            return f"{who} moved the session to {change.phase}"
        case kinds.Join():
            return f"{who} joined"
        case kinds.Leave():
            return f"{who} left"
        case kinds.AddNote(note=note):
            about = note.component if note.item is None else f"{note.component}: {note.item}"
            return f"{who} noted ({about}): {note.text}"
        case kinds.CarryAction(action=action):
            return f"{who} carried over an open action from {action.carried_from}: {action.text}"
        case kinds.AddAction(action=action):
            owner = f" for {_owner_name(session, action.owner)}" if action.owner else ""
            return f"{who} recorded an action{owner}: {action.text}"
        case kinds.EditNote():
            return f"{who} changed note {change.note_id}: {change.text}"
        case kinds.DeleteNote():
            return f"{who} deleted note {change.note_id}"
        case kinds.EditAction():
            return f"{who} changed action {change.action_id}: {change.text}"
        case kinds.SetOwner():
            owner = _owner_name(session, change.owner) if change.owner else "nobody"
            return f"{who} gave an owner to action {change.action_id}: {owner}"
        case kinds.SetDue():
            return f"{who} set the due date of action {change.action_id}: {change.due or 'none'}"
        case kinds.SetStatus():
            return f"{who} set the status of action {change.action_id}: {change.status}"
        case kinds.DeleteAction():
            return f"{who} deleted action {change.action_id}"
        case kinds.SetMeaning(text=None):
            return f"{who} took back what “{change.item}” means to them"
        case kinds.SetMeaning():
            return f"{who} said what “{change.item}” means to them: {change.text}"
        case kinds.SetStatement(text=None):
            return f"{who} cleared the {change.part} statement"
        case kinds.SetStatement():
            return f"{who} agreed the {change.part} statement: {change.text}"
        case kinds.SetDecision(outcome=str(outcome)):
            reason = f": {change.reason}" if change.reason else ""
            return f"{who} decided {OUTCOME_WORDS[outcome]}{reason}"
        case kinds.SetDecision():
            return f"{who} cleared the decision"
        case kinds.SetNextReview(day=None):
            return f"{who} cleared the date of the next review"
        case kinds.SetNextReview():
            return f"{who} set the next review for {change.day}"
        case kinds.Unknown(original=event):
            value = "" if event.value is None else str(event.value)
            parts = [who, event.kind, event.target or "", value]
            return " ".join(part for part in parts if part)

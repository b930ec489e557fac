"""The tables as the event history tells them, and where a hand edit made them differ.

The history is read by the one reducer (``model.reducer``): replaying a session is applying
its events, in order, to the session as it stood before anything happened.
"""

from __future__ import annotations

from vp_tui.model.events import Rate, typed
from vp_tui.model.events import RatingKey as RatingKey
from vp_tui.model.reducer import HistoryIndex, Tables, apply
from vp_tui.model.session import VERSION, Session


def start_of(session: Session) -> Session:
    """The session before anything happened: its partners and items, nothing rated, phase
    ``setup``, no notes, actions, meanings, statement, decision, next review or history."""
    return session.model_copy(
        update={
            "phase": "setup",
            "benefits": [e.model_copy(update={"ratings": {}}) for e in session.benefits],
            "costs": [e.model_copy(update={"ratings": {}}) for e in session.costs],
            "values": [
                e.model_copy(update={"ratings": {}, "dealbreaker": [], "meaning": {}})
                for e in session.values
            ],
            "deal": {},
            "contributions": [],
            "notes": [],
            "actions": [],
            "statement": None,
            "decision": None,
            "next_review": None,
            "events": [],
        }
    )


def gives_ids(session: Session) -> bool:
    """Whether replay gives notes and actions ids: version 2 gives them in the order they
    were added (even when none is left to show it); a version 1 file has none, and then its
    replay gives none either."""
    return (
        session.version >= VERSION
        or any(note.id is not None for note in session.notes)
        or any(action.id is not None for action in session.actions)
    )


def replayed(session: Session, count: int | None = None) -> tuple[Tables, HistoryIndex]:
    """The tables and the history index after the first ``count`` events (all by default)."""
    index = HistoryIndex()
    tables = Tables(start_of(session), numbered=gives_ids(session), index=index)
    for event in session.events[:count]:
        apply(tables, typed(event))
    return tables, index


def table_ratings(session: Session) -> dict[RatingKey, int]:
    """Every rating and deal answer in the session's tables, keyed by where it lives."""
    found: dict[RatingKey, int] = {}
    for list_name in ("benefits", "costs", "values"):
        for entry in session.rated_list(list_name):
            for rater, rating in entry.ratings.items():
                found[(list_name, entry.item, rater)] = rating
    for partner, answer in session.deal.items():
        found[("deal", "", partner)] = answer
    for contribution in session.contributions:
        for rater, rating in contribution.ratings.items():
            found[("contributions", contribution.partner, rater)] = rating
    return found


def history_ratings(session: Session) -> dict[RatingKey, int]:
    """The ratings that replaying the history gives (a later one wins), those for an item
    the tables do not have included."""
    tables, _index = replayed(session)
    return {**table_ratings(tables.session), **tables.stray}


def describe_key(key: RatingKey) -> str:
    """``values/Honesty by ana``: where a rating lives, for messages."""
    list_name, name, rater = key
    target = "deal" if list_name == "deal" else f"{list_name}/{name}"
    return f"{target} by {rater}"


def history_disagreements(session: Session) -> list[str]:
    """How the tables differ from the history (empty when they agree or there is no history)."""
    if not any(event.kind == Rate.kind for event in session.events):
        return []
    tables = table_ratings(session)
    history = history_ratings(session)
    problems = []
    for key in sorted(set(tables) | set(history), key=describe_key):
        in_table, in_history = tables.get(key), history.get(key)
        if in_table == in_history:
            continue
        if in_history is None:
            problems.append(f"{describe_key(key)} is {in_table} in the tables but never rated")
        elif in_table is None:
            problems.append(f"{describe_key(key)} was rated {in_history} but is not in the tables")
        else:
            problems.append(
                f"{describe_key(key)} is {in_table} in the tables, {in_history} in the history"
            )
    return problems

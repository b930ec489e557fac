"""The rating tables as the event history tells them, and where a hand edit made them differ."""

from __future__ import annotations

from vp_tui.model.session import Event, Session, parse_target

RatingKey = tuple[str, str, str]
"""(target, rater) plus the list it belongs to: ("values", "Honesty", "ana"); deal is ("deal", "", "ana")."""


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


def history_ratings(events: list[Event]) -> dict[RatingKey, int]:
    """The ratings that replaying the rate events in order gives (a later one wins)."""
    found: dict[RatingKey, int] = {}
    for event in events:
        if event.kind != "rate" or not isinstance(event.value, int):
            continue
        list_name, name = parse_target(event.target)
        found[(list_name, name, event.actor)] = event.value
    return found


def describe_key(key: RatingKey) -> str:
    """``values/Honesty by ana``: where a rating lives, for messages."""
    list_name, name, rater = key
    target = "deal" if list_name == "deal" else f"{list_name}/{name}"
    return f"{target} by {rater}"


def history_disagreements(session: Session) -> list[str]:
    """How the tables differ from the history (empty when they agree or there is no history)."""
    if not any(event.kind == "rate" for event in session.events):
        return []
    tables = table_ratings(session)
    history = history_ratings(session.events)
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

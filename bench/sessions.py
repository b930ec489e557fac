"""Sessions for benchmarks: large, valid, deterministic, built with the model itself."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from vp_tui.model.changes import rate
from vp_tui.model.session import (
    FORMAT,
    VERSION,
    Action,
    Contribution,
    Note,
    Partner,
    RatedItem,
    Session,
    ValueItem,
)

_PEOPLE = [
    ("ana", "Ana Ruiz"),
    ("ben", "Ben Okafor"),
    ("chloe", "Chloé Martin"),
    ("dev", "Dev Patel"),
    ("eva", "Eva Lindqvist"),
    ("femi", "Femi Adeyemi"),
    ("gus", "Gus O'Brien"),
    ("hana", "Hana Sato"),
]
_WORDS = {
    "benefits": "Income from course sales",
    "costs": "Evenings spent recording",
    "values": "Honesty — answers within a day",
}
CREATED = datetime(2026, 11, 27, 10, 0, 0, tzinfo=UTC)


def _partners(count: int) -> list[Partner]:
    """The first ``count`` partners (a session has 2 to 8)."""
    return [Partner(id=slug, name=name) for slug, name in _PEOPLE[:count]]


def large_session(partners: int = 8, items: int = 60, events: int = 2000) -> Session:
    """A complete session: every item rated, a full deal, every contribution rated by all.

    ``events`` rate events are replayed through ``vp_tui.model.changes.rate`` over every
    rating slot in turn, so the history agrees with the tables once every slot was rated
    (at least about 1,500 events with the defaults). The same arguments give the same session.
    """
    chooser = random.Random(f"{partners}/{items}/{events}")
    people = _partners(partners)
    ids = [partner.id for partner in people]
    session = Session(
        format=FORMAT,
        version=VERSION,
        title="Eight partners — regional training co-operative (benchmark)",
        kind="joint-venture",
        facilitator="Lynda",
        created=CREATED,
        phase="complete",
        partners=people,
        benefits=[RatedItem(item=f"{_WORDS['benefits']} #{n:03d}") for n in range(1, items + 1)],
        costs=[RatedItem(item=f"{_WORDS['costs']} #{n:03d}") for n in range(1, items + 1)],
        values=[
            ValueItem(
                item=f"{_WORDS['values']} #{n:03d}",
                dealbreaker=[ids[n % partners]] if n % 10 == 0 else [],
            )
            for n in range(1, items + 1)
        ],
        contributions=[
            Contribution(
                partner=partner_id,
                brings=[f"Course content ({partner_id})", "Recording studio", "Mailing list"],
            )
            for partner_id in ids
        ],
        notes=[
            Note(
                component="values",
                item=f"{_WORDS['values']} #{n:03d}",
                text=f"Partners differ here.\nFollow up in week {n}.",
            )
            for n in range(1, 6)
        ],
        actions=[
            Action(text=f"Agree a written policy on point {n}", owner=ids[n % partners])
            for n in range(1, 6)
        ],
    )
    targets = [
        f"{list_name}/{entry.item}"
        for list_name in ("benefits", "costs", "values")
        for entry in session.rated_list(list_name)
    ]
    slots = [(target, rater) for target in targets for rater in ids]
    slots += [("deal", rater) for rater in ids]
    slots += [(f"contributions/{owner}", rater) for owner in ids for rater in ids]
    moment = CREATED
    for number in range(events):
        target, rater = slots[number % len(slots)]
        value = chooser.randint(-3, 3) if target == "deal" else chooser.randint(0, 10)
        moment += timedelta(seconds=chooser.randint(1, 20))
        rate(session, rater, target, value, at=moment)
    # Re-validate the whole: the cross-field rules run only when a Session is built.
    return Session.model_validate(session.model_dump())

"""A partnership over time: reviews that come due, actions that run late, disconnects that recur.

Every date is given (a frozen clock): ``today`` is passed in, never read from the machine.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from tests.conftest import DATA
from vp_tui.model.portfolio import portfolio
from vp_tui.model.recurring import Flag, recurring
from vp_tui.model.review import add_months, review, reviews
from vp_tui.storage.summary import read_summary

AUTUMN = DATA / "portfolio" / "2026-09-10-autumn-check-in.toml"
TODAY = date(2027, 4, 15)


def _session(folder: Path, name: str, created: str, **changes: Any) -> Path:
    """The autumn check-in made calm (every item aligned), re-dated and changed: ``values``
    maps a value's name to (ana, ben) ratings."""
    data = tomllib.loads(AUTUMN.read_text(encoding="utf-8"))
    for table, rating in (("benefits", 7), ("costs", 3), ("contributions", 8)):
        for entry in data[table]:
            entry["ratings"] = {"ana": rating, "ben": rating}
    data["deal"] = {"ana": 0, "ben": 0}
    data["created"] = datetime.fromisoformat(created)
    data["title"] = f"Ana & Ben — {name}"
    data["kind"] = changes.pop("kind", "business")
    for item, ratings in changes.pop("values", {}).items():
        entry = next(value for value in data["values"] if value["item"] == item)
        entry["ratings"] = {"ana": ratings[0], "ben": ratings[1]}
    data.update(changes)
    path = folder / f"{created[:10]}-{name}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def _due_for(path: Path, today: date = TODAY, months: int | None = 6) -> Any:
    [partnership] = portfolio([read_summary(path)])
    return review(partnership, today, lambda kind: months)


def test_a_partnership_reviewed_seven_months_ago_with_a_90_day_cadence_is_due(
    tmp_path: Path,
) -> None:
    # Reviewed 2026-09-15 (seven months before TODAY); the session set its next review 90
    # days on, as finishing it does with a 90-day cadence.
    path = _session(
        tmp_path, "review", "2026-09-15T10:00:00Z", version=2, next_review=date(2026, 12, 14)
    )
    found = _due_for(path)
    assert found.next_review == date(2026, 12, 14)
    assert found.review_due and found.due
    # The day before, it was not due yet.
    assert not _due_for(path, today=date(2026, 12, 13)).review_due


def test_without_a_date_the_review_comes_from_the_templates_cadence(tmp_path: Path) -> None:
    path = _session(tmp_path, "review", "2026-09-15T10:00:00Z")
    found = _due_for(path, today=date(2027, 3, 14), months=6)
    assert (found.next_review, found.review_from_template) == (date(2027, 3, 15), True)
    assert not found.review_due
    assert _due_for(path, today=date(2027, 3, 15), months=6).review_due


def test_a_session_under_way_is_not_due_for_review(tmp_path: Path) -> None:
    path = _session(tmp_path, "review", "2026-01-15T10:00:00Z", phase="rating")
    found = _due_for(path)
    assert found.next_review is None and not found.due


def test_an_action_past_its_due_date_is_overdue_and_one_done_is_not(tmp_path: Path) -> None:
    # Due yesterday; long past but done; due today.
    actions = [
        {"text": "Write the support policy", "owner": "ben", "due": date(2027, 4, 14)},
        {"text": "Book the studio", "owner": "ana", "due": date(2027, 1, 1), "status": "done"},
        {"text": "Price the course", "owner": "everyone", "due": date(2027, 4, 15)},
    ]
    path = _session(tmp_path, "review", "2027-04-01T10:00:00Z", version=2, actions=actions)
    found = _due_for(path)
    assert [action.text for action in found.overdue_actions] == ["Write the support policy"]
    assert [action.owner for action in found.open_actions] == ["Ben Okafor", "Everyone"]
    assert found.due and not found.review_due


def test_what_needs_attention_comes_first(tmp_path: Path) -> None:
    calm = _session(tmp_path, "calm", "2027-04-01T10:00:00Z", partnership="Calm")
    late = _session(tmp_path, "late", "2026-01-01T10:00:00Z", partnership="Late")
    found = reviews(portfolio([read_summary(calm), read_summary(late)]), TODAY, {"business": 6})
    assert [r.partnership.name for r in found] == ["Late", "Calm"]


def test_months_are_added_to_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_an_item_at_risk_in_two_of_the_last_three_sessions_recurs_and_one_at_risk_once_not(
    tmp_path: Path,
) -> None:
    # Work ethic at risk (gap 3) in the first and the third; Customer service once (gap 3),
    # in the second. Everything else stays as in the autumn check-in.
    paths = [
        _session(tmp_path, "one", "2026-03-01T10:00:00Z", values={"Work ethic": (9, 6)}),
        _session(tmp_path, "two", "2026-06-01T10:00:00Z", values={"Customer service": (7, 4)}),
        _session(tmp_path, "three", "2026-09-01T10:00:00Z", values={"Work ethic": (8, 5)}),
    ]
    [partnership] = portfolio([read_summary(path) for path in paths])
    assert [len(read_summary(path).flags) for path in paths] == [1, 1, 1]
    found = review(partnership, TODAY, lambda kind: 6).recurring
    assert [(r.flag.describe(), r.times, r.window) for r in found] == [("Work ethic", 2, 3)]
    # Remedied in between (aligned in the second session): recurring, but not "not remedied".
    assert not found[0].not_remedied


def test_a_business_value_still_at_risk_in_the_next_session_is_not_remedied() -> None:
    honesty = Flag("value", "honesty", "Honesty", "at risk")
    assert recurring([(honesty,), (honesty,)], "business")[0].not_remedied
    # Personal partnerships tolerate it more: flagged as recurring, not as "not remedied".
    [personal] = recurring([(honesty,), (honesty,)], "personal")
    assert (personal.times, personal.not_remedied) == (2, False)
    # Only the last three sessions count.
    assert recurring([(honesty,), (honesty,), (), (), ()], "business") == []


def test_a_partners_net_and_a_contributors_balance_are_flagged_by_name() -> None:
    # The autumn check-in: Ben's net (0.5) is 4.5 below Ana's (5), out of sync; Ana's
    # balance is 3 (she feels she brings more), at risk; every value is aligned.
    flags = read_summary(AUTUMN).flags
    assert flags == (
        ("net", "ben", "Ben Okafor", "out of sync"),
        ("balance", "ana", "Ana Ruiz", "at risk"),
    )
    assert Flag(*flags[0]).describe() == "Ben Okafor's net"


def test_a_revealed_session_with_nothing_at_risk_counts_in_the_window(tmp_path: Path) -> None:
    # At risk in the first two, then a calm third: recurring (2 of 3), remedied by the third.
    paths = [
        _session(tmp_path, "one", "2026-03-01T10:00:00Z", values={"Work ethic": (9, 6)}),
        _session(tmp_path, "two", "2026-06-01T10:00:00Z", values={"Work ethic": (9, 6)}),
        _session(tmp_path, "three", "2026-09-01T10:00:00Z"),
    ]
    [partnership] = portfolio([read_summary(path) for path in paths])
    [found] = review(partnership, TODAY, lambda kind: 6).recurring
    assert (found.flag.label, found.times, found.window, found.not_remedied) == (
        "Work ethic",
        2,
        3,
        False,
    )

"""Scoring follows docs/scoring.md exactly: the worked example, boundaries, incompleteness."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest

from vp_tui.model.scoring import Verdict, equality_view, worst
from vp_tui.model.session import Session


def make_session(
    *,
    partners: tuple[str, ...] = ("ana", "ben"),
    benefits: dict[str, dict[str, int]] | None = None,
    costs: dict[str, dict[str, int]] | None = None,
    deal: dict[str, int] | None = None,
    values: dict[str, dict[str, int]] | None = None,
    dealbreakers: dict[str, list[str]] | None = None,
    contributions: dict[str, dict[str, int]] | None = None,
    thresholds: tuple[float, float] = (2.0, 4.0),
) -> Session:
    """A session built from plain tables, the way a file states them."""
    dealbreakers = dealbreakers or {}
    data: dict[str, Any] = {
        "format": "vp-tui/session",
        "version": 1,
        "title": "Scoring test",
        "kind": "business",
        "created": datetime(2026, 11, 27, 10, tzinfo=UTC),
        "thresholds": {"aligned": thresholds[0], "at_risk": thresholds[1]},
        "partners": [{"id": pid, "name": pid.title()} for pid in partners],
        "benefits": [{"item": k, "ratings": v} for k, v in (benefits or {}).items()],
        "costs": [{"item": k, "ratings": v} for k, v in (costs or {}).items()],
        "deal": deal or {},
        "values": [
            {"item": k, "ratings": v, "dealbreaker": dealbreakers.get(k, [])}
            for k, v in (values or {}).items()
        ],
        "contributions": [{"partner": k, "ratings": v} for k, v in (contributions or {}).items()],
    }
    return Session.model_validate(data)


WORKED = {
    "benefits": {"Income": {"ana": 8, "ben": 7}, "Reputation": {"ana": 6, "ben": 5}},
    "costs": {
        "Time": {"ana": 5, "ben": 4},
        "Effort": {"ana": 6, "ben": 4},
        "Money": {"ana": 2, "ben": 3},
    },
    "deal": {"ana": 0, "ben": -1},
    "values": {
        "Work ethic": {"ana": 9, "ben": 6},
        "Honesty": {"ana": 10, "ben": 10},
        "Quality": {"ana": 8, "ben": 9},
        "Customer service": {"ana": 7, "ben": 3},
    },
    # contributions[partner][rater]: r(ana,ana)=8, r(ana,ben)=6, r(ben,ben)=7, r(ben,ana)=7
    "contributions": {"ana": {"ana": 8, "ben": 7}, "ben": {"ana": 6, "ben": 7}},
}


def test_worked_example_gives_the_designs_figures() -> None:
    view = equality_view(make_session(**WORKED))
    ana, ben = view.anticipated.partners["ana"], view.anticipated.partners["ben"]
    assert (ana.benefit, ben.benefit) == (7.0, 6.0)
    assert round(ana.net, 2) == 2.67 and round(ben.net, 2) == 2.33  # type: ignore[arg-type]
    assert view.anticipated.gap == pytest.approx(1 / 3)
    assert view.anticipated.verdict is Verdict.ALIGNED
    assert view.values.gap == 4
    assert view.values.verdict is Verdict.AT_RISK
    assert view.contribution.balance == {"ana": 2.0, "ben": 0.0}
    assert view.contribution.gap == 2
    assert view.contribution.verdict is Verdict.ALIGNED
    assert view.overall is Verdict.AT_RISK


def test_worked_example_with_a_dealbreaker_is_out_of_sync() -> None:
    view = equality_view(make_session(**WORKED, dealbreakers={"Work ethic": ["ana"]}))
    work_ethic = next(item for item in view.values.items if item.item == "Work ethic")
    assert work_ethic.verdict is Verdict.OUT_OF_SYNC
    assert view.values.verdict is Verdict.OUT_OF_SYNC
    assert view.overall is Verdict.OUT_OF_SYNC


def test_worked_example_file_through_report_json(worked_example_path: Any) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vp_tui", "report", str(worked_example_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout)
    assert report["overall"] == "at risk"
    assert report["anticipated"]["verdict"] == "aligned"
    assert report["anticipated"]["gap"] == pytest.approx(1 / 3)
    assert report["anticipated"]["partners"]["ana"]["net"] == pytest.approx(8 / 3)
    assert report["anticipated"]["partners"]["ben"]["net"] == pytest.approx(7 / 3)
    assert report["anticipated"]["partners"]["ben"]["deal"] == -1
    assert report["values"]["verdict"] == "at risk" and report["values"]["gap"] == 4
    customer = next(i for i in report["values"]["items"] if i["item"] == "Customer service")
    assert customer == {
        "item": "Customer service",
        "gap": 4.0,
        "verdict": "at risk",
        "ratings": {"ana": 7, "ben": 3},
        "dealbreaker": [],
    }
    assert report["contribution"]["balance"] == {"ana": 2.0, "ben": 0.0}
    assert report["contribution"]["recognition"] == {"ana": 1.0, "ben": 1.0}
    assert report["contribution"]["verdict"] == "aligned"
    assert report["contribution"]["gap"] == 2.0


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (8, 6, Verdict.ALIGNED),  # gap 2 == aligned: aligned
        (9, 6, Verdict.AT_RISK),  # gap 3
        (10, 6, Verdict.AT_RISK),  # gap 4 == at_risk: at risk
        (10, 5, Verdict.OUT_OF_SYNC),  # gap 5
    ],
)
def test_value_gap_on_a_threshold_falls_on_the_documented_side(
    low: int, high: int, expected: Verdict
) -> None:
    view = equality_view(make_session(values={"Honesty": {"ana": low, "ben": high}}))
    assert view.values.items[0].verdict is expected


def test_net_gap_of_thirds_on_the_threshold_is_aligned() -> None:
    # ana's net is 4/3, ben's 1/3: a gap of exactly 1.
    session = make_session(
        benefits={"A": {"ana": 3, "ben": 1}, "B": {"ana": 1, "ben": 0}, "C": {"ana": 0, "ben": 0}},
        costs={"T": {"ana": 0, "ben": 0}},
        deal={"ana": 0, "ben": 0},
        thresholds=(1.0, 4.0),
    )
    view = equality_view(session)
    assert view.anticipated.gap == pytest.approx(1.0)
    assert view.anticipated.verdict is Verdict.ALIGNED


def test_a_gap_at_a_decimal_threshold_compares_as_written() -> None:
    # nets 0.8 and 0.5: in binary floats 0.8 - 0.5 is 0.30000000000000004, above 0.3;
    # the exact gap is 0.3, on the threshold, so aligned.
    assert 0.8 - 0.5 > 0.3
    session = make_session(
        benefits={f"B{i}": {"ana": int(i < 8), "ben": int(i < 5)} for i in range(10)},
        costs={"T": {"ana": 0, "ben": 0}},
        deal={"ana": 0, "ben": 0},
        thresholds=(0.3, 4.0),
    )
    view = equality_view(session)
    assert view.anticipated.gap == pytest.approx(0.3)
    assert view.anticipated.verdict is Verdict.ALIGNED


@pytest.mark.parametrize(
    ("deal", "expected"),
    [
        ({"ana": 1, "ben": -1}, Verdict.ALIGNED),
        ({"ana": 2, "ben": 0}, Verdict.AT_RISK),
        ({"ana": 0, "ben": -2}, Verdict.AT_RISK),
        ({"ana": -3, "ben": 0}, Verdict.OUT_OF_SYNC),
        ({"ana": 3, "ben": 3}, Verdict.OUT_OF_SYNC),
    ],
)
def test_deal_answers_raise_the_anticipated_verdict(
    deal: dict[str, int], expected: Verdict
) -> None:
    session = make_session(
        benefits={"Income": {"ana": 5, "ben": 5}}, costs={"Time": {"ana": 2, "ben": 2}}, deal=deal
    )
    view = equality_view(session)
    assert view.anticipated.net_verdict is Verdict.ALIGNED
    assert view.anticipated.deal_verdict is expected
    assert view.anticipated.verdict is expected


def test_a_partner_expecting_to_lose_puts_the_anticipated_value_at_risk() -> None:
    session = make_session(
        benefits={"Income": {"ana": 3, "ben": 3}},
        costs={"Time": {"ana": 4, "ben": 4}},
        deal={"ana": 0, "ben": 0},
    )
    view = equality_view(session)
    assert view.anticipated.gap == 0
    assert view.anticipated.verdict is Verdict.AT_RISK


def test_contribution_with_three_partners() -> None:
    ratings = {  # contributions[partner][rater]
        "ana": {"ana": 9, "ben": 5, "cy": 6},
        "ben": {"ana": 4, "ben": 8, "cy": 7},
        "cy": {"ana": 5, "ben": 6, "cy": 7},
    }
    view = equality_view(make_session(partners=("ana", "ben", "cy"), contributions=ratings))
    contribution = view.contribution
    assert contribution.matrix["ana"] == {"ana": 9, "ben": 4, "cy": 5}
    assert contribution.balance["ana"] == pytest.approx(9 - 4.5)
    assert contribution.balance["ben"] == pytest.approx(8 - 5.5)
    assert contribution.balance["cy"] == pytest.approx(7 - 6.5)
    assert contribution.recognition["ana"] == pytest.approx(9 - 5.5)
    assert contribution.recognition["cy"] == pytest.approx(7 - 5.5)
    assert contribution.gap == pytest.approx(4.5)
    assert contribution.verdict is Verdict.OUT_OF_SYNC


def test_missing_ratings_make_components_and_overall_incomplete() -> None:
    partial = dict(WORKED)
    partial["values"] = {**WORKED["values"], "Loyalty": {"ana": 5}}
    view = equality_view(make_session(**partial))
    loyalty = next(item for item in view.values.items if item.item == "Loyalty")
    assert loyalty.verdict is Verdict.INCOMPLETE and loyalty.gap is None
    assert view.values.verdict is Verdict.INCOMPLETE
    assert view.anticipated.verdict is Verdict.ALIGNED
    assert view.overall is Verdict.INCOMPLETE


@pytest.mark.parametrize(
    "change",
    [
        {"deal": {"ana": 0}},
        {"costs": {}},
        {"benefits": {"Income": {"ana": 8, "ben": 7}, "Reputation": {"ana": 6}}},
        {"values": {}},
        {"contributions": {"ana": {"ana": 8, "ben": 7}}},
        {"contributions": {"ana": {"ana": 8, "ben": 7}, "ben": {"ben": 7}}},
    ],
)
def test_each_kind_of_gap_in_the_ratings_is_incomplete(change: dict[str, Any]) -> None:
    view = equality_view(make_session(**{**WORKED, **change}))
    assert view.overall is Verdict.INCOMPLETE


def test_verdict_order() -> None:
    assert worst([Verdict.ALIGNED, Verdict.AT_RISK]) is Verdict.AT_RISK
    assert worst([Verdict.OUT_OF_SYNC, Verdict.AT_RISK]) is Verdict.OUT_OF_SYNC
    assert worst([Verdict.OUT_OF_SYNC, Verdict.INCOMPLETE]) is Verdict.INCOMPLETE


def test_a_deal_reason_is_worded_for_two_partners_or_more() -> None:
    two = equality_view(make_session(**{**WORKED, "deal": {"ana": 0, "ben": -2}}))
    assert "Ben answered -2 on the deal (my partner gets a better deal): at risk" in (
        two.anticipated.reasons
    )
    three = make_session(
        partners=("ana", "ben", "cy"),
        benefits={"Income": {"ana": 5, "ben": 5, "cy": 5}},
        costs={"Time": {"ana": 2, "ben": 2, "cy": 2}},
        deal={"ana": 0, "ben": -2, "cy": 0},
    )
    assert "Ben answered -2 on the deal (my partners get a better deal): at risk" in (
        equality_view(three).anticipated.reasons
    )

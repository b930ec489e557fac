"""Is it there and is it equal: the presence rules, the values band by kind, and the
reasons in words (docs/scoring.md; the two worked examples and the hollow session)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from vp_tui.model.scoring import Verdict, equality_view
from vp_tui.model.session import Session

ALIGNED, AT_RISK, OUT = Verdict.ALIGNED, Verdict.AT_RISK, Verdict.OUT_OF_SYNC


def session(
    *,
    partners: tuple[str, ...],
    benefits: dict[str, dict[str, int]],
    costs: dict[str, dict[str, int]],
    deal: dict[str, int],
    values: dict[str, dict[str, int]],
    contributions: dict[str, dict[str, int]],
    thresholds: dict[str, float] | None = None,
    kind: str = "business",
    dealbreakers: dict[str, list[str]] | None = None,
) -> Session:
    """A version 2 session from plain tables; contributions[partner][rater]."""
    data: dict[str, Any] = {
        "format": "vp-tui/session",
        "version": 2,
        "title": "Presence test",
        "kind": kind,
        "created": datetime(2026, 11, 27, 10, tzinfo=UTC),
        "thresholds": thresholds or {"aligned": 2.0, "at_risk": 4.0},
        "partners": [{"id": pid, "name": pid.title()} for pid in partners],
        "benefits": [{"item": k, "ratings": v} for k, v in benefits.items()],
        "costs": [{"item": k, "ratings": v} for k, v in costs.items()],
        "deal": deal,
        "values": [
            {"item": k, "ratings": v, "dealbreaker": (dealbreakers or {}).get(k, [])}
            for k, v in values.items()
        ],
        "contributions": [{"partner": k, "ratings": v} for k, v in contributions.items()],
    }
    return Session.model_validate(data)


EXAMPLE_1: dict[str, Any] = {
    "partners": ("ana", "ben"),
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
    "contributions": {"ana": {"ana": 8, "ben": 7}, "ben": {"ana": 6, "ben": 7}},
    "thresholds": {"aligned": 2.0, "at_risk": 4.0, "present": 5.0},
}

BUSINESS_BANDS = {
    "aligned": 2.0,
    "at_risk": 4.0,
    "values_aligned": 1.0,
    "values_at_risk": 3.0,
    "present": 5.0,
}

EXAMPLE_2: dict[str, Any] = {
    "partners": ("kim", "lee"),
    "benefits": {"Income": {"kim": 6, "lee": 3}, "Growth": {"kim": 4, "lee": 3}},
    "costs": {"Time": {"kim": 4, "lee": 3}, "Money": {"kim": 2, "lee": 3}},
    "deal": {"kim": 0, "lee": -1},
    "values": {"Honesty": {"kim": 8, "lee": 6}, "Quality": {"kim": 4, "lee": 4}},
    "contributions": {"kim": {"kim": 6, "lee": 6}, "lee": {"kim": 4, "lee": 4}},
    "thresholds": BUSINESS_BANDS,
}


def test_worked_example_1() -> None:
    view = equality_view(session(**EXAMPLE_1))
    nets = {pid: value.net for pid, value in view.anticipated.partners.items()}
    assert nets == pytest.approx({"ana": 8 / 3, "ben": 7 / 3})
    assert view.anticipated.gap == pytest.approx(1 / 3)
    assert (view.anticipated.present, view.anticipated.equal) == (ALIGNED, ALIGNED)
    assert view.anticipated.verdict is ALIGNED and view.anticipated.reasons == ()
    assert view.values.gap == 4 and view.values.verdict is AT_RISK
    assert "Honesty" in view.values.shared and "Customer service" not in view.values.shared
    assert view.values.present is ALIGNED
    assert view.contribution.balance == {"ana": 2.0, "ben": 0.0}
    assert view.contribution.worth == {"ana": 7.5, "ben": 6.5}
    assert view.contribution.verdict is ALIGNED
    assert view.overall is AT_RISK
    with_dealbreaker = session(**EXAMPLE_1, dealbreakers={"Work ethic": ["ana"]})
    assert equality_view(with_dealbreaker).values.verdict is OUT


def test_worked_example_2_every_component_at_risk_for_a_different_reason() -> None:
    view = equality_view(session(**EXAMPLE_2))
    anticipated, values, contribution = view.anticipated, view.values, view.contribution
    assert anticipated.partners["kim"].net == pytest.approx(2.0)
    assert anticipated.partners["lee"].net == pytest.approx(0.0)
    assert anticipated.gap == pytest.approx(2.0)
    assert (anticipated.equal, anticipated.present, anticipated.verdict) == (
        ALIGNED,
        AT_RISK,
        AT_RISK,
    )
    assert anticipated.reasons == ("Lee expects no gain (net 0.00)",)
    assert (values.gap, values.equal, values.present, values.verdict) == (
        2,
        AT_RISK,
        ALIGNED,
        AT_RISK,
    )
    assert values.shared == ("Honesty",)
    assert values.reasons == ("Honesty: gap 2, business band 1: at risk",)
    assert contribution.balance == {"kim": 2.0, "lee": -2.0}
    assert contribution.worth == {"kim": 6.0, "lee": 4.0}
    assert (contribution.equal, contribution.present, contribution.verdict) == (
        ALIGNED,
        AT_RISK,
        AT_RISK,
    )
    assert contribution.reasons == ("Lee's contribution is seen as small (worth 4.00, under 5)",)
    assert view.overall is AT_RISK


def test_the_same_values_are_aligned_under_the_personal_band() -> None:
    personal = {**EXAMPLE_2, "thresholds": {"aligned": 2.0, "at_risk": 4.0}, "kind": "personal"}
    assert equality_view(session(**personal)).values.verdict is ALIGNED
    assert equality_view(session(**EXAMPLE_2)).values.verdict is AT_RISK


def test_a_dealbreaker_under_the_business_band_is_out_of_sync_above_its_aligned_gap() -> None:
    values = {"Honesty": {"kim": 8, "lee": 6}, "Quality": {"kim": 7, "lee": 6}}
    marked = session(**{**EXAMPLE_2, "values": values}, dealbreakers={"Quality": ["lee"]})
    view = equality_view(marked).values
    # Quality's gap of 1 is inside the business band's aligned 1: the mark changes nothing.
    assert [item.verdict for item in view.items] == [AT_RISK, ALIGNED]
    marked = session(**{**EXAMPLE_2, "values": values}, dealbreakers={"Honesty": ["lee"]})
    view = equality_view(marked).values
    assert view.items[0].verdict is OUT and view.verdict is OUT
    assert "Honesty: a dealbreaker for Lee, gap 2: out of sync" in view.reasons


def test_presence_boundaries_a_net_of_zero_a_lowest_rating_at_present_a_worth_at_present() -> None:
    base: dict[str, Any] = {
        "partners": ("ana", "ben"),
        "benefits": {"Income": {"ana": 5, "ben": 6}},
        "costs": {"Time": {"ana": 5, "ben": 5}},
        "deal": {"ana": 0, "ben": 0},
        "values": {"Honesty": {"ana": 5, "ben": 5}},
        "contributions": {"ana": {"ana": 5, "ben": 5}, "ben": {"ana": 5, "ben": 5}},
    }
    view = equality_view(session(**base))
    assert view.anticipated.present is AT_RISK  # Ana's net is exactly 0: no gain
    assert view.values.present is ALIGNED  # the lowest rating equals present: shared
    assert view.contribution.present is ALIGNED  # a worth of exactly present is there
    above = {**base, "benefits": {"Income": {"ana": 6, "ben": 6}}}
    assert equality_view(session(**above)).anticipated.present is ALIGNED
    below = {**base, "values": {"Honesty": {"ana": 5, "ben": 4}}}
    assert equality_view(session(**below)).values.present is AT_RISK


def test_a_hollow_session_is_at_risk_on_all_three_with_a_reason_each() -> None:
    ones = {"ana": 1, "ben": 1}
    hollow = session(
        partners=("ana", "ben"),
        benefits={"Income": ones},
        costs={"Time": ones},
        deal={"ana": 0, "ben": 0},
        values={"Honesty": ones, "Quality": ones},
        contributions={"ana": ones, "ben": ones},
    )
    view = equality_view(hollow)
    for component in (view.anticipated, view.values, view.contribution):
        assert component.equal is ALIGNED
        assert component.present is AT_RISK
        assert component.verdict is AT_RISK
        assert component.reasons, component
    assert view.overall is AT_RISK


def test_reasons_name_partners_never_ids() -> None:
    data = {**EXAMPLE_2, "deal": {"kim": 3, "lee": -2}}
    reasons = equality_view(session(**data)).anticipated.reasons
    assert "Kim answered +3 on the deal (I get a much better deal): out of sync" in reasons
    assert "Lee answered -2 on the deal (my partner gets a better deal): at risk" in reasons


def test_every_json_report_carries_both_answers_and_their_reasons() -> None:
    import json

    from tests.conftest import DATA, EXAMPLES
    from vp_tui.report import render_json, render_text
    from vp_tui.storage import read_session

    files = [
        *EXAMPLES.glob("*.toml"),
        *(DATA / "good").glob("*.toml"),
        *(DATA / "portfolio").glob("*.toml"),
    ]
    assert len(files) >= 7
    for path in files:
        session = read_session(path)
        if session.phase not in ("reveal", "complete"):
            continue  # not revealed: progress only (tested with the progress report)
        report = json.loads(render_json(session))
        for component in ("anticipated", "values", "contribution"):
            part = report[component]
            assert {"present", "equal", "reasons", "prompts"} <= set(part), (path, component)
            if part["verdict"] not in ("aligned", "incomplete"):
                assert part["reasons"], (path, component)
        assert "worth" in report["contribution"]
    ana_and_ben = read_session(EXAMPLES / "2026-11-02-ana-ben-online-course.toml")
    text = render_text(ana_and_ben)
    talk = text.split("Talk about it", 1)[1]
    assert "Customer service criteria" in talk and "day to day" in talk


def test_a_balance_reason_names_the_other_partner_when_there_are_two() -> None:
    data = {
        **EXAMPLE_1,
        "contributions": {"ana": {"ana": 9, "ben": 5}, "ben": {"ana": 3, "ben": 7}},
    }
    reasons = equality_view(session(**data)).contribution.reasons
    assert any(
        reason.startswith("Ana feels they bring more than Ben (balance +6.00") for reason in reasons
    )

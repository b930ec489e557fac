"""Every reason that keeps a component from aligned leads to a discussion prompt.

DESIGN.md section 2: a component is not aligned when it is not there (a partner expects no
gain, no value matters to all, a contribution everyone sees as small) or not equal (a net
gap, an uneven deal, a values gap, a dealbreaker, a contribution balance). Each reason
gets its prompt in the framework's words, worded for two partners ("your partner") or
more ("the others"), whatever the other components say.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.unit.test_presence import BUSINESS_BANDS, EXAMPLE_2, session
from vp_tui.model.scoring import Verdict, equality_view
from vp_tui.model.session import Session
from vp_tui.report.json_report import render_json
from vp_tui.report.markdown_report import render_markdown
from vp_tui.report.prompts import discussion_prompts
from vp_tui.report.text_report import render_text
from vp_tui.storage import read_session

COMPONENTS = ("anticipated", "values", "contribution")


def prompts_of(built: Session) -> dict[str, list[str]]:
    """The prompts' texts, component by component."""
    found: dict[str, list[str]] = {component: [] for component in COMPONENTS}
    for prompt in discussion_prompts(built, equality_view(built)):
        found[prompt.component].append(prompt.text)
    return found


def example_2(**changes: Any) -> Session:
    """DESIGN.md's worked example 2 (kim and lee, business bands), with some changes."""
    return session(**{**EXAMPLE_2, "thresholds": BUSINESS_BANDS, **changes})


def test_worked_example_2_has_a_prompt_for_every_reason_it_is_at_risk() -> None:
    built = example_2()
    view = equality_view(built)
    # The figures of DESIGN.md: at risk on all three, each for its own reason
    assert view.anticipated.reasons == ("Lee expects no gain (net 0.00)",)
    assert view.values.reasons == ("Honesty: gap 2, business band 1: at risk",)
    assert view.contribution.reasons == (
        "Lee's contribution is seen as small (worth 4.00, under 5)",
    )
    prompts = prompts_of(built)
    # Lee expects no gain although the nets are equal (gap 2, aligned)
    assert prompts["anticipated"] == [
        "Lee, you expect no gain from this partnership (net 0.00), and nobody enters a "
        "partnership without one: what would you need to get out of it for it to be worth "
        "your while, and what can your partner do to make that happen?"
    ]
    assert prompts["values"] == [
        "Kim rates Honesty 8 and Lee 6: what does Honesty look like day to day for each of you?"
    ]
    # Lee's contribution is seen as small although the balance is equal (gap 2, aligned)
    assert prompts["contribution"] == [
        "Lee, what you bring is worth 4 on average to both of you, under 5: is it really "
        "small, or does part of it go unseen? What could you bring that your partner would "
        "value more?"
    ]


def test_every_component_not_aligned_has_as_many_prompts_as_reasons() -> None:
    for built in (
        example_2(),
        example_2(deal={"kim": 3, "lee": -2}),
        example_2(dealbreakers={"Honesty": ["kim"]}),
        example_2(thresholds={**BUSINESS_BANDS, "aligned": 1.0, "at_risk": 2.0}),
        example_2(benefits={"Income": {"kim": 6, "lee": 1}, "Growth": {"kim": 4, "lee": 1}}),
        example_2(values={"Honesty": {"kim": 4, "lee": 4}, "Quality": {"kim": 4, "lee": 4}}),
    ):
        view = equality_view(built)
        prompts = prompts_of(built)
        for component in COMPONENTS:
            score = getattr(view, component)
            assert score.verdict is not Verdict.INCOMPLETE
            if score.verdict is not Verdict.ALIGNED:
                assert len(prompts[component]) >= len(score.reasons), (score.reasons, prompts)


def test_a_net_of_exactly_zero_is_talked_about_and_a_small_gain_is_not() -> None:
    assert prompts_of(example_2())["anticipated"]  # lee: net 0
    gaining = example_2(costs={"Time": {"kim": 4, "lee": 3}, "Money": {"kim": 2, "lee": 2}})
    assert equality_view(gaining).anticipated.verdict is Verdict.ALIGNED  # lee: net 0.5
    assert prompts_of(gaining)["anticipated"] == []


def test_a_loss_is_talked_about_even_when_the_nets_are_close() -> None:
    # kim: net -0.5, lee: net +0.5: a gap of 1, aligned; kim is at a loss
    built = example_2(
        benefits={"Income": {"kim": 3, "lee": 4}, "Growth": {"kim": 3, "lee": 4}},
        costs={"Time": {"kim": 4, "lee": 3}, "Money": {"kim": 3, "lee": 4}},
    )
    view = equality_view(built)
    assert view.anticipated.net_verdict is Verdict.ALIGNED
    assert prompts_of(built)["anticipated"] == [
        "Kim expects to put in more than they get out (net -0.50): what would make this "
        "partnership worth it for Kim, and can Lee help make that happen?"
    ]


def test_a_worth_exactly_present_needs_no_talk_and_just_under_does() -> None:
    # lee's contribution rated 5 and 5: worth 5.0, there
    there = example_2(contributions={"kim": {"kim": 6, "lee": 6}, "lee": {"kim": 5, "lee": 5}})
    assert equality_view(there).contribution.verdict is Verdict.ALIGNED
    assert prompts_of(there)["contribution"] == []
    # 5 and 4: worth 4.5, under 5
    under = example_2(contributions={"kim": {"kim": 6, "lee": 6}, "lee": {"kim": 5, "lee": 4}})
    assert prompts_of(under)["contribution"] == [
        "Lee, what you bring is worth 4.5 on average to both of you, under 5: is it really "
        "small, or does part of it go unseen? What could you bring that your partner would "
        "value more?"
    ]


def test_no_value_that_matters_to_both_is_talked_about() -> None:
    # Both values rated 4 by both: equal, yet nothing the partners share matters to them
    built = example_2(values={"Honesty": {"kim": 4, "lee": 4}, "Quality": {"kim": 4, "lee": 4}})
    view = equality_view(built)
    assert view.values.equal is Verdict.ALIGNED and view.values.present is Verdict.AT_RISK
    assert prompts_of(built)["values"] == [
        "No value is rated 5 or more by both of you: which values truly matter to each of "
        "you, and which ones would you want this partnership to stand on?"
    ]


def test_the_hollow_session_has_a_prompt_for_each_reason() -> None:
    ones = {"ana": 1, "ben": 1}
    hollow = session(
        partners=("ana", "ben"),
        benefits={"Income": ones},
        costs={"Time": ones},
        deal={"ana": 0, "ben": 0},
        values={"Honesty": ones, "Quality": ones},
        contributions={"ana": ones, "ben": ones},
    )
    prompts = prompts_of(hollow)
    assert [text.split(",")[0] for text in prompts["anticipated"]] == ["Ana", "Ben"]
    assert len(prompts["values"]) == 1
    assert [text.split(",")[0] for text in prompts["contribution"]] == ["Ana", "Ben"]


def test_with_three_partners_the_prompts_say_the_others_and_all_of_you() -> None:
    threes = {"kim": 4, "lee": 4, "max": 4}
    built = session(
        partners=("kim", "lee", "max"),
        benefits={"Income": {"kim": 4, "lee": 3, "max": 4}},
        costs={"Time": {"kim": 2, "lee": 3, "max": 2}},
        deal={"kim": 0, "lee": 0, "max": 0},
        values={"Honesty": threes},
        contributions={
            "kim": {"kim": 6, "lee": 6, "max": 6},
            "lee": threes,
            "max": {"kim": 6, "lee": 6, "max": 6},
        },
        thresholds=BUSINESS_BANDS,
    )
    prompts = prompts_of(built)
    assert prompts["anticipated"] == [
        "Lee, you expect no gain from this partnership (net 0.00), and nobody enters a "
        "partnership without one: what would you need to get out of it for it to be worth "
        "your while, and what can the others do to make that happen?"
    ]
    assert "rated 5 or more by all of you" in prompts["values"][0]
    assert prompts["contribution"] == [
        "Lee, what you bring is worth 4 on average to all of you, under 5: is it really "
        "small, or does part of it go unseen? What could you bring that the others would "
        "value more?"
    ]


def test_a_net_gap_asks_what_would_feel_fair_to_both_or_to_all() -> None:
    wide = {"Income": {"kim": 9, "lee": 3}, "Growth": {"kim": 9, "lee": 3}}
    two = prompts_of(example_2(benefits=wide))["anticipated"][0]
    assert two.startswith("Kim expects a net of +6.00 from this partnership and Lee +0.00")
    assert two.endswith("for it to feel fair to both of you?")
    three = session(
        partners=("kim", "lee", "max"),
        benefits={"Income": {"kim": 9, "lee": 3, "max": 5}},
        costs={"Time": {"kim": 2, "lee": 2, "max": 2}},
        deal={"kim": 0, "lee": 0, "max": 0},
        values={"Honesty": {"kim": 6, "lee": 6, "max": 6}},
        contributions={p: {"kim": 6, "lee": 6, "max": 6} for p in ("kim", "lee", "max")},
    )
    assert prompts_of(three)["anticipated"][0].endswith("for it to feel fair to all of you?")


@pytest.mark.parametrize("render", [render_text, render_markdown, render_json])
def test_the_reports_carry_the_prompts_of_presence(render: Any) -> None:
    text = " ".join(render(example_2()).split())  # as read, whatever the wrapping
    assert "Lee, you expect no gain from this partnership (net 0.00)" in text
    assert "Lee, what you bring is worth 4 on average to both of you" in text


def test_between_two_partners_no_prompt_says_the_others_or_my_partners() -> None:
    for path in EXAMPLES.glob("*.toml"):
        built = read_session(path)
        if len(built.partners) == 2:
            for texts in prompts_of(built).values():
                for text in texts:
                    assert "the others" not in text and "my partners" not in text, text

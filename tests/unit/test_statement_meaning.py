"""What values mean in practice, the statement and the decision: the changes that make them,
their events, the words of replay, the reports (HTML escaped), and prompts worded for two
partners (issue 13, points 4-6)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.conftest import EXAMPLES
from vp_tui.model import changes
from vp_tui.model.changes import ChangeError
from vp_tui.model.replay import replay_steps
from vp_tui.model.scoring import equality_view
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session, round_prompt
from vp_tui.model.wording import for_partners
from vp_tui.report.html_report import render_html
from vp_tui.report.json_report import render_json
from vp_tui.report.markdown_report import render_markdown
from vp_tui.report.prompts import discussion_prompts
from vp_tui.report.text_report import render_text
from vp_tui.storage import parse_session, read_session, session_to_toml
from vp_tui.ui.setup_draft import Draft, Entry, build_session, template_entries

AT = datetime(2026, 11, 27, 10, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script> & [b]x[/b] 'q'"
ANA_AND_BEN = EXAMPLES / "2026-11-02-ana-ben-online-course.toml"


def example() -> Session:
    return read_session(ANA_AND_BEN)


def test_a_meaning_is_set_changed_and_taken_back_each_as_an_event() -> None:
    session = example()
    item = session.values[0].item
    changes.set_meaning(session, "ana", item, "  a reply within a day ", at=AT)
    changes.set_meaning(session, "ana", item, "a reply within a day", at=AT)  # no change
    changes.set_meaning(session, "ben", item, "a week", at=AT)
    changes.set_meaning(session, "ben", item, None, at=AT)
    assert session.values[0].meaning == {"ana": "a reply within a day"}
    meaning_events = [e for e in session.events if e.kind == "meaning"]
    assert [(e.actor, e.value) for e in meaning_events] == [
        ("ana", "a reply within a day"),
        ("ben", "a week"),
        ("ben", None),
    ]
    loaded = parse_session(session_to_toml(session))
    steps = replay_steps(loaded)
    assert steps[-1].kind == "event"  # the history gives the tables: no hand edit
    assert f"Ben Okafor took back what “{item}” means to them" in steps[-1].says


@pytest.mark.parametrize(
    ("partner", "item", "text", "message"),
    [
        ("zed", None, "x", "unknown partner 'zed'"),
        ("ana", "Nope", "x", "no value 'Nope'"),
        ("ana", None, "x" * 201, "at most 200 characters"),
        ("ana", None, "two\nlines", "control character"),
        ("ana", None, "a\u202eb", "invisible character"),
    ],
)
def test_a_meaning_the_file_would_refuse_is_refused_and_changes_nothing(
    partner: str, item: str | None, text: str, message: str
) -> None:
    session = example()
    before = session_to_toml(session)
    with pytest.raises(ChangeError, match=message):
        changes.set_meaning(session, partner, item or session.values[0].item, text, at=AT)
    assert session_to_toml(session) == before


def test_the_statement_is_agreed_sentence_by_sentence_and_cleared() -> None:
    session = example()
    changes.set_statement(session, "values", "We answer within a day.", at=AT)
    changes.set_statement(session, "anticipated", "Fair income.", at=AT)
    changes.set_statement(session, "values", "  ", at=AT)  # blank clears it
    assert session.statement is not None
    assert session.statement.model_dump() == {
        "anticipated": "Fair income.",
        "values": None,
        "contribution": None,
    }
    changes.set_statement(session, "anticipated", None, at=AT)
    assert session.statement is None  # no sentence left: no table in the file
    assert "[statement]" not in session_to_toml(session)
    with pytest.raises(ChangeError, match="unknown component"):
        changes.set_statement(session, "general", "x", at=AT)
    with pytest.raises(ChangeError, match="at most 500"):
        changes.set_statement(session, "values", "x" * 501, at=AT)


def test_the_decision_is_recorded_replayed_and_refused_when_unknown() -> None:
    session = example()
    changes.set_decision(session, "go-with-conditions", "Once the policy\nis written.", at=AT)
    assert session.decision is not None
    assert session.decision.outcome == "go-with-conditions"
    event = session.events[-1]
    assert (event.kind, event.target, event.value) == (
        "decision",
        "go-with-conditions",
        "Once the policy\nis written.",
    )
    loaded = parse_session(session_to_toml(session))
    assert loaded.decision == session.decision
    assert replay_steps(loaded)[-1].says.startswith("Lynda Carter decided go with conditions")
    with pytest.raises(ChangeError, match="unknown decision 'maybe'"):
        changes.set_decision(session, "maybe", at=AT)
    with pytest.raises(ChangeError, match="a reason needs a decision"):
        changes.set_decision(session, None, "why", at=AT)
    changes.set_decision(session, None, at=AT)
    assert session.decision is None


def test_a_hand_written_event_the_tables_could_not_hold_changes_nothing() -> None:
    session = example()
    text = session_to_toml(session) + (
        '\n[[events]]\nat = 2026-11-27T10:05:12Z\nactor = "facilitator"\nkind = "statement"\n'
        'target = "general"\nvalue = "x"\n'
        '\n[[events]]\nat = 2026-11-27T10:05:13Z\nactor = "ana"\nkind = "meaning"\n'
        f'target = "values/{session.values[0].item}"\nvalue = "{"y" * 201}"\n'
    )
    loaded = parse_session(text)
    steps = replay_steps(loaded)
    assert steps[-2].says == "Lynda Carter statement general x"  # shown as it is
    assert loaded.statement is None and loaded.values[0].meaning == {}


def hostile() -> Session:
    session = example()
    item = session.values[0].item
    changes.set_meaning(session, "ana", item, HOSTILE, at=AT)
    changes.set_meaning(session, "ben", item, "a week", at=AT)
    changes.set_statement(session, "values", HOSTILE, at=AT)
    changes.set_decision(session, "no-go", HOSTILE, at=AT)
    return session


def test_hostile_meaning_statement_and_reason_are_escaped_in_html() -> None:
    page = render_html(hostile())
    assert "<script" not in page.lower()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [b]x[/b] &#39;q&#39;"
    assert page.count(escaped) >= 3  # the meaning, the sentence, the reason
    assert page.index('id="statement"') < page.index('id="anticipated"')
    assert 'id="in-practice"' in page


def test_the_statement_heads_the_text_markdown_and_json_reports() -> None:
    session = hostile()
    text = render_text(session)
    assert text.index("Our Value Proposition") < text.index("Overall:")
    assert f"Shared values: {HOSTILE}" in text
    assert f"Decision: No-go: {HOSTILE}" in text
    assert f"Ana Ruiz: {HOSTILE}" in text
    markdown = render_markdown(session)
    assert markdown.index("## Our Value Proposition") < markdown.index("## Overall")
    data = json.loads(render_json(session))
    assert next(iter(data)) == "statement"
    assert data["statement"] == {"values": HOSTILE}
    assert data["decision"] == {"outcome": "no-go", "reason": HOSTILE}
    item = next(i for i in data["values"]["items"] if i["item"] == session.values[0].item)
    assert item["meaning"] == {"ana": HOSTILE, "ben": "a week"}


def test_different_lines_ask_for_a_talk_even_when_the_ratings_agree() -> None:
    session = example()
    agreed = next(v for v in session.values if len(set(v.ratings.values())) == 1)
    changes.set_meaning(session, "ana", agreed.item, "on time, always", at=AT)
    changes.set_meaning(session, "ben", agreed.item, "On  time, ALWAYS", at=AT)
    texts = [p.text for p in discussion_prompts(session, equality_view(session))]
    assert not any(agreed.item in text and "says" in text for text in texts)  # the same line
    changes.set_meaning(session, "ben", agreed.item, "within the week", at=AT)
    texts = [p.text for p in discussion_prompts(session, equality_view(session))]
    assert (
        f"For {agreed.item}, Ana Ruiz says “on time, always” and Ben Okafor “within the week”: "
        f"what will {agreed.item} look like in practice for each of you?"
    ) in texts


def test_the_templates_prompts_read_right_for_two_partners() -> None:
    templates = builtin_templates()
    for template in templates.values():
        for round_name in ("anticipated", "values", "brings", "contribution"):
            text = round_prompt(template.prompts, round_name, 2)
            assert "the others" not in text and "every partner" not in text
    business = templates["business"].prompts
    assert "as it does for your partner" in round_prompt(business, "anticipated", 2)
    assert "as it does for the others" in round_prompt(business, "anticipated", 3)
    assert round_prompt(business, "brings", 2) == round_prompt(business, "contribution", 2)
    assert round_prompt(None, "values", 2) == ""
    assert for_partners("my partners get a better deal", 2) == "my partner gets a better deal"


def test_discussion_prompts_name_the_other_partner_between_two() -> None:
    for path in EXAMPLES.glob("*.toml"):
        session = read_session(path)
        if len(session.partners) == 2:
            for prompt in discussion_prompts(session, equality_view(session)):
                assert "the others" not in prompt.text, prompt.text


def test_a_new_prospective_session_keeps_its_stage() -> None:
    session = new_session(
        builtin_templates()["business"], title="Maybe", partners=[("a", "A"), ("b", "B")]
    )
    session.stage = "prospective"
    assert parse_session(session_to_toml(session)).stage == "prospective"


def test_setup_saves_the_stage_chosen() -> None:
    template = builtin_templates()["business"]
    entries = template_entries(template)
    draft = Draft(
        title="Maybe an alliance",
        template=template,
        facilitator="",
        lists={"partners": (Entry("Ana"), Entry("Ben")), **entries},
        stage="prospective",
    )
    assert build_session(draft, AT).stage == "prospective"
    assert build_session(replace(draft, stage="current"), AT).stage == "current"

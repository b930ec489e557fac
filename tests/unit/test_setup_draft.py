"""The setup form's data judged by the model's rules, without a screen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from vp_tui.model.session import RATED_LISTS
from vp_tui.model.templates import builtin_templates
from vp_tui.ui.setup_draft import (
    Draft,
    Entry,
    Problem,
    build_session,
    list_problem,
    partner_ids,
    problems,
    template_entries,
    template_order,
)

TEMPLATES = builtin_templates()
BUSINESS = TEMPLATES["business"]
CREATED = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def draft(**changes: object) -> Draft:
    lists = {
        "partners": (Entry("Ana Ruiz", "Author"), Entry("Ben Okafor")),
        **template_entries(BUSINESS),
    }
    fields: dict[str, object] = {
        "title": "Ana & Ben",
        "template": BUSINESS,
        "facilitator": "",
        "lists": lists,
    }
    fields.update(changes)
    return Draft(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("names", "ids"),
    [
        (["Ana Ruiz", "Ben"], ["ana-ruiz", "ben"]),
        (["Ana Ruiz", "Ana-Ruiz", "ana ruiz!"], ["ana-ruiz", "ana-ruiz-2", "ana-ruiz-3"]),
        (["José", "Jose"], ["jose", "jose-2"]),
        (["李", "!!!", "Partner 2"], ["partner-1", "partner-2", "partner-2-2"]),
        (["[b]x[/b]", "Ben"], ["b-x-b", "ben"]),
    ],
)
def test_partner_ids_are_unique_slugs(names: list[str], ids: list[str]) -> None:
    assert partner_ids(names) == ids


def test_partner_ids_fit_the_slug_length() -> None:
    ids = partner_ids(["A" * 40, "a" * 40, "a" * 40])
    assert all(len(pid) <= 32 for pid in ids)
    assert len(set(ids)) == 3


def test_a_valid_draft_builds_a_session_in_setup() -> None:
    session = build_session(draft(facilitator=" Lynda "), CREATED)
    assert session.phase == "setup"
    assert session.facilitator == "Lynda"
    assert [(p.id, p.role) for p in session.partners] == [
        ("ana-ruiz", "Author"),
        ("ben-okafor", None),
    ]
    assert [c.partner for c in session.contributions] == ["ana-ruiz", "ben-okafor"]
    for name in RATED_LISTS:
        assert [item.item for item in session.rated_list(name)] == getattr(BUSINESS, name)
    assert problems(draft()) == {}


def test_a_blank_facilitator_is_none_and_a_blank_title_is_missing() -> None:
    assert build_session(draft(facilitator="   "), CREATED).facilitator is None
    assert problems(draft(title="   ")) == {"title": Problem("The title is missing")}
    with pytest.raises(ValidationError):
        build_session(draft(title=""), CREATED)


def test_every_field_reports_its_first_problem_in_order() -> None:
    lists = {
        "partners": (Entry("Ana"),),
        "benefits": (Entry("Fun"), Entry(" fun ")),
        "costs": (),
        "values": (Entry("x" * 81),),
    }
    found = problems(draft(title="T" * 121, facilitator="a\tb", lists=lists))
    assert found == {
        "title": Problem("The title is too long: 121 characters, at most 120"),
        "facilitator": Problem("The facilitator's name contains a control character (U+0009)"),
        "partners": Problem("There must be at least 2 partners (now 1)"),
        "benefits": Problem("Duplicate item 'fun'", 1),
        "costs": Problem("Add at least one cost"),
        "values": Problem("The item is too long: 81 characters, at most 80", 0),
    }


def test_partner_names_and_roles_follow_the_model() -> None:
    def check(*entries: Entry) -> Problem | None:
        return list_problem(BUSINESS, "partners", entries)

    assert check(Entry("Ana"), Entry("ANA ")) == Problem("Duplicate partner 'ANA '", 1)
    assert check(Entry("Ana"), Entry("")) == Problem("The name is missing", 1)
    assert check(Entry("Ana"), Entry("Ben", "r" * 201)) == Problem(
        "The role is too long: 201 characters, at most 200", 1
    )
    assert check(*(Entry(f"P{n}") for n in range(9))) == Problem(
        "There must be at most 8 partners (now 9)"
    )


def test_templates_are_offered_in_the_order_of_the_kinds() -> None:
    assert template_order(TEMPLATES) == [
        "business",
        "affiliate",
        "joint-venture",
        "personal",
        "team",
        "custom",
    ]


def test_the_turn_order_and_the_timebox_are_set_up_and_a_bad_minute_is_said() -> None:
    session = build_session(
        draft(
            turn_order="by-partner",
            timebox={"anticipated": "10", "values": " ", "discussion": "20"},
        ),
        CREATED,
    )
    assert session.order == "by-partner"
    assert session.timebox is not None
    assert (session.timebox.anticipated, session.timebox.values, session.timebox.discussion) == (
        10,
        None,
        20,
    )
    assert build_session(draft(), CREATED).timebox is None
    for bad in ("0", "241", "ten"):
        found = problems(draft(timebox={"values": bad}))
        assert list(found) == ["timebox"]
        assert "1 to 240" in found["timebox"].message
        with pytest.raises(ValueError, match="1 to 240"):
            build_session(draft(timebox={"values": bad}), CREATED)


def test_a_partner_called_facilitator_or_everyone_gets_an_id_of_their_own() -> None:
    assert partner_ids(["Facilitator", "Everyone"]) == ["facilitator-2", "everyone-2"]


def test_a_session_takes_its_bands_from_its_template_and_the_facilitator_may_change_them() -> None:
    business = build_session(draft(), CREATED)
    assert business.thresholds.values_band == (1.0, 3.0)
    assert business.thresholds.present_at == 5.0
    personal = build_session(draft(template=TEMPLATES["personal"]), CREATED)
    assert personal.thresholds.values_band == (2.0, 4.0)
    changed = build_session(draft(bands={"values_aligned": "1.5", "present": "6"}), CREATED)
    assert changed.thresholds.values_band == (1.5, 3.0)
    assert changed.thresholds.present_at == 6.0
    assert list(problems(draft(bands={"aligned": "5"}))) == ["bands"]
    assert "must not be above" in problems(draft(bands={"aligned": "5"}))["bands"].message
    assert "0 to 10" in problems(draft(bands={"present": "11"}))["bands"].message

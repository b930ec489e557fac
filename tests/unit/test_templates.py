"""Templates: one per partnership kind, and new sessions started from them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from vp_tui.model.fields import KINDS
from vp_tui.model.scoring import Verdict, equality_view
from vp_tui.model.templates import TemplateError, builtin_templates, load_templates, new_session
from vp_tui.storage import parse_session, session_to_toml


def test_every_kind_has_a_template() -> None:
    templates = builtin_templates()
    assert {t.kind for t in templates.values()} == set(KINDS)


def test_business_template_draws_on_the_framework() -> None:
    business = builtin_templates()["business"]
    values = {v.casefold() for v in business.values}
    assert {"work ethic", "honesty"} <= values
    costs = " ".join(business.costs).casefold()
    assert all(word in costs for word in ("time", "effort", "money"))


@pytest.mark.parametrize("name", sorted(builtin_templates()))
def test_a_new_session_from_each_template_saves_and_reads_back(name: str) -> None:
    template = builtin_templates()[name]
    session = new_session(
        template,
        title="Ana & Ben",
        partners=[("ana", "Ana"), ("ben", "Ben")],
        facilitator="Lynda",
        created=datetime(2026, 11, 27, 10, tzinfo=UTC),
    )
    assert session.phase == "setup"
    assert [b.item for b in session.benefits] == template.benefits
    assert [c.partner for c in session.contributions] == ["ana", "ben"]
    assert parse_session(session_to_toml(session)) == session
    assert equality_view(session).overall is Verdict.INCOMPLETE


def test_a_facilitators_own_template_replaces_the_shipped_one(tmp_path: Path) -> None:
    shipped = (Path(__file__).parents[2] / "src/vp_tui/templates/custom.toml").read_text()
    (tmp_path / "custom.toml").write_text(shipped.replace('title = "', 'title = "My own ', 1))
    assert load_templates([tmp_path])["custom"].title.startswith("My own ")


def test_a_broken_template_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('name = "bad"\nkind = "nope"\n')
    with pytest.raises(TemplateError, match=r"bad\.toml"):
        load_templates([tmp_path])

"""Reports name an action's owner (never an id), and give its due date and status."""

from __future__ import annotations

from datetime import date

from tests.conftest import EXAMPLES
from vp_tui.model import changes
from vp_tui.report.html_report import render_html
from vp_tui.report.markdown_report import render_markdown
from vp_tui.report.text_report import render_text
from vp_tui.storage import read_session


def test_owners_due_dates_and_status_in_every_report() -> None:
    session = read_session(EXAMPLES / "2026-11-02-ana-ben-online-course.toml")
    session.facilitator = None
    done = changes.add_action(
        session, "Sign the contract", owner="everyone", due=date(2026, 12, 15)
    )
    changes.edit_action(session, done, status="done")
    changes.add_action(session, "Send the minutes", owner="facilitator")
    changes.add_action(session, "Find a lawyer")
    for report in (render_text(session), render_markdown(session), render_html(session)):
        assert "Everyone, due 2026-12-15, done" in report
        assert "Facilitator, open" in report
        assert "Unassigned, open" in report
        assert "Ben Okafor, open" in report
        assert "everyone" not in report.replace("Everyone", "")


def test_a_named_facilitator_owns_by_name() -> None:
    session = read_session(EXAMPLES / "2026-11-02-ana-ben-online-course.toml")
    changes.add_action(session, "Send the minutes", owner="facilitator")
    assert "Lynda Carter, open: Send the minutes" in render_text(session)

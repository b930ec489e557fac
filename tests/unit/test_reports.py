"""The text and Markdown reports: partners by name, Markdown a reader can read, reasons in words."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.conftest import EXAMPLES
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.report import render_markdown, render_text
from vp_tui.report.layout import cell_width, partner_labels
from vp_tui.storage import read_session

FROZEN = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
ANA_AND_BEN = EXAMPLES / "2026-11-02-ana-ben-online-course.toml"
NORTHWIND = EXAMPLES / "2026-10-14-northwind-bloom-wholesale.toml"

PARTNERS = [
    ("b-x-b-bold-brewing", "Bold Brewing"),
    ("yamadasupplies", "Yamada Supplies"),
    ("partner-4", "山田花子"),
    ("ana", "Ana Ruiz"),
]
"""Ids a client never reads, one of them for a name in CJK."""


def four_partners() -> Session:
    """A session of four partners whose ids are not their names, every rating 5, deals 0."""
    session = new_session(
        builtin_templates()["business"],
        title="Bold & Yamada <= wholesale",
        partners=PARTNERS,
        facilitator="Lynda",
        created=FROZEN,
    )
    for entry in [*session.benefits, *session.costs, *session.values]:
        entry.ratings = {pid: 5 for pid, _ in PARTNERS}
    session.deal = {pid: 0 for pid, _ in PARTNERS}
    return session


def ids_shown(report: str) -> set[str]:
    """The partner ids that appear in a report as words of their own."""
    return {
        pid for pid, _ in PARTNERS if re.search(rf"(?<![\w-]){re.escape(pid)}(?![\w-])", report)
    }


# Labels ---------------------------------------------------------------------------------


def test_labels_are_the_names_when_they_fit() -> None:
    labels = partner_labels([("ana", "Ana Ruiz"), ("ben", "Ben Okafor")], 12)
    assert labels.labels == {"ana": "Ana Ruiz", "ben": "Ben Okafor"}
    assert labels.legend_text() == ""


def test_labels_are_cut_names_when_that_keeps_them_apart() -> None:
    labels = partner_labels([("maria", "Maria Lindqvist"), ("tom", "Tom Becker")], 10)
    assert labels.labels == {"maria": "Maria Lin…", "tom": "Tom Becker"}
    assert labels.legend == []


def test_labels_are_unique_initials_with_a_legend_when_cut_names_would_clash() -> None:
    partners = [("a", "Ana Ruiz"), ("b", "Alberto Rios"), ("c", "山田 花子")]
    labels = partner_labels(partners, 4)
    assert labels.labels == {"a": "AR", "b": "AR2", "c": "山花"}
    assert labels.legend_text() == "AR = Ana Ruiz, AR2 = Alberto Rios, 山花 = 山田 花子"
    assert all(cell_width(label) <= 4 for label in labels.labels.values())


def test_cut_names_that_would_clash_turn_to_initials() -> None:
    partners = [("one", "Maria Lindqvist"), ("two", "Maria Lindholm")]
    labels = partner_labels(partners, 10)
    assert labels.labels == {"one": "ML", "two": "ML2"}


# Text report ----------------------------------------------------------------------------


def test_the_text_report_names_partners_never_by_id() -> None:
    # Given four partners whose ids are not names (one name in CJK)
    # When the text report is written
    report = render_text(four_partners())
    # Then no id shows; the columns carry initials that a legend names
    assert ids_shown(report) == set()
    flat = " ".join(report.split())
    assert "Partners: BB = Bold Brewing, YS = Yamada Supplies, 山 = 山田花子, AR = Ana Ruiz" in flat
    header = next(line for line in report.splitlines() if line.lstrip().startswith("Value "))
    assert header.split()[1:5] == ["BB", "YS", "山", "AR"]
    assert all(cell_width(line) <= 78 for line in report.splitlines() if "|" not in line)


def test_the_text_report_of_two_partners_shows_names_cut_to_fit() -> None:
    report = render_text(read_session(NORTHWIND))
    assert ids_shown(report) == set()
    assert not re.search(r"\b(maria|tom)\b", report)
    assert "Maria Lindq…" in report and "Tom Becker" in report


def test_the_bands_are_in_words_not_operators() -> None:
    report = render_text(read_session(ANA_AND_BEN))
    assert "<=" not in report
    assert "a gap up to 2 is aligned, up to 4 at risk, above that out of sync" in report


# Markdown report --------------------------------------------------------------------------


def test_the_markdown_report_names_partners_in_full() -> None:
    report = render_markdown(four_partners())
    assert ids_shown(report) == set()
    assert (
        "| Value | Bold Brewing | Yamada Supplies | 山田花子 | Ana Ruiz | Gap | Status |" in report
    )


def test_markdown_reads_as_typed_where_markdown_would_not_act() -> None:
    # Given a title with an ampersand and a "<="
    report = render_markdown(four_partners())
    # Then both read as typed: no HTML entities for a reader of the plain file
    assert report.startswith("# Bold & Yamada <= wholesale\n")
    assert "&amp;" not in report and "&lt;" not in report
    # And figures in table cells are not backslashed
    assert "| Net | +0.00 |" in report or "| Net | 0.00 |" in report


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("<script>alert(1)</script>", r"\<script>alert(1)\</script>"),
        ("&amp; &#60;", r"\&amp; \&#60;"),
        ("**bold** [link](x) | pipe", r"\*\*bold\*\* \[link\](x) \| pipe"),
        ("# heading", r"\# heading"),
        ("1. list", r"1\. list"),
    ],
)
def test_markdown_keeps_user_text_inert(typed: str, written: str) -> None:
    session = four_partners()
    session.title = typed
    assert render_markdown(session).startswith(f"# {written}\n")


# Reasons in words -------------------------------------------------------------------------


def uneven_deal() -> Session:
    """Ana & Ben, whose figures are aligned, except that Ben answers the deal -2."""
    session = read_session(ANA_AND_BEN)
    session.deal["ben"] = -2
    return session


def test_the_reports_say_whose_deal_answer_makes_it_feel_unequal() -> None:
    for report in (render_text(uneven_deal()), render_markdown(uneven_deal())):
        flat = " ".join(report.split())
        assert (
            'Does it feel equal? deal answers: at risk: Ben Okafor answered -2, "my partner '
            'gets a better deal".' in flat
        )

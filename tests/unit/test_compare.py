"""``vp-tui compare``: one partnership over time, and which sessions make one partnership.

The three files of tests/data/portfolio are one partnership checked in March, June and
September 2026. Their figures, worked out by hand from the rules of docs/scoring.md (each file's
header comment shows the sums):

    session      anticipated          values               contribution      overall
    2026-03-10   0.00 aligned         5.00 out of sync     1.00 aligned      out of sync
    2026-06-10   3.00 at risk         3.00 at risk         2.00 aligned      at risk
    2026-09-10   4.50 out of sync     1.00 aligned         3.00 at risk      out of sync

From first to last the value "Customer service" went from a gap of 5 to 0, more than
anything else (anticipated +4.5, values -4, Ben's net 4 → 0.5, balances ±2).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import BROKEN, DATA, EXAMPLES
from vp_tui.model.compare import Comparison, compare_sessions
from vp_tui.model.portfolio import partnership_key, partnership_name
from vp_tui.model.scoring import Verdict
from vp_tui.model.session import Session
from vp_tui.report.compare_report import (
    comparison_to_dict,
    render_compare_json,
    render_compare_markdown,
    render_compare_text,
)
from vp_tui.report.layout import cell_width
from vp_tui.storage import parse_session, read_session, session_to_toml

PORTFOLIO = DATA / "portfolio"
SPRING = PORTFOLIO / "2026-03-10-spring-check-in.toml"
SUMMER = PORTFOLIO / "2026-06-10-summer-check-in.toml"
AUTUMN = PORTFOLIO / "2026-09-10-autumn-check-in.toml"

OK, RISK, OUT = Verdict.ALIGNED, Verdict.AT_RISK, Verdict.OUT_OF_SYNC


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vp_tui", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    # Given out of order: the comparison puts them in order of creation.
    paths = [AUTUMN, SPRING, SUMMER]
    return compare_sessions([read_session(path) for path in paths], [str(p) for p in paths])


def gaps_and_verdicts(comparison: Comparison) -> list[list[tuple[float | None, Verdict]]]:
    return [
        [(state.gap, state.verdict) for state in point.components] for point in comparison.sessions
    ]


# --- the comparison -------------------------------------------------------------------------


def test_sessions_are_in_order_of_creation_with_their_gaps_and_verdicts(
    comparison: Comparison,
) -> None:
    assert [point.date for point in comparison.sessions] == [
        "2026-03-10",
        "2026-06-10",
        "2026-09-10",
    ]
    assert [point.source for point in comparison.sessions] == [
        str(SPRING),
        str(SUMMER),
        str(AUTUMN),
    ]
    assert gaps_and_verdicts(comparison) == [
        [(0.0, OK), (5.0, OUT), (1.0, OK)],
        [(3.0, RISK), (3.0, RISK), (2.0, OK)],
        [(4.5, OUT), (1.0, OK), (3.0, RISK)],
    ]
    assert [point.overall for point in comparison.sessions] == [OUT, RISK, OUT]
    assert comparison.same_partnership
    assert comparison.name == "Ana & Ben — online course"


def test_each_step_says_how_each_gap_moved(comparison: Comparison) -> None:
    moves = [
        [(change.component, change.delta, change.direction) for change in step.changes]
        for step in comparison.steps
    ]
    assert moves == [
        [("anticipated", 3.0, "worse"), ("values", -2.0, "better"), ("contribution", 1.0, "worse")],
        [("anticipated", 1.5, "worse"), ("values", -2.0, "better"), ("contribution", 1.0, "worse")],
    ]
    assert comparison.span is not None
    assert [(c.before, c.after, c.direction) for c in comparison.span.changes] == [
        (0.0, 4.5, "worse"),
        (5.0, 1.0, "better"),
        (1.0, 3.0, "worse"),
    ]


def test_what_changed_most_is_the_value_that_moved_most(comparison: Comparison) -> None:
    most = comparison.most_changed
    assert most is not None
    assert (most.kind, most.component, most.name) == ("value", "values", "Customer service")
    assert (most.before, most.after, most.delta, most.direction) == (5.0, 0.0, -5.0, "better")
    assert (most.verdict_before, most.verdict_after) == (OUT, OK)


def test_a_partners_net_can_be_what_changed_most() -> None:
    spring = read_session(SPRING)
    later = spring.model_copy(deep=True)
    later.created = datetime(2026, 4, 1, tzinfo=UTC)
    for cost in later.costs:  # Ben's costs now 10 and 8: net 7 - 9 = -2, gap 4 - (-2) = 6
        cost.ratings["ben"] = {"Time": 10, "Money invested": 8}[cost.item]
    most = compare_sessions([spring, later]).most_changed
    assert most is not None
    # The anticipated gap moved by 6 too: the partner's net is the more telling of the two.
    assert (most.kind, most.name, most.partner) == ("net", "Ben Okafor", "ben")
    assert (most.before, most.after, most.direction) == (4.0, -2.0, "down")
    text = render_compare_text(compare_sessions([spring, later]))
    assert "Anticipated value, Ben Okafor: net +4.00 → -2.00 (-6.00, down)" in text


def test_an_incomplete_session_has_no_gap_and_no_trend() -> None:
    spring = read_session(SPRING)
    later = spring.model_copy(deep=True)
    later.created = datetime(2026, 4, 1, tzinfo=UTC)
    del later.values[2].ratings["ben"]
    step = compare_sessions([spring, later]).steps[0]
    values = step.changes[1]
    assert (values.before, values.after, values.delta, values.direction) == (5.0, None, None, None)
    assert values.verdict_after is Verdict.INCOMPLETE


def test_a_time_without_a_zone_is_taken_as_utc_when_ordering() -> None:
    spring, summer = read_session(SPRING), read_session(SUMMER)
    summer.created = datetime(2026, 3, 10, 9, 0)  # local time, an hour before spring's 10:00Z
    comparison = compare_sessions([spring, summer])
    assert [point.title for point in comparison.sessions] == [summer.title, spring.title]


def test_nothing_changed_means_no_most_changed() -> None:
    spring = read_session(SPRING)
    comparison = compare_sessions([spring, spring])
    assert comparison.most_changed is None
    assert "Nothing that both the first and the last session score changed." in (
        render_compare_text(comparison)
    )


# --- renderings -----------------------------------------------------------------------------


def test_text_shows_sessions_changes_and_what_changed_most(comparison: Comparison) -> None:
    lines = render_compare_text(comparison).splitlines()
    assert lines[0] == "Ana & Ben — online course: 3 sessions over time"
    assert "  2026-06-10  Ana & Ben — summer check-in" in lines
    start = lines.index("  2026-03-10 → 2026-06-10")
    assert lines[start + 1].split() == ["Anticipated", "value", "0.00", "→", "3.00", "+3.00",
                                        "worse", "now", "AT", "RISK"]  # fmt: skip
    last = lines.index("  First to last: 2026-03-10 → 2026-09-10")
    assert lines[last + 2].split()[2:7] == ["5.00", "→", "1.00", "-4.00", "better"]
    most = lines.index("What changed most")
    assert lines[most + 2] == "  Shared values, Customer service: gap 5.00 → 0.00 (-5.00, better)"
    # At risk in spring and summer (gaps 3 and 5), fixed in autumn: it recurs all the same.
    recurring = lines[lines.index("Recurring disconnects") + 2 :]
    assert recurring[:2] == [
        "  Customer service (Shared values): at risk or worse in 2 of the last 3",
        "    sessions",
    ]


def test_text_fits_80_columns_even_with_long_wide_names(comparison: Comparison) -> None:
    wide_value = "顧客サービス" * 13  # 78 characters, 156 cells
    spring, autumn = read_session(SPRING), read_session(AUTUMN)
    for session in (spring, autumn):
        session.title = "合作伙伴关系" * 20
        session.partnership = "合作伙伴" * 30
        session.values[2].item = wide_value
    wide = compare_sessions([spring, autumn])
    assert wide.most_changed is not None and wide.most_changed.name == wide_value
    for case in (comparison, wide):
        text = render_compare_text(case)
        assert [line for line in text.splitlines() if cell_width(line) > 80] == []
    assert "".join(line.strip() for line in render_compare_text(wide).splitlines()).count(
        wide_value
    ), "the name is wrapped, not cut"


def test_markdown_is_tables(comparison: Comparison) -> None:
    markdown = render_compare_markdown(comparison)
    assert (
        "| 2026-03-10 | Ana & Ben — spring check-in | 0.00 aligned | 5.00 OUT OF SYNC "
        "| 1.00 aligned | OUT OF SYNC |"
    ) in markdown
    assert (
        "| 2026-06-10 | 2026-09-10 | Shared values | 3.00 | 1.00 | -2.00 | better | aligned |"
        in (markdown)
    )
    assert "## First to last" in markdown
    assert (
        "## Recurring disconnects\n\n- Customer service (Shared values): at risk or worse in 2 "
        "of the last 3 sessions\n"
    ) in markdown


def test_json_has_the_documented_shape(comparison: Comparison) -> None:
    data = json.loads(render_compare_json(comparison))
    assert data == comparison_to_dict(comparison)
    assert set(data) == {
        "partnership",
        "same_partnership",
        "partnerships",
        "sessions",
        "steps",
        "first_to_last",
        "most_changed",
        "recurring",
    }
    assert [(r["partnership"], r["kind"], r["item"], r["times"]) for r in data["recurring"]] == [
        ("Ana & Ben — online course", "value", "Customer service", 2),
        ("Ana & Ben — online course", "net", "Ben Okafor", 2),
    ]
    assert data["sessions"][0] == {
        "file": str(SPRING),
        "title": "Ana & Ben — spring check-in",
        "partnership": "Ana & Ben — online course",
        "created": "2026-03-10T10:00:00+00:00",
        "overall": "out of sync",
        "components": {
            "anticipated": {"gap": 0.0, "verdict": "aligned"},
            "values": {"gap": 5.0, "verdict": "out of sync"},
            "contribution": {"gap": 1.0, "verdict": "aligned"},
        },
    }
    assert [(step["from"], step["to"]) for step in data["steps"]] == [(0, 1), (1, 2)]
    assert data["first_to_last"]["from"] == 0 and data["first_to_last"]["to"] == 2
    assert data["first_to_last"]["changes"]["anticipated"] == {
        "before": 0.0,
        "after": 4.5,
        "change": 4.5,
        "trend": "worse",
        "verdict_before": "aligned",
        "verdict_after": "out of sync",
    }
    assert data["most_changed"] == {
        "kind": "value",
        "component": "values",
        "name": "Customer service",
        "partner": None,
        "before": 5.0,
        "after": 0.0,
        "change": -5.0,
        "trend": "better",
        "partnership": "Ana & Ben — online course",
    }


# --- sessions of different partnerships -----------------------------------------------------


@pytest.fixture(scope="module")
def mixed() -> Comparison:
    """Spring and summer of one partnership, and the (later) Ana & Ben example of another."""
    other = EXAMPLES / "2026-11-02-ana-ben-online-course.toml"
    paths = [SPRING, other, SUMMER]
    return compare_sessions([read_session(path) for path in paths], [str(p) for p in paths])


def test_the_title_says_how_many_partnerships_not_the_last_ones_name(mixed: Comparison) -> None:
    text = render_compare_text(mixed)
    assert text.splitlines()[0] == "3 sessions of 2 partnerships"
    assert "Each is compared only with sessions of its own partnership." in " ".join(text.split())
    assert render_compare_markdown(mixed).startswith("# 3 sessions of 2 partnerships\n")
    assert json.loads(render_compare_json(mixed))["partnership"] == "3 sessions of 2 partnerships"


def test_only_sessions_of_one_partnership_are_compared(mixed: Comparison) -> None:
    # The one step is spring → summer; nothing is compared with the other partnership.
    assert [(step.before.date, step.after.date) for step in mixed.steps] == [
        ("2026-03-10", "2026-06-10")
    ]
    assert mixed.span is None
    text = render_compare_text(mixed)
    assert "Ana & Ben — online course: 2026-03-10 → 2026-06-10" in text
    assert "2026-06-10 → 2026-11-02" not in text and "First to last" not in text
    # What changed most is spring → summer's, and says whose
    assert mixed.most_changed_in == "Ana & Ben — online course"
    assert "Nothing that both the first and the last session score changed" not in text
    most = text.split("What changed most")[1]
    assert "Ana & Ben — online course, first to last session:" in " ".join(most.split())
    data = comparison_to_dict(mixed)
    assert [(step["from"], step["to"]) for step in data["steps"]] == [(0, 1)]
    assert data["first_to_last"] is None
    assert data["most_changed"]["partnership"] == "Ana & Ben — online course"


def test_no_two_sessions_of_one_partnership_says_so() -> None:
    paths = [SPRING, EXAMPLES / "2026-11-02-ana-ben-online-course.toml"]
    comparison = compare_sessions([read_session(path) for path in paths])
    assert comparison.steps == () and comparison.most_changed is None
    text = " ".join(render_compare_text(comparison).split())
    assert text.startswith("2 sessions of 2 partnerships")
    assert "No two sessions of one partnership: nothing to compare like with like." in text
    assert "Nothing that both the first and the last session score changed" not in text


# --- the command line -----------------------------------------------------------------------


def test_compare_command_prints_the_comparison() -> None:
    result = run("compare", str(AUTUMN), str(SPRING), str(SUMMER))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == render_compare_text(
        compare_sessions([read_session(p) for p in (AUTUMN, SPRING, SUMMER)])
    )


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_compare_command_formats(fmt: str) -> None:
    result = run("compare", str(SPRING), str(AUTUMN), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["most_changed"]["name"] == "Customer service"
    else:
        assert result.stdout.startswith("# Ana & Ben — online course: 2 sessions over time")


def test_a_broken_file_is_one_line_and_exit_1() -> None:
    broken = BROKEN / "deal-4.toml"
    result = run("compare", str(SPRING), str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{broken}:45: deal.ana: a deal answer must be a whole number from -3 to 3, got 4"
    ]


def test_a_missing_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    result = run("compare", str(SPRING), str(missing))
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{missing}: cannot read the file")


def test_fewer_than_two_files_is_a_usage_error() -> None:
    result = run("compare", str(SPRING))
    assert result.returncode == 2
    assert "usage: vp-tui compare" in result.stderr
    assert "Traceback" not in result.stderr
    assert run("compare").returncode == 2


def test_files_of_different_partnerships_are_compared_with_a_warning() -> None:
    other = EXAMPLES / "2026-11-02-ana-ben-online-course.toml"
    result = run("compare", str(SPRING), str(other))
    assert result.returncode == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith("vp-tui compare: warning: the files are not all one partnership: ")
    assert f"Ana & Ben — online course ({SPRING})" in warning
    assert f"Ana & Ben — online course joint venture ({other})" in warning
    assert "2026-11-02" in result.stdout  # compared all the same
    assert "Warning: these sessions are not all one partnership" in result.stdout


# --- which sessions make one partnership ----------------------------------------------------


def session(title: str, partnership: str | None = None) -> Session:
    base = read_session(SPRING)
    return base.model_copy(update={"title": title, "partnership": partnership})


def test_the_partnership_key_wins_over_the_title() -> None:
    one = session("Spring check-in", "Ana & Ben")
    two = session("Autumn review", "Ana & Ben")
    assert partnership_key(one) == partnership_key(two)
    assert partnership_key(session("Same title", "Ana & Ben")) != partnership_key(
        session("Same title", "Cleo & Dan")
    )
    assert partnership_name(two) == "Ana & Ben"


def test_without_a_key_titles_match_ignoring_case_and_spaces() -> None:
    assert partnership_key(session("Ana & Ben — JV")) == partnership_key(
        session("  ana &  BEN —   jv ")
    )
    assert partnership_key(session("Ana & Ben — JV")) != partnership_key(session("Ana & Ben"))
    # A file without a key joins the partnership its title names.
    assert partnership_key(session("Ana & Ben")) == partnership_key(session("Review", "ana & ben"))
    assert partnership_name(session("  Ana  &  Ben ")) == "Ana & Ben"


def test_the_partnership_is_written_after_the_title_only_when_set() -> None:
    with_key = read_session(SPRING)
    text = session_to_toml(with_key)
    lines = text.splitlines()
    assert lines[lines.index('title = "Ana & Ben — spring check-in"') + 1] == (
        'partnership = "Ana & Ben — online course"'
    )
    assert parse_session(text) == with_key
    without = with_key.model_copy(update={"partnership": None})
    assert "partnership" not in session_to_toml(without)
    assert parse_session(session_to_toml(without)).partnership is None

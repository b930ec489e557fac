"""The command line as a user meets it: version, help, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import GOOD
from vp_tui import __version__
from vp_tui.model.changes import rate
from vp_tui.model.history import table_ratings
from vp_tui.storage import read_session, save_session


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vp_tui", *args], capture_output=True, text=True, timeout=60
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"vp-tui {__version__}"


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "validate" in result.stdout and "report" in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validate_a_good_file() -> None:
    result = run("validate", str(GOOD / "worked-example.toml"))
    assert result.returncode == 0
    assert result.stdout.strip().endswith("worked-example.toml: ok")
    assert result.stderr == ""


def test_text_report_shows_verdict_words_side_by_side() -> None:
    result = run("report", str(GOOD / "worked-example.toml"))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "Overall: AT RISK" in lines
    header = next(line for line in lines if line.strip().startswith("Value "))
    assert header.split()[1:5] == ["Ana", "Ruiz", "Ben", "Okafor"]  # names, not ids
    customer = next(line for line in lines if "Customer service" in line)
    assert customer.split()[-4:] == ["3", "4", "AT", "RISK"]


def test_markdown_report_is_a_table() -> None:
    result = run("report", str(GOOD / "worked-example.toml"), "--format", "markdown")
    assert result.returncode == 0
    assert "| Customer service | 7 | 3 | 4 | AT RISK |" in result.stdout


def test_validate_warns_when_history_and_tables_disagree(tmp_path: Path) -> None:
    session = read_session(GOOD / "worked-example.toml")
    for (list_name, name, rater), value in table_ratings(session).items():
        target = "deal" if list_name == "deal" else f"{list_name}/{name}"
        rate(session, rater, target, value, at=datetime(2026, 11, 27, 10, 5, tzinfo=UTC))
    path = tmp_path / "edited.toml"
    save_session(session, path)
    assert run("validate", str(path)).stderr == ""

    session.values[1].ratings["ana"] = 3  # a hand edit of Honesty
    save_session(session, path)
    result = run("validate", str(path))
    assert result.returncode == 0  # still a valid file
    assert result.stderr.splitlines() == [
        f"{path}: warning: history disagrees with the tables: "
        "values/Honesty by ana is 3 in the tables, 10 in the history"
    ]


def test_text_reports_fit_an_80_column_terminal() -> None:
    from tests.conftest import EXAMPLES

    for path in [*sorted(EXAMPLES.glob("*.toml")), GOOD / "worked-example.toml"]:
        result = run("report", str(path))
        assert result.returncode == 0
        too_wide = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert too_wide == [], path


def test_serve_refuses_an_example_and_a_session_still_being_set_up(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    example = next(EXAMPLES.glob("*.toml"))
    refused = run("serve", "--port", "0", str(example))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "an example, read-only" in refused.stderr

    in_setup = tmp_path / "setup.toml"
    session = read_session(GOOD / "worked-example.toml")
    session.phase = "setup"
    save_session(session, in_setup)
    before = in_setup.read_bytes()
    refused = run("serve", "--port", "0", str(in_setup))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "still being set up" in refused.stderr
    assert in_setup.read_bytes() == before


def test_compare_leaves_out_a_session_not_revealed_yet(tmp_path: Path) -> None:
    revealed = GOOD / "worked-example.toml"
    under_way = tmp_path / "under-way.toml"
    session = read_session(revealed)
    session.phase = "rating"
    session.title = "Still being rated"
    save_session(session, under_way)
    result = run("compare", str(revealed), str(under_way))
    assert result.returncode == 0
    assert f"left out, not revealed yet: {under_way}" in result.stderr
    assert "Still being rated" not in result.stdout
    alone = run("compare", str(under_way), str(under_way))
    assert alone.returncode == 1
    assert alone.stderr.strip().endswith("no revealed session to compare")
    assert alone.stdout == ""

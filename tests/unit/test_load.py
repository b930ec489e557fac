"""Focused tests of the session loader and of the commands that report its errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vp_tui.model.session import Session
from vp_tui.storage import SessionFileError, parse_session, read_session

GOOD = Path(__file__).resolve().parents[1] / "data" / "good" / "worked-example.toml"


def good_text() -> str:
    return GOOD.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The 1-based number of the only line that contains ``fragment``."""
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(numbers) == 1, (fragment, numbers)
    return numbers[0]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vp_tui", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=60,
        check=False,
    )


# --- reading a good file ------------------------------------------------------------------------


def test_worked_example_loads() -> None:
    session = read_session(GOOD)
    assert isinstance(session, Session)
    assert session.title == "Ana & Ben — online course joint venture"
    assert session.kind == "joint-venture"
    assert session.phase == "complete"
    assert session.partner_ids == ["ana", "ben"]
    assert [item.item for item in session.values] == [
        "Work ethic",
        "Honesty",
        "Quality",
        "Customer service",
    ]
    assert session.values[3].ratings == {"ana": 7, "ben": 3}
    assert session.deal == {"ana": 0, "ben": -1}
    assert session.thresholds.aligned == 2.0
    assert session.thresholds.at_risk == 4.0
    assert session.contribution_of("ana") is not None
    assert session.created.year == 2026


def test_parse_session_accepts_str_and_bytes() -> None:
    from_str = parse_session(good_text())
    from_bytes = parse_session(GOOD.read_bytes())
    assert from_str == from_bytes == read_session(GOOD)


def test_parse_session_names_its_source() -> None:
    text = replace_once(good_text(), 'kind = "joint-venture"', 'kind = "cartel"')
    with pytest.raises(SessionFileError) as default:
        parse_session(text)
    assert str(default.value).startswith("<session>:4: kind: ")
    with pytest.raises(SessionFileError) as named:
        parse_session(text, "pasted.toml")
    assert str(named.value).startswith("pasted.toml:4: kind: ")


def test_reading_never_modifies_the_file(tmp_path: Path) -> None:
    copy = tmp_path / "session.toml"
    copy.write_bytes(GOOD.read_bytes())
    broken = tmp_path / "broken.toml"
    broken.write_text(replace_once(good_text(), "version = 1", "version = 3"), encoding="utf-8")
    past = 1_700_000_000_000_000_000
    for path in (copy, broken):
        os.utime(path, ns=(past, past))
    before = {path: path.read_bytes() for path in (copy, broken)}

    read_session(copy)
    with pytest.raises(SessionFileError):
        read_session(broken)

    for path, data in before.items():
        assert path.read_bytes() == data
        assert path.stat().st_mtime_ns == past
    # Nothing else was written next to them: no lock, backup or temporary file.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.toml", "session.toml"]


def test_a_read_only_file_can_be_read(tmp_path: Path) -> None:
    copy = tmp_path / "session.toml"
    copy.write_bytes(GOOD.read_bytes())
    copy.chmod(0o444)
    try:
        assert read_session(copy).partner_ids == ["ana", "ben"]
    finally:
        copy.chmod(0o644)


# --- refusing bad files -------------------------------------------------------------------------


def test_newer_version_says_which_version_this_program_reads() -> None:
    text = replace_once(good_text(), "version = 1", "version = 3")
    with pytest.raises(SessionFileError) as caught:
        parse_session(text, "new.toml")
    error = caught.value
    assert error.field == "version"
    assert error.line == 2
    message = str(error)
    assert message.startswith("new.toml:2: version: ")
    assert "version 3" in message
    assert "reads (versions 1 to 2)" in message
    assert "\n" not in message


def test_newer_version_is_refused_before_other_problems() -> None:
    # A newer file may use fields this program does not know: they are not the problem.
    text = replace_once(good_text(), "version = 1", "version = 3\nmood = 'happy'")
    with pytest.raises(SessionFileError) as caught:
        parse_session(text, "new.toml")
    assert caught.value.field == "version"
    assert "version 3" in str(caught.value)


def test_syntax_error_names_the_line() -> None:
    text = replace_once(good_text(), "at_risk = 4.0", "at_risk = = 4.0")
    line = line_of(text, "at_risk = = 4.0")
    with pytest.raises(SessionFileError) as caught:
        parse_session(text, "bad.toml")
    assert caught.value.line == line
    message = str(caught.value)
    assert message.startswith(f"bad.toml:{line}: invalid TOML: ")
    assert "(at line" not in message  # the position is said once, in the usual place
    assert "\n" not in message


def test_not_utf8_names_the_line() -> None:
    data = GOOD.read_bytes().replace(b'"Ben Okafor"', b'"Ben Oka\xeffor"')
    line = line_of(good_text(), '"Ben Okafor"')
    with pytest.raises(SessionFileError) as caught:
        parse_session(data, "latin1.toml")
    assert str(caught.value).startswith(f"latin1.toml:{line}: not UTF-8 text")


def test_rating_of_11_exact_message() -> None:
    text = replace_once(
        good_text(), "ratings = { ana = 7, ben = 3 }", "ratings = { ana = 7, ben = 11 }"
    )
    line = line_of(text, "ben = 11")
    with pytest.raises(SessionFileError) as caught:
        parse_session(text, "s.toml")
    assert str(caught.value) == (
        f"s.toml:{line}: values[3].ratings.ben: a rating must be a whole number from 0 to 10, got 11"
    )
    assert caught.value.field == "values[3].ratings.ben"
    assert caught.value.line == line


def test_every_problem_is_listed_once() -> None:
    text = replace_once(
        good_text(), "ratings = { ana = 7, ben = 3 }", "ratings = { ana = 7, ben = 11 }"
    )
    text = replace_once(text, 'phase = "complete"', 'phase = "done"')
    with pytest.raises(SessionFileError) as caught:
        parse_session(text, "s.toml")
    problems = caught.value.problems
    assert len(problems) == 2
    assert [p.split(": ")[1] for p in problems] == ["phase", "values[3].ratings.ben"]
    assert all(p.startswith("s.toml:") and "\n" not in p for p in problems)


def test_rate_event_out_of_range_keeps_its_own_message() -> None:
    # Regression: the message of the event value's type union used to hide this one.
    text = good_text() + (
        '\n[[events]]\nat = 2026-11-27T10:05:12Z\nactor = "ana"\nkind = "rate"\n'
        'target = "values/Honesty"\nvalue = 12\n'
    )
    with pytest.raises(SessionFileError) as caught:
        parse_session(text, "s.toml")
    assert caught.value.field == "events[0].value"
    assert caught.value.line == line_of(text, "value = 12")
    assert "from 0 to 10" in str(caught.value)


def test_control_characters_in_a_key_are_escaped_in_the_message() -> None:
    text = replace_once(
        good_text(), 'phase = "complete"', 'phase = "complete"\n"\\u001b]0;pwned\\u0007" = 1'
    )
    with pytest.raises(SessionFileError) as caught:
        parse_session(text, "s.toml")
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert caught.value.field == '"\\u001b]0;pwned\\u0007"'
    assert caught.value.line == line_of(text, "pwned")


def test_missing_file_cannot_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(SessionFileError) as caught:
        read_session(missing)
    message = str(caught.value)
    assert message.startswith(f"{missing}: cannot read")
    assert "\n" not in message
    assert not missing.exists()


def test_a_directory_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError) as caught:
        read_session(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path}: cannot read")


# --- the commands -------------------------------------------------------------------------------


def test_report_on_a_broken_file_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        replace_once(
            good_text(), "ratings = { ana = 7, ben = 3 }", "ratings = { ana = 7, ben = 11 }"
        ),
        encoding="utf-8",
    )
    result = run_cli("report", "broken.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("broken.toml:")
    assert "values[3].ratings.ben" in lines[0]


def test_report_on_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run_cli("report", "nowhere.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("nowhere.toml: cannot read")


def test_report_with_a_bad_format_is_a_usage_error() -> None:
    result = run_cli("report", str(GOOD), "--format", "pdf")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "--format" in result.stderr


def test_validate_without_a_file_is_a_usage_error() -> None:
    result = run_cli("validate")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_validate_a_good_file() -> None:
    result = run_cli("validate", str(GOOD))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{GOOD}: ok\n"

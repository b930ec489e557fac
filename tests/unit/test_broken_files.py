"""Every file of tests/data/broken is refused with one clear line, and left as it was.

Each broken file is the worked example with exactly one problem. Its first lines say
what the error must name:

    # expect: values[3].ratings.ben     the field path (or ``line N`` for TOML/UTF-8 errors)
    # expect-line: 62                   optional: the line the message must point at
    # expect-text: got 11               optional: a piece of text the message must contain
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vp_tui.model.fields import has_control_characters
from vp_tui.storage import SessionFileError, parse_session, read_session

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"
FILES = sorted(BROKEN.glob("*.toml"))
MIN_FILES = 25


def expectations(path: Path) -> dict[str, str]:
    """The ``# expect...:`` comments at the top of a file (read as bytes: one is not UTF-8)."""
    found: dict[str, str] = {}
    for raw in path.read_bytes().splitlines():
        if not raw.startswith(b"#"):
            break
        key, sep, value = raw.decode("utf-8")[1:].partition(":")
        if sep:
            found[key.strip()] = value.strip()
    return found


def check_one_line(message: str, source: str) -> None:
    """A user-facing error line: one line, names the file first, no traceback, safe to print."""
    assert "\n" not in message and "\r" not in message, message
    assert message.startswith(f"{source}:"), message
    assert "Traceback" not in message, message
    assert not has_control_characters(message), message


def check_names_expected(message: str, source: str, expected: dict[str, str]) -> None:
    """The message names the expected field (or line), line and text."""
    target = expected["expect"]
    if target.startswith("line "):
        assert message.startswith(f"{source}:{target.removeprefix('line ')}: "), message
    else:
        assert f": {target}: " in message, message
    if "expect-line" in expected:
        assert message.startswith(f"{source}:{expected['expect-line']}: "), message
    if "expect-text" in expected:
        assert expected["expect-text"] in message, message


def test_the_corpus_is_large_enough() -> None:
    assert len(FILES) >= MIN_FILES, f"only {len(FILES)} files in {BROKEN}"


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_each_file_states_what_it_expects(path: Path) -> None:
    first_line = path.read_bytes().split(b"\n", 1)[0]
    assert first_line.startswith(b"# expect: "), first_line
    assert first_line.removeprefix(b"# expect: ").strip(), "empty expectation"
    line = expectations(path).get("expect-line")
    assert line is None or line.isdigit(), line


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_broken_file_is_refused_with_one_clear_line(path: Path) -> None:
    expected = expectations(path)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns

    with pytest.raises(SessionFileError) as caught:
        read_session(path)

    error = caught.value
    assert type(error) is SessionFileError
    message = str(error)
    check_one_line(message, str(path))
    check_names_expected(message, str(path), expected)
    # The attributes agree with the message.
    target = expected["expect"]
    if target.startswith("line "):
        assert error.line == int(target.removeprefix("line "))
    else:
        assert error.field == target
    if "expect-line" in expected:
        assert error.line == int(expected["expect-line"])
    # One problem per file, and every problem line is as clean as the first.
    assert error.problems == [message]
    # Reading never changes the file.
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_parse_session_names_the_given_source(path: Path) -> None:
    with pytest.raises(SessionFileError) as caught:
        parse_session(path.read_bytes(), path.name)
    message = str(caught.value)
    check_one_line(message, path.name)
    check_names_expected(message, path.name, expectations(path))


def test_validate_command_on_the_whole_corpus() -> None:
    names = [path.name for path in FILES]
    env = {**os.environ, "PYTHONUTF8": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "vp_tui", "validate", *names],
        cwd=BROKEN,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""  # no file is "ok"
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) >= len(names)
    for line in lines:
        assert any(line.startswith(f"{name}:") for name in names), line
        assert not has_control_characters(line), line
    for name in names:
        assert any(line.startswith(f"{name}:") for line in lines), f"nothing said about {name}"

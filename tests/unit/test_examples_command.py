"""`vp-tui examples [DIR]`: the shipped examples copied into a folder, never over a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from vp_tui.storage.examples import copy_examples
from vp_tui.storage.paths import EXAMPLES_DIR, session_files


def examples(
    *args: str, cwd: Path, options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "XDG_CONFIG_HOME": str(cwd / "config")}
    environment.pop("VP_TUI_SESSIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "vp_tui", *options, "examples", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=environment,
    )


def test_examples_fill_the_sessions_folder_then_change_nothing(tmp_path: Path) -> None:
    # Given an empty folder
    names = [path.name for path in session_files(EXAMPLES_DIR)]
    # When `vp-tui examples` runs there
    first = examples(cwd=tmp_path)
    # Then each example is copied into ./sessions, privately, each said in a line
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "sessions"
    assert sorted(path.name for path in folder.iterdir()) == names
    for name in names:
        assert (folder / name).read_bytes() == (EXAMPLES_DIR / name).read_bytes()
        assert (folder / name).stat().st_mode & 0o777 == 0o600
        assert f"sessions/{name}: copied" in first.stdout
    assert (
        first.stdout.splitlines()[-1]
        == f"{len(names)} of {len(names)} examples copied into sessions"
    )
    # And a second run changes nothing, and says so
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    second = examples(cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == before
    assert second.stdout.count("already there, unchanged") == len(names)
    assert second.stdout.splitlines()[-1].startswith("Nothing changed in sessions")


def test_a_file_of_an_example_name_is_never_overwritten(tmp_path: Path) -> None:
    # Given a folder holding the user's own file under an example's name
    name = session_files(EXAMPLES_DIR)[0].name
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / name).write_text("mine")
    # When the examples are copied into that folder
    result = examples(str(folder), cwd=tmp_path)
    # Then that file is left as it was, and the line says so
    assert result.returncode == 0, result.stderr
    assert (folder / name).read_text() == "mine"
    assert f"{folder / name}: a different file of that name is there: left as it is" in (
        result.stdout
    )
    assert len(session_files(folder)) == len(session_files(EXAMPLES_DIR))


def test_examples_follow_the_sessions_folder_option(tmp_path: Path) -> None:
    result = examples(cwd=tmp_path, options=("--sessions-dir", "elsewhere"))
    assert result.returncode == 0, result.stderr
    assert len(session_files(tmp_path / "elsewhere")) == len(session_files(EXAMPLES_DIR))


def test_a_folder_that_cannot_be_made_is_said_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = examples(str(blocker / "sessions"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("vp-tui examples: ")


def test_copy_examples_reports_each_outcome(tmp_path: Path) -> None:
    first = copy_examples(tmp_path)
    assert {copy.outcome for copy in first} == {"copied"}
    first[0].target.write_text("changed")
    again = copy_examples(tmp_path)
    assert [copy.outcome for copy in again] == ["different"] + ["same"] * (len(again) - 1)
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]

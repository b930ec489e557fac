"""The shipped examples: read-only from the command line too; the package holds them."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLES
from vp_tui.storage import read_session
from vp_tui.storage.paths import EXAMPLES_DIR, session_files


def test_the_package_ships_the_five_examples_and_each_reads() -> None:
    assert EXAMPLES.resolve() == EXAMPLES_DIR
    files = session_files(EXAMPLES_DIR)
    assert len(files) == 5
    for path in files:
        read_session(path)


def test_open_refuses_an_example_in_one_line_and_leaves_it_alone() -> None:
    example = EXAMPLES_DIR / "2026-11-26-greenleaf-affiliate.toml"
    before = example.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "vp_tui", "open", str(example)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "an example, read-only: copy it into your sessions folder" in result.stderr
    assert example.read_bytes() == before
    assert not example.with_name(f".{example.name}.lock").exists()

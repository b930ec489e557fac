"""A setup killed with SIGKILL (no ctrl+s, no chance to close) keeps what was typed.

The real app runs ``vp-tui new`` in a pseudo-terminal; once a title and two partners are
typed, the file is on disk in phase setup, and opening it goes on with the setup.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.flows.test_resume_after_kill import Terminal, on_disk, the_lock_is_free
from tests.flows.test_setup import SIZE, names, setup_screen
from vp_tui.storage import read_session
from vp_tui.ui.app import VpTuiApp

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def type_slowly(terminal: Terminal, keys: bytes) -> None:
    """Type as a person does: a key at a time, the screen read in between."""
    for key in keys:
        terminal.send(bytes([key]))
        terminal.read(wait=0.02)
    time.sleep(0.2)
    terminal.read()


async def test_a_setup_killed_before_ctrl_s_reopens_filled_in(
    sessions_dir: Path, make_app: Callable[..., VpTuiApp]
) -> None:
    terminal = Terminal("--sessions-dir", str(sessions_dir), "new", cwd=sessions_dir.parent)
    try:
        terminal.wait_for("Partnership kind")
        type_slowly(terminal, b"Ana & Ben JV")
        type_slowly(terminal, b"\t\t")  # past the kind, to the facilitator
        time.sleep(1.0)  # a person looks up before typing; a busy machine needs the time
        type_slowly(terminal, b"Lynda\r")
        terminal.wait_for("Who takes part")
        for name in (b"Ana Ruiz", b"Ben Okafor"):
            terminal.send(b"a")
            terminal.wait_for("Role")
            type_slowly(terminal, name + b"\r")
        terminal.wait_until(lambda: len(list(sessions_dir.glob("*.toml"))) == 1)
        [path] = sessions_dir.glob("*.toml")
        terminal.wait_until(on_disk(path, lambda session: len(session.partners) == 2))
    finally:
        terminal.kill()
    the_lock_is_free(path)
    session = read_session(path)
    assert (session.phase, session.title, session.facilitator) == ("setup", "Ana & Ben JV", "Lynda")
    assert [partner.name for partner in session.partners] == ["Ana Ruiz", "Ben Okafor"]
    async with make_app("open", path).run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        assert screen.query_one("#title", Input).value == "Ana & Ben JV"
        assert names(screen, "partners") == ["Ana Ruiz", "Ben Okafor"]

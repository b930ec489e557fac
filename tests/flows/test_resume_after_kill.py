"""A session killed mid-turn (SIGKILL, no chance to close) reopens where it stopped.

The real app runs in a pseudo-terminal at 80×24 and is sent keys as a terminal sends
them. Once the file on disk holds the ratings (the app autosaves right after each
change), the process is killed. The file must then be free to open, and reopening it
must lead to the same turn with every rating that was made.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import screen_text
from tests.flows.conftest import write_session
from vp_tui.live.session import LiveSession
from vp_tui.model import changes
from vp_tui.model.flow import Stage, Turn, finished_turns, stage
from vp_tui.model.history import history_disagreements
from vp_tui.model.session import Session
from vp_tui.storage import SessionFileError, read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.widgets.rating_list import RatingList

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

MakeApp = Callable[..., VpTuiApp]
COLUMNS, LINES = 80, 24
TIMEOUT = 15.0
"""Seconds to wait for the app to show something or to save (generous: a busy machine)."""
ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


class Terminal:
    """``python -m vp_tui ARGS`` in a pseudo-terminal: send keys, read the screen's text."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
        env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        env.pop("VP_TUI_SESSIONS", None)
        argv = [sys.executable, "-m", "vp_tui", *args]
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal, then become the app
            try:
                winsize = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.chdir(cwd)
                os.execve(sys.executable, argv, env)
            finally:
                os._exit(127)
        self.pid: int | None = pid
        self.fd = fd
        self.output = bytearray()
        self.sent_at = 0
        """Where the output stood when keys were last sent."""

    def read(self, wait: float = 0.05) -> None:
        """Take in what the app wrote (a terminal must be read, or the app blocks)."""
        while True:
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the app is gone
                return
            if not chunk:
                return
            self.output += chunk
            wait = 0

    def text(self) -> str:
        """Everything shown so far, without the escape sequences."""
        return ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", errors="replace")

    def send(self, keys: bytes) -> None:
        """Type keys, as the terminal sends them."""
        self.read(wait=0)
        self.sent_at = len(self.output)
        os.write(self.fd, keys)

    def wait_for(self, what: str, timeout: float = TIMEOUT) -> None:
        """Read until the screen has shown ``what`` since the last keys were sent."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read()
            shown = ESCAPES.sub(b"", bytes(self.output[self.sent_at :])).decode("utf-8", "replace")
            if what in shown:
                return
            self.check_alive()
        raise AssertionError(f"never showed {what!r}; the screen said:\n{self.text()[-2000:]}")

    def wait_until(self, condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
        """Keep reading the terminal until ``condition()`` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read()
            if condition():
                return
            self.check_alive()
        raise AssertionError(f"timed out; the screen said:\n{self.text()[-2000:]}")

    def check_alive(self) -> None:
        assert self.pid is not None
        done, status = os.waitpid(self.pid, os.WNOHANG)
        if done:
            self.pid = None
            raise AssertionError(f"the app ended ({status}):\n{self.text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: the app gets no chance to save, close or unlock anything."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        with contextlib.suppress(OSError):
            os.close(self.fd)


@contextlib.contextmanager
def app_in_terminal(path: Path) -> Iterator[Terminal]:
    """``vp-tui open FILE`` running in a pseudo-terminal; killed at the end whatever happens."""
    terminal = Terminal("--sessions-dir", str(path.parent), "open", str(path), cwd=path.parent)
    try:
        yield terminal
    finally:
        terminal.kill()


def on_disk(path: Path, condition: Callable[[Session], bool]) -> Callable[[], bool]:
    """Whether the file, read now, meets ``condition`` (a half-written file never does)."""

    def check() -> bool:
        try:
            return condition(read_session(path))
        except SessionFileError:
            return False

    return check


def ratings_by(session: Session, partner: str, list_name: str) -> list[int | None]:
    """A partner's ratings of a list, in order (None where not rated)."""
    return [entry.ratings.get(partner) for entry in session.rated_list(list_name)]


def finish_anticipated(path: Path) -> None:
    """Every partner has finished the anticipated round (all 5s, deal 0)."""
    session = read_session(path)
    for partner in session.partner_ids:
        for list_name in ("benefits", "costs"):
            for entry in session.rated_list(list_name):
                changes.rate(session, partner, f"{list_name}/{entry.item}", 5)
        changes.rate(session, partner, "deal", 0)
        changes.finish_turn(session, partner, "anticipated")
    save_session(session, path)


def the_lock_is_free(path: Path) -> None:
    """Another process may open the file for writing at once."""
    LiveSession.open(path).close()


async def reopened_turn(make_app: MakeApp, path: Path, name: str, title: str) -> list[str]:
    """Open the file in the app: the hand-off names the partner and the round; Enter.

    Returns the progress line and the rating list of the turn screen.
    """
    app = make_app("open", path)
    app.animation_level = "none"
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        text = " ".join(screen_text(app).split())
        assert f"Pass the keyboard to {name}" in text
        assert title in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TurnScreen)
        progress = next(
            line for line in screen_text(app).splitlines() if f" · {name}, partner " in line
        )
        shown = app.screen.query_one(RatingList).plain_lines()
        await pilot.press("escape")
    return [progress.strip(), *shown]


def rating_line(shown: list[str], item: str) -> str:
    """The list's line of an item (its first two columns hold the highlight, ``▸``)."""
    return next(line for line in shown if line[2:].startswith(f"{item} "))


async def test_killed_in_the_first_partners_turn_reopens_with_her_ratings(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given a session in the rating phase (custom kind: 5 benefits, 3 costs, the deal)
    path = write_session(sessions_dir, kind="custom")
    before = read_session(path)
    benefits = [entry.item for entry in before.benefits]
    # When Ana rates every benefit in the real app, and it is killed once they are saved
    with app_in_terminal(path) as terminal:
        terminal.wait_for("Pass the keyboard to")
        terminal.send(b"\r")
        terminal.wait_for("Anticipated value · Ana, partner 1 of 2 · 9 of 9 left")
        terminal.send(b"86t04")
        terminal.wait_until(
            on_disk(path, lambda s: ratings_by(s, "ana", "benefits") == [8, 6, 10, 0, 4])
        )
        terminal.kill()
    # Then the file is free, whole, and its history agrees with its tables
    the_lock_is_free(path)
    session = read_session(path)
    assert history_disagreements(session) == []
    assert ratings_by(session, "ana", "costs") == [None, None, None]
    assert stage(session) == Stage("turn", Turn("anticipated", "ana"))
    # And reopening it leads to Ana's turn, her five ratings shown, four answers left
    progress, *shown = await reopened_turn(make_app, path, "Ana", "Anticipated value")
    assert progress == "Round 1 of 4: Anticipated value · Ana, partner 1 of 2 · 4 of 9 left"
    for item, value in zip(benefits, [8, 6, 10, 0, 4], strict=True):
        assert f"[{value}]" in rating_line(shown, item), item
    for item in ("Time", "Effort", "Money"):
        assert "[" not in rating_line(shown, item), item
    # with the highlight on the first answer left
    assert rating_line(shown, "Time").startswith("▸")


async def test_killed_in_the_second_partners_turn_keeps_the_first_turn_finished(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given a session at the shared values round (5 values)
    path = write_session(sessions_dir, kind="custom")
    finish_anticipated(path)
    values = [entry.item for entry in read_session(path).values]
    # When Ana rates every value, marks a dealbreaker and finishes; then Ben rates two
    # values and marks the second a dealbreaker; and the app is killed
    with app_in_terminal(path) as terminal:
        terminal.wait_for("Pass the keyboard to")
        terminal.send(b"\r")
        terminal.wait_for("Shared values · Ana, partner 1 of 2 · 5 of 5 left")
        terminal.send(b"d97t53")
        terminal.wait_for("all answered")
        terminal.send(b"f")
        terminal.wait_for("Review your answers")
        terminal.send(b"f")
        terminal.wait_until(on_disk(path, lambda s: Turn("values", "ana") in finished_turns(s)))
        terminal.wait_for("Pass the keyboard to Ben")
        terminal.send(b"\r")
        terminal.wait_for("Shared values · Ben, partner 2 of 2 · 5 of 5 left")
        terminal.send(b"2d4")
        terminal.wait_until(
            on_disk(
                path,
                lambda s: (
                    ratings_by(s, "ben", "values")[:2] == [2, 4]
                    and "ben" in s.values[1].dealbreaker
                ),
            )
        )
        terminal.kill()
    # Then the file is free and whole; Ana's turn is finished, Ben's is where he left it
    the_lock_is_free(path)
    session = read_session(path)
    assert history_disagreements(session) == []
    assert Turn("values", "ana") in finished_turns(session)
    assert stage(session) == Stage("turn", Turn("values", "ben"))
    assert ratings_by(session, "ana", "values") == [9, 7, 10, 5, 3]
    assert [entry.dealbreaker for entry in session.values] == [["ana"], ["ben"], [], [], []]
    assert ratings_by(session, "ben", "values") == [2, 4, None, None, None]
    # And reopening it leads to Ben's turn, with his two ratings and his dealbreaker only
    progress, *shown = await reopened_turn(make_app, path, "Ben", "Shared values")
    assert progress == "Round 2 of 4: Shared values · Ben, partner 2 of 2 · 3 of 5 left"
    assert "[2]" in rating_line(shown, values[0])
    assert "dealbreaker" not in rating_line(shown, values[0])
    assert "[4]" in rating_line(shown, values[1])
    assert "! dealbreaker" in rating_line(shown, values[1])
    assert all("[" not in rating_line(shown, item) for item in values[2:])
    assert rating_line(shown, values[2]).startswith("▸")

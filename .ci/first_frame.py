"""Start a command in an 80x24 pseudo-terminal, wait for a text on its screen, then ctrl+q.

Usage: python first_frame.py TEXT COMMAND [ARG...]

Exits 0 when TEXT appeared and the command then quit with status 0, within the time limit;
otherwise 1, with what the screen showed (the terminal's bytes, escape sequences included).
Only the standard library: it runs with the Python of a bare virtual environment.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

APPEAR_SECONDS = 30.0
QUIT_SECONDS = 15.0


def main(text: str, command: list[str]) -> int:
    """Run ``command`` in a pty until ``text`` shows, quit it with ctrl+q; 0 if all went well."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, in an 80x24 terminal
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
        os.execvp(command[0], command)
    shown = bytearray()
    wanted = text.encode()
    started = time.monotonic()
    while wanted not in shown:
        if not _read(fd, shown, deadline=started + APPEAR_SECONDS):
            return _failed(pid, f"{text!r} did not appear within {APPEAR_SECONDS:.0f} s", shown)
    appeared = time.monotonic() - started
    os.write(fd, b"\x11")  # ctrl+q
    deadline = time.monotonic() + QUIT_SECONDS
    while time.monotonic() < deadline:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                return _failed(None, f"it quit with status {code}", shown)
            print(f"first frame: {text!r} shown after {appeared:.2f} s; quit with ctrl+q")
            return 0
        _read(fd, shown, deadline=time.monotonic() + 0.2)
    return _failed(pid, f"ctrl+q did not quit it within {QUIT_SECONDS:.0f} s", shown)


def _read(fd: int, into: bytearray, *, deadline: float) -> bool:
    """Read what the terminal has before ``deadline``; False when the time is up or it closed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return False
    ready, _, _ = select.select([fd], [], [], remaining)
    if not ready:
        return False
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # the command closed the terminal
        return False
    into.extend(chunk)
    return bool(chunk)


def _failed(pid: int | None, why: str, shown: bytearray) -> int:
    if pid is not None:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    print(f"first frame: {why}; the terminal showed:", file=sys.stderr)
    print(shown[-3000:].decode("utf-8", "replace"), file=sys.stderr)
    return 1


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))

"""Run a program in a pseudo-terminal of a given size and time its first complete frame."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time

QUIET = 0.15
"""After the marker shows, the frame is complete when the program writes nothing for this long;
the time taken is that of the frame's last byte, not of the quiet wait. vp-tui's home screen
redraws its footer 50-90 ms after its table fills (the keys that need a highlighted session
become available), so a shorter wait would end on a frame that is not yet the whole screen."""


def time_to_frame(
    argv: list[str],
    marker: bytes,
    *,
    environment: dict[str, str],
    columns: int = 80,
    rows: int = 24,
    timeout: float = 30.0,
) -> float:
    """Seconds from starting ``argv`` until the frame showing ``marker`` is complete."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, then become the program
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        try:
            os.execvpe(argv[0], argv, environment)
        finally:
            os._exit(127)
    seen = b""
    found = False
    last_byte = started
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], QUIET if found else 0.5)
            if not ready:
                if found:
                    return last_byte - started
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            last_byte = time.perf_counter()
            seen += chunk
            found = found or marker in seen
        tail = seen[-400:].decode("utf-8", "replace")
        raise RuntimeError(f"{argv[0]}: no frame with {marker!r} within {timeout} s: {tail!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)

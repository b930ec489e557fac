"""What the server tells the facilitator: refusals and wrong codes, one line each, on the
console and in ``serve.log`` in the state folder; a flood of them is merged, so that it cannot
flood the console or fill the disk.

Like OpenSSH's rate-limited logging of dropped connections: each kind of line is shown at most
``PER_WINDOW`` times in ``WINDOW`` seconds, and one more line then says how many were left out.
Wrong codes are written to the file each time (they are already few: see admission.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LOG_NAME = "serve.log"
WINDOW = 10.0
PER_WINDOW = 3
RECENT = 20
"""Lines kept for the console to show (it shows the last few)."""


@dataclass
class _Window:
    started: float
    shown: int = 0
    left_out: int = 0
    summary: asyncio.TimerHandle | None = None


def open_log(folder: Path) -> int:
    """The log file in the state folder, for appending: made 0600, never through a link, and
    only if it is a regular file of this user's."""
    path = folder / LOG_NAME
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(path, flags, 0o600)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid():
            raise PermissionError(0, "not a regular file of the user running the server", path)
        if stat.S_IMODE(status.st_mode) != 0o600:
            os.fchmod(descriptor, 0o600)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


class ServeLog:
    """Lines for the facilitator, merged when they come too fast."""

    def __init__(
        self,
        show: Callable[[str], None] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.recent: deque[str] = deque(maxlen=RECENT)
        """The lines shown, latest last."""
        self._show = show
        self._clock = clock
        self._file: int | None = None
        self._windows: dict[str, _Window] = {}

    def open(self, folder: Path) -> None:
        """Write to ``serve.log`` in the folder from now on."""
        self._file = open_log(folder)

    def close(self) -> None:
        """Stop writing (and drop any summary still to come)."""
        for window in self._windows.values():
            if window.summary is not None:
                window.summary.cancel()
        self._windows.clear()
        if self._file is not None:
            os.close(self._file)
            self._file = None

    def line(self, kind: str, text: str, *, always_written: bool = False) -> None:
        """Tell the facilitator, unless lines of this kind came too fast (``always_written``:
        into the file even then)."""
        now = self._clock()
        window = self._windows.get(kind)
        if window is None or now - window.started >= WINDOW:
            window = self._windows[kind] = _Window(started=now)
        if window.shown < PER_WINDOW:
            window.shown += 1
            self._emit(text)
            return
        if always_written:
            self._write(text)
        window.left_out += 1
        if window.summary is None:
            delay = max(0.0, window.started + WINDOW - now)
            window.summary = asyncio.get_running_loop().call_later(
                delay, self._summarise, kind, window
            )

    def _summarise(self, kind: str, window: _Window) -> None:
        window.summary = None
        if window.left_out:
            self._emit(f"… and {window.left_out} more {kind} in {WINDOW:g} s")
            window.left_out = 0

    def _emit(self, text: str) -> None:
        shown = f"{time.strftime('%H:%M:%S')} {text}"
        self.recent.append(shown)
        self._write(text)
        if self._show is not None:
            self._show(shown)

    def _write(self, text: str) -> None:
        if self._file is None:
            return
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        # A full disk must not stop the workshop; the console still shows the line.
        with contextlib.suppress(OSError):
            os.write(self._file, f"{stamp} {text}\n".encode())

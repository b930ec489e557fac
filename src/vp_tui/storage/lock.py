"""One writer per session file: an advisory lock beside it that dies with its process."""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from vp_tui.storage.errors import SessionFileError, SessionLockedError


def lock_path_for(path: str | Path) -> Path:
    """The hidden lock file that guards a session file."""
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


class SessionLock:
    """An exclusive, non-blocking lock on a session file (``flock`` on a sidecar file).

    The kernel drops the lock when its process dies, so a killed process never
    leaves a session locked; the sidecar only tells others who holds it.
    """

    def __init__(self, path: str | Path, *, holder: str = "vp-tui") -> None:
        self.path = Path(path)
        self.lock_path = lock_path_for(path)
        self.holder = holder
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock at once, or raise ``SessionLockedError`` naming who holds it."""
        if self._fd is not None:
            return
        for _attempt in range(10):
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as error:  # a read-only folder, say: a user error, not a crash
                raise SessionFileError(
                    str(self.path), f"cannot open for writing: {error.strerror or error}"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._read_holder(fd)
                os.close(fd)
                raise SessionLockedError(
                    str(self.path), f"already open for writing by {holder}"
                ) from None
            # The previous holder may have removed the file between our open and flock.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.lock_path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                self._write_holder(fd)
                return
            os.close(fd)
        raise SessionLockedError(str(self.path), "could not take the lock (it keeps changing)")

    def release(self) -> None:
        """Give the lock back and remove the sidecar file."""
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.lock_path)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> SessionLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()

    def _write_holder(self, fd: int) -> None:
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "?"
        text = (
            f"{self.holder} (process {os.getpid()}, {user}@{socket.gethostname()}, since {since})"
        )
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode("utf-8", "replace"), 0)

    @staticmethod
    def _read_holder(fd: int) -> str:
        try:
            raw = os.pread(fd, 300, 0).decode("utf-8", "replace")
        except OSError:
            raw = ""
        # The sidecar is plain text another process wrote: keep it printable.
        text = "".join(ch for ch in raw if ch.isprintable()).strip()
        return text or "another process"

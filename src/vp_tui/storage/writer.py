"""A session file opened for writing: the lock, the load and every later save together."""

from __future__ import annotations

import contextlib
from pathlib import Path
from types import TracebackType

from vp_tui.model.session import Session
from vp_tui.storage.errors import SessionFileError
from vp_tui.storage.load import read_session
from vp_tui.storage.lock import SessionLock
from vp_tui.storage.save import atomic_write, session_to_toml


class SessionFile:
    """The single writer of one session file, for as long as it is open."""

    def __init__(self, path: str | Path, *, holder: str = "vp-tui") -> None:
        self.path = Path(path)
        self._lock = SessionLock(self.path, holder=holder)

    @classmethod
    def open(cls, path: str | Path, *, holder: str = "vp-tui") -> tuple[SessionFile, Session]:
        """Lock an existing file and load it; a bad file is left untouched and unlocked."""
        store = cls(path, holder=holder)
        store._lock.acquire()
        try:
            session = read_session(store.path)
        except BaseException:
            store.close()
            raise
        store._remove_leftovers()
        return store, session

    @classmethod
    def create(cls, path: str | Path, session: Session, *, holder: str = "vp-tui") -> SessionFile:
        """Lock a new file and write the session to it; never replaces an existing file."""
        store = cls(path, holder=holder)
        if store.path.exists():
            raise SessionFileError(str(store.path), "a file of that name already exists")
        try:
            store.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SessionFileError(
                str(store.path), f"cannot create the folder: {error.strerror or error}"
            ) from None
        store._lock.acquire()
        try:
            store.save(session)
        except BaseException:
            store.close()
            raise
        return store

    def save(self, session: Session) -> None:
        """Write the session atomically (the lock must be held)."""
        self.save_text(session_to_toml(session))

    def save_text(self, text: str) -> None:
        """Write a session's file text atomically (the lock must be held)."""
        if not self._lock.held:
            raise SessionFileError(str(self.path), "the file is not open for writing")
        try:
            atomic_write(self.path, text.encode("utf-8"))
        except OSError as error:
            raise SessionFileError(
                str(self.path), f"cannot save: {error.strerror or error}"
            ) from None

    def close(self) -> None:
        """Stop writing and let another process open the file."""
        self._lock.release()

    def __enter__(self) -> SessionFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _remove_leftovers(self) -> None:
        """Drop temporary files a killed writer left behind; we are the only writer now."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

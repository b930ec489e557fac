"""Save a session in the background after every change, without blocking the screen.

What a partner sees of a change must already be on disk: a rating whose echo reached their
screen survives the server being killed the moment after (``kill -9``, a crash). The screens
of a hosted session therefore hold their output back while a save is under way and send it
once every change made before it was written (``when_saved``); saves take a few
milliseconds, and the loop runs on meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from vp_tui.model.session import Session
from vp_tui.storage.errors import SessionFileError
from vp_tui.storage.save import EventTextCache, session_to_toml
from vp_tui.storage.writer import SessionFile

M = TypeVar("M", bound=BaseModel)


def detached(model: M) -> M:
    """A copy of ``model`` that no later change to it reaches: every list and table is
    copied, every record in them too, except frozen ones (history events), which are shared."""
    if model.model_config.get("frozen"):
        return model
    copy = model.model_copy()
    for name, value in model.__dict__.items():
        if isinstance(value, BaseModel):
            copy.__dict__[name] = detached(value)
        elif isinstance(value, list):
            copy.__dict__[name] = (
                [detached(each) for each in value] if _records(value) else list(value)
            )
        elif isinstance(value, dict):
            copy.__dict__[name] = dict(value)
    return copy


def _records(values: list[object]) -> bool:
    """Whether a list holds records that change in place (its items are all alike)."""
    first = values[0] if values else None
    return isinstance(first, BaseModel) and not first.model_config.get("frozen")


_RUNNING: set[Autosaver] = set()
"""The autosavers of this process that have not been closed."""


def all_saved() -> bool:
    """Whether every change asked of any autosaver of the process so far is on disk."""
    return not any(saver.unsaved for saver in _RUNNING)


def when_saved(callback: Callable[[], object]) -> None:
    """Call ``callback`` on the running event loop once every change asked of any autosaver of
    the process so far is on disk (or its save has failed, or the saver has stopped): at once
    when none is pending. Changes asked for later are not waited for."""
    waiting = [(saver, saver.requested) for saver in _RUNNING if saver.unsaved]
    loop = asyncio.get_running_loop()

    def from_saving_thread() -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            loop.call_soon_threadsafe(next_saver)

    def next_saver() -> None:
        while waiting:
            saver, target = waiting.pop()
            if saver.notify_when_saved(target, from_saving_thread):
                return  # next_saver comes again once this one has saved so far
        callback()

    next_saver()


class Autosaver:
    """A thread that writes the newest state of a session whenever it is told it changed.

    Changes made while a save runs are coalesced into the next save. The caller
    shares ``lock`` and holds it while changing the session: a save copies the session
    under it (a shallow copy of the tables, the frozen events shared) and writes the copy
    outside it, so a change never waits for a save's serialising.
    """

    def __init__(
        self,
        store: SessionFile,
        session: Session,
        lock: threading.RLock,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self._store = store
        self._session = session
        self._lock = lock
        self._on_error = on_error
        self._wake = threading.Condition()
        self._pending = 0
        self._saved = 0
        self._stopping = False
        self._event_texts = EventTextCache()
        self._waiters: list[tuple[int, Callable[[], object]]] = []
        self._thread = threading.Thread(target=self._run, name="vp-tui autosave", daemon=True)
        self._thread.start()
        _RUNNING.add(self)

    @property
    def requested(self) -> int:
        """How many saves have been asked for so far."""
        return self._pending

    @property
    def unsaved(self) -> bool:
        """Whether a change asked for is not on disk yet."""
        return self._saved < self._pending and not self._stopping

    def notify_when_saved(self, target: int, notify: Callable[[], object]) -> bool:
        """Call ``notify`` (from the saving thread) once ``target`` saves are done; False, and
        no call, when they already are."""
        with self._wake:
            if self._saved >= target or self._stopping:
                return False
            self._waiters.append((target, notify))
            return True

    def changed(self) -> None:
        """Ask for a save of the current state."""
        with self._wake:
            self._pending += 1
            self._wake.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every change asked for so far is on disk; False on timeout."""
        with self._wake:
            target = self._pending
            return self._wake.wait_for(
                lambda: self._saved >= target or self._stopping, timeout=timeout
            )

    def close(self) -> None:
        """Save what is pending, then stop the thread."""
        self.flush()
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._thread.join(timeout=10)
        _RUNNING.discard(self)
        self._notify_waiters()

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._pending > self._saved or self._stopping)
                if self._stopping and self._pending <= self._saved:
                    return
                target = self._pending
            with self._lock:
                copy = detached(self._session)
            text = session_to_toml(copy, self._event_texts)
            try:
                self._store.save_text(text)
            except SessionFileError as error:
                if self._on_error is not None:
                    self._on_error(str(error))
            with self._wake:
                self._saved = max(self._saved, target)
                self._wake.notify_all()
            self._notify_waiters()

    def _notify_waiters(self) -> None:
        ready: list[Callable[[], object]] = []
        with self._wake:
            waiting = self._waiters
            self._waiters = []
            for target, notify in waiting:
                if target <= self._saved or self._stopping:
                    ready.append(notify)
                else:
                    self._waiters.append((target, notify))
        for notify in ready:
            notify()

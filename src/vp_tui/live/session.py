"""One session in memory, shared by every screen that shows it.

Screens never change a session themselves: they call a ``LiveSession`` method,
which applies the change through the model (so every rule holds), records it in
the history, hands it to the autosaver and tells every subscriber. In the SSH
server several apps subscribe to the same ``LiveSession``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vp_tui.live.autosave import Autosaver
from vp_tui.live.clock import Clock, system_clock
from vp_tui.model import changes
from vp_tui.model.flow import Round
from vp_tui.model.scoring import EqualityView, equality_view
from vp_tui.model.session import Session
from vp_tui.storage.paths import new_session_path
from vp_tui.storage.writer import SessionFile


@dataclass(frozen=True)
class Change:
    """What just changed: the event kind (``rate``, ``done``, ``phase``...), who and where."""

    kind: str
    actor: str
    target: str | None = None


Subscriber = Callable[[Change], None]


class LiveSession:
    """A session being run: change it through its methods; they save and announce."""

    def __init__(
        self,
        session: Session,
        store: SessionFile | None = None,
        *,
        clock: Clock = system_clock,
    ) -> None:
        self.session = session
        self.store = store
        self.clock = clock
        self.save_errors: list[str] = []
        self._lock = threading.RLock()
        self._view: EqualityView | None = None
        """The equality view until the next change: every screen of a hosted session asks."""
        self._subscribers: list[Subscriber] = []
        self._save_error_listeners: list[Callable[[str], object]] = []
        self._saver = Autosaver(store, session, self._lock, self._save_failed) if store else None

    @property
    def path(self) -> Path | None:
        """The session file, when the session is saved to one."""
        return self.store.path if self.store else None

    @classmethod
    def open(
        cls, path: str | Path, *, clock: Clock = system_clock, holder: str = "vp-tui"
    ) -> LiveSession:
        """Open a session file for writing (SessionFileError when it is bad or held)."""
        store, session = SessionFile.open(path, holder=holder)
        return cls(session, store, clock=clock)

    @classmethod
    def create(
        cls, folder: Path, session: Session, *, clock: Clock = system_clock, holder: str = "vp-tui"
    ) -> LiveSession:
        """Write a new session to a new file in ``folder`` and open it."""
        path = new_session_path(folder, session.title, session.created)
        store = SessionFile.create(path, session, holder=holder)
        return cls(session, store, clock=clock)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` after every change; returns the function that stops it."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe

    def on_save_error(self, listener: Callable[[str], object]) -> None:
        """Call ``listener`` (from the autosave thread) with the message of each failed save."""
        self._save_error_listeners.append(listener)

    def _save_failed(self, message: str) -> None:
        self.save_errors.append(message)
        for listener in list(self._save_error_listeners):
            listener(message)

    def view(self) -> EqualityView:
        """The equality view of the session as it stands (worked out once per change)."""
        with self._lock:
            if self._view is None:
                self._view = equality_view(self.session)
            return self._view

    def flush(self) -> None:
        """Wait until every change so far is saved."""
        if self._saver is not None:
            self._saver.flush()

    def close(self) -> None:
        """Save what is pending and let another process open the file."""
        if self._saver is not None:
            self._saver.close()
            self._saver = None
        if self.store is not None:
            self.store.close()

    def replace_setup(self, session: Session) -> None:
        """Put a newer version of a setup in place of this one (only while in phase setup)."""
        with self._lock:
            if self.session.phase != "setup" or session.phase != "setup":
                raise changes.ChangeError("only a session in setup can be set up again")
            # In place: the autosaver and every subscriber keep the same session object.
            for name in type(session).model_fields:
                setattr(self.session, name, getattr(session, name))
        self._changed(Change("setup", "facilitator"))

    def _changed(self, change: Change) -> None:
        with self._lock:
            self._view = None
        if self._saver is not None:
            self._saver.changed()
        for subscriber in list(self._subscribers):
            subscriber(change)

    # The changes. Each raises changes.ChangeError, leaving the session as it was.

    def rate(self, partner: str, target: str, value: int) -> None:
        """Set one of a partner's ratings (or their deal answer)."""
        with self._lock:
            changes.rate(self.session, partner, target, value, at=self.clock())
        self._changed(Change("rate", partner, target))

    def set_dealbreaker(self, partner: str, item: str, marked: bool) -> None:
        """Mark or unmark a value as a dealbreaker for a partner."""
        with self._lock:
            changes.set_dealbreaker(self.session, partner, item, marked, at=self.clock())
        self._changed(Change("dealbreaker", partner, f"values/{item}"))

    def set_brings(self, partner: str, brings: list[str]) -> None:
        """Set what a partner brings."""
        with self._lock:
            changes.set_brings(self.session, partner, brings, at=self.clock())
        self._changed(Change("brings", partner, f"contributions/{partner}"))

    def finish_turn(self, partner: str, round_name: Round) -> None:
        """End a partner's turn in a round (refused while answers are missing)."""
        with self._lock:
            changes.finish_turn(self.session, partner, round_name, at=self.clock())
        self._changed(Change("done", partner, round_name))

    def open_round(self, round_name: Round, actor: str = "facilitator") -> None:
        """Open a round to every partner of a hosted session."""
        with self._lock:
            changes.open_round(self.session, round_name, actor=actor, at=self.clock())
        self._changed(Change("round", actor, round_name))

    def set_phase(self, phase: str, actor: str = "facilitator") -> None:
        """Move to another phase: rating, reveal or complete."""
        with self._lock:
            changes.set_phase(self.session, phase, actor=actor, at=self.clock())  # type: ignore[arg-type]
        self._changed(Change("phase", actor, phase))

    def add_note(
        self, component: str, text: str, item: str | None = None, actor: str = "facilitator"
    ) -> str:
        """Attach a note to a component or one of its items; returns its id."""
        with self._lock:
            note_id = changes.add_note(
                self.session, component, text, item=item, actor=actor, at=self.clock()
            )
        self._changed(Change("note", actor, component))
        return note_id

    def edit_note(self, note_id: str, text: str, actor: str = "facilitator") -> None:
        """Change what a note says."""
        with self._lock:
            changes.edit_note(self.session, note_id, text, actor=actor, at=self.clock())
        self._changed(Change("note-edit", actor, note_id))

    def delete_note(self, note_id: str, actor: str = "facilitator") -> None:
        """Remove a note."""
        with self._lock:
            changes.delete_note(self.session, note_id, actor=actor, at=self.clock())
        self._changed(Change("note-delete", actor, note_id))

    def add_action(
        self,
        text: str,
        owner: str | None = None,
        actor: str = "facilitator",
        *,
        due: date | None = None,
    ) -> str:
        """Record an agreed action; returns its id."""
        with self._lock:
            action_id = changes.add_action(
                self.session, text, owner=owner, due=due, actor=actor, at=self.clock()
            )
        self._changed(Change("action", actor, owner))
        return action_id

    def edit_action(self, action_id: str, actor: str = "facilitator", **fields: Any) -> None:
        """Change an action's text, owner, due date or status (``changes.edit_action``)."""
        with self._lock:
            changes.edit_action(self.session, action_id, actor=actor, at=self.clock(), **fields)
        self._changed(Change("action-edit", actor, action_id))

    def delete_action(self, action_id: str, actor: str = "facilitator") -> None:
        """Remove an action."""
        with self._lock:
            changes.delete_action(self.session, action_id, actor=actor, at=self.clock())
        self._changed(Change("action-delete", actor, action_id))

    def reopen_turn(self, partner: str, round_name: Round, actor: str = "facilitator") -> None:
        """Give a partner a finished turn back, before the reveal."""
        with self._lock:
            changes.reopen_turn(self.session, partner, round_name, actor=actor, at=self.clock())
        self._changed(Change("reopen", actor, round_name))

    def record_presence(self, partner: str, kind: str = "join") -> None:
        """Log a partner joining or leaving."""
        with self._lock:
            changes.record_presence(self.session, partner, kind, at=self.clock())
        self._changed(Change(kind, partner))

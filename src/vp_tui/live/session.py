"""One session in memory, shared by every screen that shows it.

A ``LiveSession`` is the session's only writer. Screens read ``live.session`` and never
change it: they call a command (``rate``, ``set_phase``...), typed as the history's
vocabulary is (``Round``, ``Phase``), which the model validates and records as events
(``model.changes`` through the one reducer). The command then hands the session to the
autosaver and announces the typed changes it made to every subscriber. In the SSH server
several apps subscribe to the same ``LiveSession``; the model keeps its history index (finished
turns, opened rounds) up to date event by event, so no change rescans the history.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Literal, TypedDict, Unpack

from vp_tui.live.autosave import Autosaver
from vp_tui.live.clock import Clock, system_clock
from vp_tui.model import changes
from vp_tui.model.events import Change, Round, StatementPart, typed
from vp_tui.model.fields import ActionStatus, Outcome, Phase
from vp_tui.model.scoring import EqualityView, equality_view
from vp_tui.model.session import Session
from vp_tui.storage.paths import new_session_path
from vp_tui.storage.writer import SessionFile

Announcement = tuple[Change, ...]
"""What one command changed, as the typed changes it recorded (empty: a setup replaced)."""

Subscriber = Callable[[Announcement], None]

Presence = Literal["join", "leave"]


class ActionEdit(TypedDict, total=False):
    """The fields of an action that ``edit_action`` changes; those left out stay."""

    text: str
    owner: str | None
    due: date | None
    status: ActionStatus


class LiveSession:
    """A session being run: change it through its commands; they save and announce."""

    def __init__(
        self,
        session: Session,
        store: SessionFile | None = None,
        *,
        clock: Clock = system_clock,
    ) -> None:
        self._session = session
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
    def session(self) -> Session:
        """The session as it stands, to read (only the commands change it)."""
        return self._session

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
        """Call ``subscriber`` with what each command changed; returns the function that stops
        it. It is called at once, by whoever made the change (``ui.live_watcher`` hands it
        over to a screen's own message queue)."""
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
                self._view = equality_view(self._session)
            return self._view

    def flush(self) -> None:
        """Wait until every change so far is saved (blocks: from an event loop, ``saved``)."""
        if self._saver is not None:
            self._saver.flush()

    async def saved(self) -> None:
        """Every change so far is saved: waited for in a thread, the event loop runs on."""
        if self._saver is not None:
            await asyncio.to_thread(self._saver.flush)

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
            if self._session.phase != "setup" or session.phase != "setup":
                raise changes.ChangeError("only a session in setup can be set up again")
            # In place: the autosaver and every subscriber keep the same session object.
            for name in type(session).model_fields:
                setattr(self._session, name, getattr(session, name))
        self._announce(())

    def _command(self, change: Callable[[], object]) -> Announcement:
        """Make one change through the model, then save and announce the events it recorded."""
        with self._lock:
            before = len(self._session.events)
            change()
            recorded = tuple(typed(event) for event in self._session.events[before:])
        self._announce(recorded)
        return recorded

    def _announce(self, recorded: Announcement) -> None:
        with self._lock:
            self._view = None
        if self._saver is not None:
            self._saver.changed()
        for subscriber in list(self._subscribers):
            subscriber(recorded)

    # The commands. Each raises changes.ChangeError, leaving the session as it was.

    def rate(self, partner: str, target: str, value: int) -> None:
        """Set one of a partner's ratings (``values/Honesty``) or their deal answer (``deal``)."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.rate(session, partner, target, value, at=at))

    def set_dealbreaker(self, partner: str, item: str, marked: bool) -> None:
        """Mark or unmark a value as a dealbreaker for a partner."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.set_dealbreaker(session, partner, item, marked, at=at))

    def set_brings(self, partner: str, brings: list[str]) -> None:
        """Set what a partner brings (a list, each item kept as it is)."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.set_brings(session, partner, brings, at=at))

    def finish_turn(self, partner: str, round_name: Round) -> None:
        """End a partner's turn in a round (refused while answers are missing)."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.finish_turn(session, partner, round_name, at=at))

    def open_round(self, round_name: Round, actor: str = "facilitator") -> None:
        """Open a round to every partner of a hosted session."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.open_round(session, round_name, actor=actor, at=at))

    def set_phase(self, phase: Phase, actor: str = "facilitator") -> None:
        """Move to another phase: rating, reveal or complete."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.set_phase(session, phase, actor=actor, at=at))

    def add_note(
        self, component: str, text: str, item: str | None = None, actor: str = "facilitator"
    ) -> str:
        """Attach a note to a component or one of its items; returns its id."""
        session, at = self._session, self.clock()
        ids: list[str] = []
        self._command(
            lambda: ids.append(
                changes.add_note(session, component, text, item=item, actor=actor, at=at)
            )
        )
        return ids[0]

    def edit_note(self, note_id: str, text: str, actor: str = "facilitator") -> None:
        """Change what a note says."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.edit_note(session, note_id, text, actor=actor, at=at))

    def delete_note(self, note_id: str, actor: str = "facilitator") -> None:
        """Remove a note."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.delete_note(session, note_id, actor=actor, at=at))

    def add_action(
        self,
        text: str,
        owner: str | None = None,
        actor: str = "facilitator",
        *,
        due: date | None = None,
    ) -> str:
        """Record an agreed action; returns its id."""
        session, at = self._session, self.clock()
        ids: list[str] = []
        self._command(
            lambda: ids.append(
                changes.add_action(session, text, owner=owner, due=due, actor=actor, at=at)
            )
        )
        return ids[0]

    def edit_action(
        self, action_id: str, actor: str = "facilitator", **fields: Unpack[ActionEdit]
    ) -> None:
        """Change an action's text, owner, due date or status (each a change of its own)."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.edit_action(session, action_id, actor=actor, at=at, **fields))

    def delete_action(self, action_id: str, actor: str = "facilitator") -> None:
        """Remove an action."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.delete_action(session, action_id, actor=actor, at=at))

    def reopen_turn(self, partner: str, round_name: Round, actor: str = "facilitator") -> None:
        """Give a partner a finished turn back, before the reveal."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.reopen_turn(session, partner, round_name, actor=actor, at=at))

    def record_presence(self, partner: str, kind: Presence = "join") -> None:
        """Log a partner joining or leaving."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.record_presence(session, partner, kind, at=at))

    def set_meaning(self, partner: str, item: str, text: str | None) -> None:
        """Say (or, with None, take back) what a value means to a partner in practice."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.set_meaning(session, partner, item, text, at=at))

    def set_statement(
        self, part: StatementPart, text: str | None, actor: str = "facilitator"
    ) -> None:
        """Agree (or, with None, clear) the statement's sentence for one component."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.set_statement(session, part, text, actor=actor, at=at))

    def set_next_review(self, day: date | None, actor: str = "facilitator") -> None:
        """Set (or, with None, clear) when the partnership should be evaluated again."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.set_next_review(session, day, actor=actor, at=at))

    def set_decision(
        self, outcome: Outcome | None, reason: str | None = None, actor: str = "facilitator"
    ) -> None:
        """Record a prospective alliance's decision and its reason (no outcome: cleared)."""
        session, at = self._session, self.clock()
        self._command(lambda: changes.set_decision(session, outcome, reason, actor=actor, at=at))

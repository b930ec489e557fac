"""The one reducer of the history: what each event does to a session, and how to undo it.

``apply(tables, change)`` changes a session's tables in place by one typed change
(``model.events``) and returns the function that takes it back, in constant time: the live
changes (``model.changes``) record every change through it, and replay steps through a
history with it either way. ``follow(index, change)`` is its half for what the history says
beyond the tables (finished turns, opened rounds, the reveal, who is present); ``apply``
calls it too, and ``history_index(session)`` keeps it up to date for a session as its
history grows, so that the flow of turns never rescans the whole history.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from pydantic import ValidationError

from vp_tui.model.events import (
    ROUNDS,
    AddAction,
    AddNote,
    Brings,
    Change,
    Dealbreaker,
    DeleteAction,
    DeleteNote,
    Done,
    EditAction,
    EditNote,
    Join,
    Leave,
    OpenRound,
    Rate,
    RatingKey,
    Reopen,
    Round,
    SetDecision,
    SetDue,
    SetMeaning,
    SetNextReview,
    SetOwner,
    SetPhase,
    SetStatement,
    SetStatus,
    Turn,
    typed,
)
from vp_tui.model.session import (
    RATED_LISTS,
    Action,
    Contribution,
    Decision,
    Event,
    Note,
    RatedItem,
    Session,
    Statement,
    ValueItem,
)

Undo = Callable[[], object]
"""Takes one applied change back (undo in the reverse order of applying)."""


def _nothing() -> None:
    """The undo of a change that changed nothing."""


_ABSENT: Any = object()
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _put(mapping: dict[K, V], key: K, value: V) -> Undo:
    """Set one entry; the undo puts back what was there, or nothing."""
    # A partial of a dict method, not a closure: replay keeps one undo per event, and a
    # closure's cells are five objects for the garbage collector to track instead of two.
    before = mapping.get(key, _ABSENT)
    mapping[key] = value
    if before is _ABSENT:
        return partial(mapping.pop, key)
    return partial(mapping.__setitem__, key, before)


def _drop(mapping: dict[K, V], key: K) -> Undo:
    """Remove one entry, if there; the undo puts it back."""
    before = mapping.pop(key, _ABSENT)
    if before is _ABSENT:
        return _nothing
    return partial(mapping.__setitem__, key, before)


@dataclass
class HistoryIndex:
    """What a history says beyond the tables, as it stands after its last event."""

    finished: set[Turn] = field(default_factory=set)
    """The turns whose partner said they were done (and that were not reopened since)."""
    opened: dict[Round, datetime] = field(default_factory=dict)
    """When the facilitator of a hosted session last opened each round."""
    revealed_at: datetime | None = None
    """When the reveal last opened the discussion."""
    present: set[str] = field(default_factory=set)
    """Who has joined and not left."""

    @property
    def opened_round(self) -> Round | None:
        """The furthest round opened so far (the rounds before it are open too)."""
        return next((name for name in reversed(ROUNDS) if name in self.opened), None)


def _toggle(members: set[V], member: V, present: bool) -> Undo:
    """Add or remove one member; the undo does the opposite when it changed anything."""
    if (member in members) == present:
        return _nothing
    if present:
        members.add(member)
        return lambda: members.discard(member)
    members.discard(member)
    return lambda: members.add(member)


def follow(index: HistoryIndex, change: Change) -> Undo:
    """The reducer's half for the history index: turns, rounds, the reveal, presence."""
    match change:
        case Done():
            return _toggle(index.finished, Turn(change.round, change.actor), True)
        case Reopen():
            return _toggle(index.finished, Turn(change.round, change.partner), False)
        case OpenRound():
            return _put(index.opened, change.round, change.at)
        case SetPhase(phase="reveal"):
            before = index.revealed_at
            index.revealed_at = change.at

            def unreveal() -> None:
                index.revealed_at = before

            return unreveal
        case Join() | Leave():
            return _toggle(index.present, change.actor, isinstance(change, Join))
    return _nothing


_FOLLOWED_TYPES: frozenset[type[Change]] = frozenset(
    {Done, Reopen, OpenRound, SetPhase, Join, Leave}
)
FOLLOWED_KINDS = frozenset(
    {Done.kind, Reopen.kind, OpenRound.kind, SetPhase.kind, Join.kind, Leave.kind}
)
"""The event kinds ``follow`` reads (the others leave the index as it is)."""


class Tables:
    """A session whose tables events change in place, and optionally its history index."""

    def __init__(
        self, session: Session, *, numbered: bool = True, index: HistoryIndex | None = None
    ) -> None:
        self.session = session
        self.numbered = numbered
        """Whether new notes and actions get ids (version 2; an older file's replay gives none)."""
        self.index = index
        self.stray: dict[RatingKey, int] = {}
        """Ratings the history gives for an item the session does not have (a hand edit)."""
        self.items: dict[tuple[str, str], RatedItem] = {
            (each, entry.item): entry for each in RATED_LISTS for entry in session.rated_list(each)
        }
        """The benefits, costs and values by (list, name)."""

    def contribution(self, partner: str) -> tuple[Contribution, Undo]:
        """A partner's contribution entry, added when there is none (the undo removes it)."""
        found = self.session.contribution_of(partner)
        if found is not None:
            return found, _nothing
        added = Contribution.model_construct(partner=partner, brings=[], ratings={})
        contributions = self.session.contributions
        contributions.append(added)
        return added, lambda: contributions.remove(added)


def apply(tables: Tables, change: Change) -> Undo:
    """Change the tables (and the index, when kept) by one change; returns its undo."""
    if type(change) is Rate:  # most of any history: straight there
        return _rate(tables, change)
    undo = _change_tables(tables, change)
    if tables.index is None or type(change) not in _FOLLOWED_TYPES:
        return undo
    undo_index = follow(tables.index, change)
    if undo_index is _nothing:
        return undo
    if undo is _nothing:
        return undo_index

    def both() -> None:
        undo_index()
        undo()

    return both


def _change_tables(tables: Tables, change: Change) -> Undo:
    session = tables.session
    match change:
        case Rate():
            return _rate(tables, change)
        case Dealbreaker():
            entry = tables.items.get(("values", change.item))
            if not isinstance(entry, ValueItem):
                return _nothing
            marks = entry.dealbreaker
            before = list(marks)
            if change.marked and change.actor not in marks:
                marks.append(change.actor)
            elif not change.marked and change.actor in marks:
                marks.remove(change.actor)

            def unmark() -> None:
                marks[:] = before

            return unmark
        case Brings():
            contribution, undo_added = tables.contribution(change.actor)
            listed = contribution.brings
            contribution.brings = list(change.items)

            def unlist() -> None:
                contribution.brings = listed
                undo_added()

            return unlist
        case SetPhase():
            return _set_field(session, "phase", change.phase)
        case AddNote():
            notes = session.notes
            note_id = next_id([note.id for note in notes], "n") if tables.numbered else None
            return _add(notes, change.note.model_copy(update={"id": note_id}))
        case AddAction():
            actions = session.actions
            action_id = next_id([a.id for a in actions], "a") if tables.numbered else None
            return _add(actions, change.action.model_copy(update={"id": action_id}))
        case EditNote():
            return _update(session.notes, change.note_id, {"text": change.text})
        case DeleteNote():
            return _delete(session.notes, change.note_id)
        case EditAction():
            return _update(session.actions, change.action_id, {"text": change.text})
        case SetOwner():
            return _update(session.actions, change.action_id, {"owner": change.owner})
        case SetDue():
            return _update(session.actions, change.action_id, {"due": change.due})
        case SetStatus():
            return _update(session.actions, change.action_id, {"status": change.status})
        case DeleteAction():
            return _delete(session.actions, change.action_id)
        case SetMeaning():
            entry = tables.items.get(("values", change.item))
            if not isinstance(entry, ValueItem):
                return _nothing
            if change.text is None:
                return _drop(entry.meaning, change.actor)
            return _put(entry.meaning, change.actor, change.text)
        case SetStatement():
            return _set_statement(session, change)
        case SetDecision():
            decided = None
            if change.outcome is not None:
                decided = Decision.model_construct(outcome=change.outcome, reason=change.reason)
            return _set_field(session, "decision", decided)
        case SetNextReview():
            return _set_field(session, "next_review", change.day)
    return _nothing  # turns, rounds and presence are the index's; unknown kinds change nothing


def _set_field(session: Session, name: str, value: object) -> Undo:
    """Set one of the session's own fields; the undo puts back what was there."""
    before = getattr(session, name)
    setattr(session, name, value)

    def undo() -> None:
        setattr(session, name, before)

    return undo


def _set_statement(session: Session, change: SetStatement) -> Undo:
    """One sentence of the statement; a statement left with none is no table at all."""
    before = session.statement
    sentences = before.model_dump() if before is not None else {}
    sentences[change.part] = change.text
    session.statement = (
        Statement.model_construct(**sentences)
        if any(text is not None for text in sentences.values())
        else None
    )

    def unstate() -> None:
        session.statement = before

    return unstate


def _rate(tables: Tables, change: Rate) -> Undo:
    list_name, rater = change.list_name, change.actor
    if list_name == "deal":
        return _put(tables.session.deal, rater, change.rating)
    if list_name == "contributions":
        contribution, undo_added = tables.contribution(change.name)
        undo_rating = _put(contribution.ratings, rater, change.rating)
        if undo_added is _nothing:
            return undo_rating

        def unrate() -> None:
            undo_rating()
            undo_added()

        return unrate
    entry = tables.items.get((list_name, change.name))
    if entry is None:
        return _put(tables.stray, change.key, change.rating)
    return _put(entry.ratings, rater, change.rating)


R = TypeVar("R", Note, Action)


def _add(records: list[R], record: R) -> Undo:
    records.append(record)

    def remove() -> None:
        records.pop()

    return remove


def _position(records: list[R], record_id: str) -> int | None:
    return next((i for i, record in enumerate(records) if record.id == record_id), None)


def _update(records: list[R], record_id: str, values: dict[str, object]) -> Undo:
    """Change fields of the note or action with this id; one that is not there, or a value it
    cannot hold (a hand-written event), changes nothing."""
    index = _position(records, record_id)
    if index is None:
        return _nothing
    old = records[index]
    try:
        records[index] = type(old).model_validate({**old.model_dump(), **values})
    except ValidationError:
        return _nothing
    return lambda: records.__setitem__(index, old)


def _delete(records: list[R], record_id: str) -> Undo:
    """Remove the note or action with this id (none there: nothing changes)."""
    index = _position(records, record_id)
    if index is None:
        return _nothing
    old = records.pop(index)
    return lambda: records.insert(index, old)


_NUMBERED = re.compile(r"^[a-z](\d+)$")


def next_id(ids: list[str | None], letter: str) -> str:
    """The id of the next note (``n3``) or action (``a3``): one past the highest and the count."""
    numbers = [int(m.group(1)) for i in ids if i and (m := _NUMBERED.match(i))]
    number = max([len(ids), *numbers]) + 1
    while f"{letter}{number}" in ids:
        number += 1
    return f"{letter}{number}"


@dataclass
class _Followed:
    index: HistoryIndex
    count: int = 0
    last: Event | None = None


_INDEXES: dict[int, _Followed] = {}
"""Each session's history index, by the session's id (dropped with the session)."""


def history_index(session: Session) -> HistoryIndex:
    """The session's history index, caught up with any events added since it was last asked
    (a history that was replaced is read again from the start)."""
    key, events = id(session), session.events
    followed = _INDEXES.get(key)
    count = followed.count if followed is not None else 0
    if (
        followed is None
        or count > len(events)
        or (count and events[count - 1] is not followed.last)
    ):
        if followed is None:
            weakref.finalize(session, _INDEXES.pop, key, None)
        followed = _INDEXES[key] = _Followed(HistoryIndex())
    for event in events[followed.count :]:
        if event.kind in FOLLOWED_KINDS:
            follow(followed.index, typed(event))
    followed.count = len(events)
    followed.last = events[-1] if events else None
    return followed.index

"""Replay: the session as it stood after each event of its history.

``replay_steps`` lists the steps; ``state_at`` is the pure function that rebuilds the state
after any step from the start. ``ReplayCursor`` moves between steps one event at a time
(each event applied or undone in constant time), so that stepping through a long history
costs the same as through a short one; it always agrees with ``state_at``.

The first step is the session before anything happened (its partners and items, nothing
rated, phase ``setup``); then one step per event; and, when the tables of the file are not
what the history gives (a hand edit), a last step "edited by hand" that shows the saved
tables. The last step therefore always equals the saved state. A file without history
replays as its saved state in one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar, cast

from pydantic import ValidationError

from vp_tui.model.changes import next_id
from vp_tui.model.session import (
    Action,
    Contribution,
    Event,
    Note,
    RatedItem,
    Session,
    ValueItem,
    parse_target,
)
from vp_tui.model.wording import DEAL_WORDS

StepKind = Literal["start", "event", "edited"]

_MISSING: Any = object()


@dataclass(frozen=True)
class ReplayStep:
    """One step of a replay: what happened, when and by whom, in words."""

    number: int
    kind: StepKind
    says: str
    at: datetime | None = None
    actor: str | None = None
    event: Event | None = None


@dataclass(frozen=True)
class ReplayState:
    """The session as it stood after a step (no history in it) and who was present."""

    session: Session
    present: frozenset[str]


class _Tables:
    """The parts of a session that events change, in a form that is cheap to change."""

    def __init__(self, session: Session) -> None:
        self.ratings: dict[tuple[str, str, str], int] = {}
        self.dealbreakers: dict[str, list[str]] = {entry.item: [] for entry in session.values}
        self.brings: dict[str, list[str]] = {}
        self.notes: list[Note] = []
        self.actions: list[Action] = []
        self.phase: str = "setup"
        self.present: set[str] = set()
        # Version 2 gives notes and actions ids in the order they were added; an older file
        # has none, and then its replay gives none, so that its last step is the file.
        self.numbered = any(note.id is not None for note in session.notes) or any(
            action.id is not None for action in session.actions
        )

    @classmethod
    def saved(cls, session: Session) -> _Tables:
        """The tables of the file itself."""
        tables = cls(session)
        for list_name in ("benefits", "costs", "values"):
            for entry in session.rated_list(list_name):
                for rater, rating in entry.ratings.items():
                    tables.ratings[(list_name, entry.item, rater)] = rating
        for rater, answer in session.deal.items():
            tables.ratings[("deal", "", rater)] = answer
        for contribution in session.contributions:
            for rater, rating in contribution.ratings.items():
                tables.ratings[("contributions", contribution.partner, rater)] = rating
            if contribution.brings:
                tables.brings[contribution.partner] = list(contribution.brings)
        for value in session.values:
            tables.dealbreakers[value.item] = list(value.dealbreaker)
        tables.notes = list(session.notes)
        tables.actions = list(session.actions)
        tables.phase = session.phase
        return tables

    def same_as(self, other: _Tables) -> bool:
        """Whether both hold the same ratings, marks, lists, notes, actions and phase."""
        return (
            self.ratings == other.ratings
            and {item: set(ids) for item, ids in self.dealbreakers.items()}
            == {item: set(ids) for item, ids in other.dealbreakers.items()}
            and self.brings == other.brings
            and _without_ids(self.notes) == _without_ids(other.notes)
            and _without_ids(self.actions) == _without_ids(other.actions)
            and self.phase == other.phase
        )

    def apply(self, change: Change) -> object:
        """Apply one change; returns what ``undo`` needs to take it back."""
        kind, key, value = change
        if kind == "rate":
            before = self.ratings.get(key, _MISSING)
            self.ratings[key] = value
            return before
        if kind == "dealbreaker":
            item, actor = key
            marked = self.dealbreakers.get(item)
            if marked is None:
                return None
            before_marks = list(marked)
            if value and actor not in marked:
                marked.append(actor)
            elif not value and actor in marked:
                marked.remove(actor)
            return before_marks
        if kind == "brings":
            before_list = self.brings.get(key, _MISSING)
            self.brings[key] = value
            return before_list
        if kind in _RECORD_KINDS:
            before_records = (list(self.notes), list(self.actions))
            self._apply_record(kind, key, value)
            return before_records
        if kind == "phase":
            before_phase = self.phase
            self.phase = value
            return before_phase
        if kind in ("join", "leave"):
            was_present = key in self.present
            (self.present.add if kind == "join" else self.present.discard)(key)
            return was_present
        return None  # "done" and kinds this version does not know change no table

    def _apply_record(self, kind: str, key: Any, value: Any) -> None:
        """Add, change or remove a note or an action (ids as the live session gives them)."""
        if kind == "note":
            note_id = next_id([note.id for note in self.notes], "n") if self.numbered else None
            self.notes.append(value.model_copy(update={"id": note_id}))
        elif kind == "action":
            action_id = next_id([a.id for a in self.actions], "a") if self.numbered else None
            self.actions.append(value.model_copy(update={"id": action_id}))
        elif kind.startswith("note-"):
            self.notes = _changed_records(self.notes, key, kind, value)
        else:
            self.actions = _changed_records(self.actions, key, kind, value)

    def undo(self, change: Change, before: object) -> None:
        """Take back a change that ``apply`` made, given what it returned."""
        kind, key, _value = change
        if kind == "rate":
            _restore(self.ratings, key, before)
        elif kind == "dealbreaker" and before is not None:
            self.dealbreakers[key[0]][:] = cast(list[str], before)
        elif kind == "brings":
            _restore(self.brings, key, before)
        elif kind in _RECORD_KINDS:
            self.notes, self.actions = cast(tuple[list[Note], list[Action]], before)
        elif kind == "phase":
            self.phase = cast(str, before)
        elif kind in ("join", "leave"):
            (self.present.add if before else self.present.discard)(key)

    def session(self, base: Session) -> Session:
        """A session with these tables, built without validation (the parts are valid)."""
        ratings = self.ratings

        def rated(list_name: str, item: str) -> dict[str, int]:
            return {
                rater: ratings[(list_name, item, rater)]
                for rater in base.partner_ids
                if (list_name, item, rater) in ratings
            }

        contributions = []
        for partner in base.partner_ids:
            given = rated("contributions", partner)
            brings = self.brings.get(partner, [])
            if given or brings:
                contributions.append(
                    Contribution.model_construct(partner=partner, brings=brings, ratings=given)
                )
        return base.model_copy(
            update={
                "phase": self.phase,
                "benefits": [
                    RatedItem.model_construct(item=e.item, ratings=rated("benefits", e.item))
                    for e in base.benefits
                ],
                "costs": [
                    RatedItem.model_construct(item=e.item, ratings=rated("costs", e.item))
                    for e in base.costs
                ],
                "deal": rated("deal", ""),
                "values": [
                    ValueItem.model_construct(
                        item=e.item,
                        ratings=rated("values", e.item),
                        dealbreaker=list(self.dealbreakers.get(e.item, [])),
                    )
                    for e in base.values
                ],
                "contributions": contributions,
                "notes": list(self.notes),
                "actions": list(self.actions),
                "events": [],
            }
        )


Change = tuple[str, Any, Any]
"""What an event does to the tables: (kind, where, what), worked out once per event."""

_RECORD_KINDS = frozenset(
    {
        "note",
        "note-edit",
        "note-delete",
        "action",
        "action-edit",
        "action-owner",
        "action-due",
        "action-status",
        "action-delete",
    }
)
"""The event kinds that add, change or remove a note or an action (target: its id)."""

_ACTION_FIELDS = {
    "action-edit": "text",
    "action-owner": "owner",
    "action-due": "due",
    "action-status": "status",
}

R = TypeVar("R", Note, Action)


def _changed_records(records: list[R], record_id: str, kind: str, value: Any) -> list[R]:
    """The records with one changed or removed; an id that is not there changes nothing."""
    changed: list[R] = []
    for record in records:
        if record.id != record_id:
            changed.append(record)
        elif kind.endswith("-delete"):
            continue
        else:
            field = "text" if kind == "note-edit" else _ACTION_FIELDS[kind]
            try:
                changed.append(type(record).model_validate({**record.model_dump(), field: value}))
            except ValidationError:
                changed.append(record)  # a hand-written event the record cannot hold
    return changed


def _without_ids(records: list[Note] | list[Action]) -> list[dict[str, Any]]:
    """Records compared by what they say: older files have no ids, replay gives them."""
    return [record.model_dump(exclude={"id"}) for record in records]


def change_of(event: Event) -> Change:
    """What an event changes, read once so that applying it allocates nothing more."""
    kind, value, target = event.kind, event.value, event.target
    if kind == "rate" and isinstance(value, int) and not isinstance(value, bool):
        list_name, name = parse_target(target)
        return ("rate", (list_name, name, event.actor), value)
    if kind == "dealbreaker" and isinstance(value, bool) and target:
        return ("dealbreaker", (target.partition("/")[2], event.actor), value)
    if kind == "brings" and isinstance(value, list):
        return ("brings", event.actor, list(value))
    if kind == "brings" and isinstance(value, str):  # version 1: the list joined by "; "
        return ("brings", event.actor, [part.strip() for part in value.split(";") if part.strip()])
    if kind == "note" and isinstance(value, str) and target:
        component, _, item = target.partition("/")
        try:
            return ("note", None, Note(component=component, item=item or None, text=value))  # type: ignore[arg-type]
        except ValidationError:
            return ("other", None, None)  # a hand-written event the notes could not hold
    if kind == "action" and isinstance(value, str):
        try:
            return ("action", None, Action(text=value, owner=target))
        except ValidationError:
            return ("other", None, None)
    if kind in _RECORD_KINDS and target:
        if kind.endswith("-delete") or (kind in _ACTION_FIELDS and not isinstance(value, list)):
            return (kind, target, value)
        if kind == "note-edit" and isinstance(value, str):
            return (kind, target, value)
    if kind == "phase" and isinstance(value, str):
        return ("phase", None, value)
    if kind in ("join", "leave"):
        return (kind, event.actor, None)
    return ("other", None, None)


def _restore(mapping: dict[Any, Any], key: object, before: object) -> None:
    if before is _MISSING:
        del mapping[key]
    else:
        mapping[key] = before


def _without_history(session: Session) -> Session:
    return session.model_copy(update={"events": []})


def _edited(session: Session) -> bool:
    """Whether replaying the whole history misses something the file's tables hold."""
    tables = _Tables(session)
    for event in session.events:
        tables.apply(change_of(event))
    return not tables.same_as(_Tables.saved(session))


def replay_steps(session: Session) -> list[ReplayStep]:
    """Every step of the replay of a session, in order."""
    if not session.events:
        return [ReplayStep(0, "edited", "The session as saved (the file has no history)")]
    steps = [ReplayStep(0, "start", _start_words(session))]
    for number, event in enumerate(session.events, start=1):
        steps.append(
            ReplayStep(number, "event", describe(session, event), event.at, event.actor, event)
        )
    if _edited(session):
        steps.append(
            ReplayStep(
                len(steps),
                "edited",
                "Edited by hand: the saved file differs from what its history gives",
            )
        )
    return steps


def state_at(session: Session, number: int) -> ReplayState:
    """The session as it stood after step ``number``, rebuilt from the start (pure)."""
    events = session.events
    last = len(events) + 1 if events and _edited(session) else len(events)
    if not 0 <= number <= last:
        raise IndexError(f"step {number} is not between 0 and {last}")
    tables = _Tables(session)
    for event in events[:number]:
        tables.apply(change_of(event))
    # The "edited by hand" step, or the one step of a file without history, is the saved state.
    shown = _Tables.saved(session) if number > len(events) or not events else tables
    return ReplayState(shown.session(_without_history(session)), frozenset(tables.present))


class ReplayCursor:
    """A position in a replay that moves one event at a time, in constant time per event."""

    def __init__(self, session: Session) -> None:
        self.source = session
        self.steps = replay_steps(session)
        self._base = _without_history(session)
        self._tables = _Tables(session)
        self._changes = [change_of(event) for event in session.events]
        self._undo: list[object] = []
        self._saved: _Tables | None = None
        self.number = 0
        if self.steps[0].kind == "edited":  # no history: the saved state is all there is
            self._tables = _Tables.saved(session)

    @property
    def last(self) -> int:
        """The number of the last step."""
        return len(self.steps) - 1

    @property
    def step(self) -> ReplayStep:
        """The step the cursor is on."""
        return self.steps[self.number]

    def move_to(self, number: int) -> None:
        """Go to step ``number`` (clamped to the replay), applying or undoing events."""
        number = max(0, min(number, self.last))
        changes, tables, undo = self._changes, self._tables, self._undo
        while self.number < number:
            self.number += 1
            if self.number <= len(changes):
                undo.append(tables.apply(changes[self.number - 1]))
        while self.number > number:
            if self.number <= len(changes):
                tables.undo(changes[self.number - 1], undo.pop())
            self.number -= 1

    def state(self) -> ReplayState:
        """The session as it stood after the current step."""
        shown = self._tables
        if self.step.kind == "edited" and self.number > 0:
            if self._saved is None:
                self._saved = _Tables.saved(self.source)
            shown = self._saved
        return ReplayState(shown.session(self._base), frozenset(self._tables.present))

    def reveal_step(self) -> int:
        """The first step that opens the reveal (or completes the session), else the last."""
        for step in self.steps:
            event = step.event
            if (
                event is not None
                and event.kind == "phase"
                and event.value in ("reveal", "complete")
            ):
                return step.number
        return self.last


def _name(session: Session, actor: str) -> str:
    if actor in session.partner_ids:
        return session.partner(actor).name
    if actor == "facilitator":
        return session.facilitator or "The facilitator"
    return actor


def _owner_name(session: Session, owner: str) -> str:
    return "everyone" if owner == "everyone" else _name(session, owner)


_RECORD_WORDS = {
    "note-edit": "changed note",
    "note-delete": "deleted note",
    "action-edit": "changed action",
    "action-owner": "gave an owner to action",
    "action-due": "set the due date of action",
    "action-status": "set the status of action",
    "action-delete": "deleted action",
}


def _record_value(session: Session, event: Event) -> str:
    """What a note or action was changed to, in words."""
    value = event.value
    if event.kind.endswith("-delete"):
        return ""
    if event.kind == "action-owner":
        return f": {_owner_name(session, value)}" if isinstance(value, str) else ": nobody"
    if event.kind == "action-due" and value is None:
        return ": none"
    return f": {value}"


def _start_words(session: Session) -> str:
    items = len(session.benefits) + len(session.costs) + len(session.values)
    return f"Start: {len(session.partners)} partners, {items} items, nothing rated yet"


_LISTS = {"benefits": "benefit", "costs": "cost", "values": "value"}


def describe(session: Session, event: Event) -> str:
    """One line saying what an event did, with names rather than ids."""
    who = _name(session, event.actor)
    value, target = event.value, event.target
    if event.kind == "rate" and isinstance(value, int):
        list_name, name = parse_target(target)
        if list_name == "deal":
            figure = f"{value:+d}" if value else "0"
            return f"{who} answered the deal question: {figure} ({DEAL_WORDS.get(value, '')})"
        if list_name == "contributions":
            whose = "their own" if name == event.actor else f"{_name(session, name)}'s"
            return f"{who} rated {whose} contribution: {value}"
        return f"{who} rated the {_LISTS[list_name]} “{name}”: {value}"
    if event.kind == "dealbreaker" and target:
        item = target.partition("/")[2]
        return f"{who} {'marked' if value else 'unmarked'} “{item}” as a dealbreaker"
    if event.kind == "brings":
        listed = "; ".join(value) if isinstance(value, list) else value
        return f"{who} listed what they bring: {listed}"
    if event.kind == "note":
        about = (target or "general").replace("/", ": ", 1)
        return f"{who} noted ({about}): {value}"
    if event.kind == "action":
        owner = f" for {_owner_name(session, target)}" if target else ""
        return f"{who} recorded an action{owner}: {value}"
    if event.kind in _RECORD_WORDS:
        return f"{who} {_RECORD_WORDS[event.kind]} {target}{_record_value(session, event)}"
    if event.kind == "reopen" and isinstance(value, str):
        return f"{who} reopened {_name(session, value)}'s {target} round"
    if event.kind == "phase":
        return f"{who} moved the session to {value}"
    if event.kind == "join":
        return f"{who} joined"
    if event.kind == "leave":
        return f"{who} left"
    if event.kind == "done":
        return f"{who} finished the {target} round"
    if event.kind == "round":
        return f"{who} opened the {target} round"
    parts = [who, event.kind, target or "", "" if value is None else str(value)]
    return " ".join(part for part in parts if part)

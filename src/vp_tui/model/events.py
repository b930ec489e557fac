"""The history's vocabulary: one typed change per event kind, read once and written back.

Every kind of ``[[events]]`` entry (docs/format.md, "The history") has a frozen class here
with typed fields: ``typed(event)`` reads a file's event (a version 1 ``brings`` text is
split on ``;`` as before; an unknown kind, or a known kind whose value it cannot hold, is
``Unknown`` and changes nothing), and ``change.event()`` writes one. ``model.reducer`` is
the one place that says what each change does to a session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar, Literal, TypeVar, get_args

from pydantic import TypeAdapter, ValidationError

from vp_tui.model.fields import ActionStatus, Meaning, Outcome, Phase, Sentence
from vp_tui.model.session import Action, Event, EventValue, Note, parse_target

Kind = Literal[
    "rate",
    "dealbreaker",
    "brings",
    "done",
    "round",
    "reopen",
    "note",
    "note-edit",
    "note-delete",
    "action",
    "action-carry",
    "action-edit",
    "action-owner",
    "action-due",
    "action-status",
    "action-delete",
    "phase",
    "join",
    "leave",
    "meaning",
    "statement",
    "decision",
    "next-review",
]
"""The event kinds this version writes; a file may hold others, which are kept as they are."""
KINDS: tuple[Kind, ...] = get_args(Kind)

Round = Literal["anticipated", "values", "brings", "contribution"]
ROUNDS: tuple[Round, ...] = ("anticipated", "values", "brings", "contribution")
"""The rating rounds in order (a ``done``, ``round`` or ``reopen`` event's target)."""

StatementPart = Literal["anticipated", "values", "contribution"]
STATEMENT_PARTS: tuple[StatementPart, ...] = ("anticipated", "values", "contribution")
"""The components the Value Proposition statement has one sentence for (a ``statement``
event's target)."""

RatingKey = tuple[str, str, str]
"""Where a rating lives and whose it is: ("values", "Honesty", "ana"); deal is ("deal", "", "ana")."""


N = TypeVar("N", bound=str)


def _named(names: tuple[N, ...]) -> dict[str, N]:
    return {name: name for name in names}


_ROUNDS = _named(ROUNDS)
_PHASES: dict[str, Phase] = _named(get_args(Phase))
_STATUSES: dict[str, ActionStatus] = _named(get_args(ActionStatus))
_PARTS = _named(STATEMENT_PARTS)
_OUTCOMES: dict[str, Outcome] = _named(get_args(Outcome))


def round_named(name: str | None) -> Round | None:
    """The round with this name, or None (a target read from a file or a choice)."""
    return _ROUNDS.get(name) if name is not None else None


def phase_named(name: str | None) -> Phase | None:
    """The phase with this name, or None."""
    return _PHASES.get(name) if name is not None else None


def statement_part_named(name: str | None) -> StatementPart | None:
    """The statement's component with this name, or None."""
    return _PARTS.get(name) if name is not None else None


def outcome_named(name: str | None) -> Outcome | None:
    """The decision outcome with this name, or None."""
    return _OUTCOMES.get(name) if name is not None else None


def status_named(name: str | None) -> ActionStatus | None:
    """The action status with this name, or None."""
    return _STATUSES.get(name) if name is not None else None


@dataclass(frozen=True)
class Turn:
    """One partner's turn in one round."""

    round: Round
    partner: str


@dataclass(frozen=True, slots=True)
class _Change:
    """What every event has: when it happened and who did it (a partner or the facilitator)."""

    kind: ClassVar[Kind]
    at: datetime
    actor: str

    def _target(self) -> str | None:
        return None

    def _value(self) -> EventValue:
        return None

    def event(self) -> Event:
        """The history entry that records this change (validated as the file's)."""
        return Event(
            at=self.at, actor=self.actor, kind=self.kind, target=self._target(), value=self._value()
        )


@dataclass(frozen=True, slots=True)
class Rate(_Change):
    """The actor's rating in ``list_name`` (benefits, costs, values, contributions) or deal."""

    kind: ClassVar[Kind] = "rate"
    list_name: str
    name: str
    """The item, whose contribution (a partner id), or empty for the deal."""
    rating: int

    @property
    def key(self) -> RatingKey:
        """Where the rating lives and whose it is."""
        return (self.list_name, self.name, self.actor)

    def _target(self) -> str:
        return "deal" if self.list_name == "deal" else f"{self.list_name}/{self.name}"

    def _value(self) -> EventValue:
        return self.rating


@dataclass(frozen=True, slots=True)
class Dealbreaker(_Change):
    """The actor marks (or unmarks) a value as a dealbreaker for them."""

    kind: ClassVar[Kind] = "dealbreaker"
    item: str
    marked: bool

    def _target(self) -> str:
        return f"values/{self.item}"

    def _value(self) -> EventValue:
        return self.marked


@dataclass(frozen=True, slots=True)
class Brings(_Change):
    """The actor's whole list of what they bring (version 2: a list, kept item by item)."""

    kind: ClassVar[Kind] = "brings"
    items: tuple[str, ...]

    def _target(self) -> str:
        return f"contributions/{self.actor}"

    def _value(self) -> EventValue:
        return list(self.items)


@dataclass(frozen=True, slots=True)
class Done(_Change):
    """The actor finished their turn in a round."""

    kind: ClassVar[Kind] = "done"
    round: Round

    def _target(self) -> str:
        return self.round


@dataclass(frozen=True, slots=True)
class OpenRound(_Change):
    """The facilitator of a hosted session opened a round to every partner."""

    kind: ClassVar[Kind] = "round"
    round: Round

    def _target(self) -> str:
        return self.round


@dataclass(frozen=True, slots=True)
class Reopen(_Change):
    """A finished turn given back to its partner before the reveal."""

    kind: ClassVar[Kind] = "reopen"
    round: Round
    partner: str

    def _target(self) -> str:
        return self.round

    def _value(self) -> EventValue:
        return self.partner


@dataclass(frozen=True, slots=True)
class SetPhase(_Change):
    """The session moved to a phase."""

    kind: ClassVar[Kind] = "phase"
    phase: Phase

    def _value(self) -> EventValue:
        return self.phase


@dataclass(frozen=True, slots=True)
class Join(_Change):
    """A partner joined (sat down or connected)."""

    kind: ClassVar[Kind] = "join"


@dataclass(frozen=True, slots=True)
class Leave(_Change):
    """A partner left."""

    kind: ClassVar[Kind] = "leave"


@dataclass(frozen=True, slots=True)
class AddNote(_Change):
    """A note added (it gets the next note id in a file whose records have ids)."""

    kind: ClassVar[Kind] = "note"
    note: Note
    """The note without its id."""

    def _target(self) -> str:
        note = self.note
        return note.component if note.item is None else f"{note.component}/{note.item}"

    def _value(self) -> EventValue:
        return self.note.text


@dataclass(frozen=True, slots=True)
class EditNote(_Change):
    """A note's new text."""

    kind: ClassVar[Kind] = "note-edit"
    note_id: str
    text: str

    def _target(self) -> str:
        return self.note_id

    def _value(self) -> EventValue:
        return self.text


@dataclass(frozen=True, slots=True)
class DeleteNote(_Change):
    """A note removed (its text stays in the history)."""

    kind: ClassVar[Kind] = "note-delete"
    note_id: str

    def _target(self) -> str:
        return self.note_id


@dataclass(frozen=True, slots=True)
class AddAction(_Change):
    """An action added (it gets the next action id in a file whose records have ids)."""

    kind: ClassVar[Kind] = "action"
    action: Action
    """The action without its id: its text and owner."""

    def _target(self) -> str | None:
        return self.action.owner

    def _value(self) -> EventValue:
        return self.action.text


@dataclass(frozen=True, slots=True)
class CarryAction(AddAction):
    """An open action of an earlier session of the partnership, carried over into this one
    when it was set up (``vp-tui new --from``): added like any action, remembering where it
    came from (the target is that session's file name)."""

    kind: ClassVar[Kind] = "action-carry"

    def _target(self) -> str | None:
        return self.action.carried_from


@dataclass(frozen=True, slots=True)
class EditAction(_Change):
    """An action's new text."""

    kind: ClassVar[Kind] = "action-edit"
    action_id: str
    text: str

    def _target(self) -> str:
        return self.action_id

    def _value(self) -> EventValue:
        return self.text


@dataclass(frozen=True, slots=True)
class SetOwner(_Change):
    """An action's owner: a partner, ``facilitator``, ``everyone``, or None for nobody."""

    kind: ClassVar[Kind] = "action-owner"
    action_id: str
    owner: str | None

    def _target(self) -> str:
        return self.action_id

    def _value(self) -> EventValue:
        return self.owner


@dataclass(frozen=True, slots=True)
class SetDue(_Change):
    """An action's due date, or None."""

    kind: ClassVar[Kind] = "action-due"
    action_id: str
    due: date | None

    def _target(self) -> str:
        return self.action_id

    def _value(self) -> EventValue:
        return self.due


@dataclass(frozen=True, slots=True)
class SetStatus(_Change):
    """An action's status."""

    kind: ClassVar[Kind] = "action-status"
    action_id: str
    status: ActionStatus

    def _target(self) -> str:
        return self.action_id

    def _value(self) -> EventValue:
        return self.status


@dataclass(frozen=True, slots=True)
class DeleteAction(_Change):
    """An action removed."""

    kind: ClassVar[Kind] = "action-delete"
    action_id: str

    def _target(self) -> str:
        return self.action_id


@dataclass(frozen=True, slots=True)
class SetMeaning(_Change):
    """What a value means to the actor in practice, one line (None: the line is taken back)."""

    kind: ClassVar[Kind] = "meaning"
    item: str
    text: str | None

    def _target(self) -> str:
        return f"values/{self.item}"

    def _value(self) -> EventValue:
        return self.text


@dataclass(frozen=True, slots=True)
class SetStatement(_Change):
    """The agreed sentence of the Value Proposition for one component (None: cleared)."""

    kind: ClassVar[Kind] = "statement"
    part: StatementPart
    text: str | None

    def _target(self) -> str:
        return self.part

    def _value(self) -> EventValue:
        return self.text


@dataclass(frozen=True, slots=True)
class SetDecision(_Change):
    """A prospective alliance's decision and its reason (no outcome: the decision is cleared)."""

    kind: ClassVar[Kind] = "decision"
    outcome: Outcome | None
    reason: str | None

    def _target(self) -> str | None:
        return self.outcome

    def _value(self) -> EventValue:
        return self.reason


@dataclass(frozen=True, slots=True)
class SetNextReview(_Change):
    """When the partnership should be evaluated again (None: no date)."""

    kind: ClassVar[Kind] = "next-review"
    day: date | None

    def _value(self) -> EventValue:
        return self.day


@dataclass(frozen=True, slots=True)
class Unknown:
    """An event of a kind this version does not know, or whose value it cannot hold:
    kept as it is, shown as it is, and it changes nothing."""

    at: datetime
    actor: str
    original: Event

    def event(self) -> Event:
        """The event as the file has it."""
        return self.original


Change = (
    Rate
    | Dealbreaker
    | Brings
    | Done
    | OpenRound
    | Reopen
    | SetPhase
    | Join
    | Leave
    | AddNote
    | EditNote
    | DeleteNote
    | AddAction
    | CarryAction
    | EditAction
    | SetOwner
    | SetDue
    | SetStatus
    | DeleteAction
    | SetMeaning
    | SetStatement
    | SetDecision
    | SetNextReview
    | Unknown
)
"""What an event says, typed: one class per kind."""


def typed(event: Event) -> Change:
    """Read an event once into its typed change (``Unknown`` when it holds nothing known)."""
    reader = _READERS.get(event.kind)
    change = reader(event) if reader is not None else None
    return change if change is not None else Unknown(event.at, event.actor, event)


def _rate(event: Event) -> Change | None:
    value = event.value
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    try:
        list_name, name = parse_target(event.target)
    except ValueError:
        return None
    return Rate(event.at, event.actor, list_name, name, value)


def _dealbreaker(event: Event) -> Change | None:
    if not isinstance(event.value, bool) or not event.target:
        return None
    return Dealbreaker(event.at, event.actor, event.target.partition("/")[2], event.value)


def _brings(event: Event) -> Change | None:
    value = event.value
    if isinstance(value, list):
        return Brings(event.at, event.actor, tuple(value))
    if isinstance(value, str):  # version 1: the list joined by "; "
        items = tuple(part.strip() for part in value.split(";") if part.strip())
        return Brings(event.at, event.actor, items)
    return None


def _round_change(event: Event) -> Change | None:
    name = round_named(event.target)
    if name is None:
        return None
    if event.kind == Done.kind:
        return Done(event.at, event.actor, name)
    if event.kind == OpenRound.kind:
        return OpenRound(event.at, event.actor, name)
    if isinstance(event.value, str):
        return Reopen(event.at, event.actor, name, event.value)
    return None


def _phase(event: Event) -> Change | None:
    phase = phase_named(event.value) if isinstance(event.value, str) else None
    return SetPhase(event.at, event.actor, phase) if phase is not None else None


def _note(event: Event) -> Change | None:
    if not isinstance(event.value, str) or not event.target:
        return None
    component, _, item = event.target.partition("/")
    try:
        note = Note.model_validate(
            {"component": component, "item": item or None, "text": event.value}
        )
    except ValidationError:
        return None  # a hand-written event that no note could hold
    return AddNote(event.at, event.actor, note)


def _action(event: Event) -> Change | None:
    if not isinstance(event.value, str):
        return None
    try:
        action = Action.model_validate({"text": event.value, "owner": event.target})
    except ValidationError:
        return None
    return AddAction(event.at, event.actor, action)


def _carried_action(event: Event) -> Change | None:
    if not isinstance(event.value, str):
        return None
    try:
        action = Action.model_validate({"text": event.value, "carried_from": event.target})
    except ValidationError:
        return None
    return CarryAction(event.at, event.actor, action)


def _record_change(event: Event) -> Change | None:
    """A change to the note or action that the target names."""
    record_id, value, at, actor = event.target, event.value, event.at, event.actor
    if not record_id:
        return None
    match event.kind:
        case "note-delete":
            return DeleteNote(at, actor, record_id)
        case "action-delete":
            return DeleteAction(at, actor, record_id)
        case "note-edit" if isinstance(value, str):
            return EditNote(at, actor, record_id, value)
        case "action-edit" if isinstance(value, str):
            return EditAction(at, actor, record_id, value)
        case "action-owner" if value is None or isinstance(value, str):
            return SetOwner(at, actor, record_id, value)
        case "action-due" if value is None or (
            isinstance(value, date) and not isinstance(value, datetime)
        ):
            return SetDue(at, actor, record_id, value)
        case "action-status" if isinstance(value, str):
            status = status_named(value)
            return SetStatus(at, actor, record_id, status) if status is not None else None
    return None


_MEANING: TypeAdapter[str] = TypeAdapter(Meaning)
_SENTENCE: TypeAdapter[str] = TypeAdapter(Sentence)


def _valid(adapter: TypeAdapter[str], value: EventValue) -> bool:
    """Whether a hand-written event's text is one the table could hold (None always is)."""
    if value is None:
        return True
    try:
        adapter.validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _meaning(event: Event) -> Change | None:
    value, target = event.value, event.target or ""
    list_name, _, item = target.partition("/")
    if list_name != "values" or not item or not _valid(_MEANING, value):
        return None
    assert value is None or isinstance(value, str)  # checked by _valid
    return SetMeaning(event.at, event.actor, item, value)


def _statement(event: Event) -> Change | None:
    part = statement_part_named(event.target)
    if part is None or not _valid(_SENTENCE, event.value):
        return None
    value = event.value
    assert value is None or isinstance(value, str)  # checked by _valid
    return SetStatement(event.at, event.actor, part, value)


def _decision(event: Event) -> Change | None:
    value, target = event.value, event.target
    outcome = outcome_named(target)
    if (target is not None and outcome is None) or not (value is None or isinstance(value, str)):
        return None
    if value is not None and not value.strip():
        return None  # a reason is never blank in the table
    return SetDecision(event.at, event.actor, outcome, value)


def _next_review(event: Event) -> Change | None:
    value = event.value
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        return None
    return SetNextReview(event.at, event.actor, value)


def _presence(event: Event) -> Change:
    return (Join if event.kind == Join.kind else Leave)(event.at, event.actor)


_READERS: dict[str, Callable[[Event], Change | None]] = {
    Rate.kind: _rate,
    Dealbreaker.kind: _dealbreaker,
    Brings.kind: _brings,
    Done.kind: _round_change,
    OpenRound.kind: _round_change,
    Reopen.kind: _round_change,
    SetPhase.kind: _phase,
    Join.kind: _presence,
    Leave.kind: _presence,
    AddNote.kind: _note,
    AddAction.kind: _action,
    CarryAction.kind: _carried_action,
    SetMeaning.kind: _meaning,
    SetStatement.kind: _statement,
    SetDecision.kind: _decision,
    SetNextReview.kind: _next_review,
    **dict.fromkeys(
        (
            EditNote.kind,
            DeleteNote.kind,
            EditAction.kind,
            SetOwner.kind,
            SetDue.kind,
            SetStatus.kind,
            DeleteAction.kind,
        ),
        _record_change,
    ),
}

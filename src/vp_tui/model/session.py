"""The session file format (version 2, which reads version 1) as strict pydantic models.

Every rule of the format lives here, so that a session in memory is always one
that could be saved and read back. Field-level rules are pydantic constraints;
rules that span fields (known partner ids, unique names) are checked by
``Session``'s validator and reported with the path of the offending field.

No ``from __future__ import annotations`` here: pydantic would have to evaluate every
field's annotation from its text, which costs ``vp-tui validate`` a little start-up.
"""

from datetime import date
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from vp_tui.model.fields import (
    DEAL_MAX,
    DEAL_MIN,
    OWNERS_BESIDES_PARTNERS,
    RATING_MAX,
    RATING_MIN,
    ActionStatus,
    Deal,
    EventText,
    FileName,
    FreeText,
    ItemName,
    Kind,
    Meaning,
    Minutes,
    Moment,
    NoteComponent,
    Outcome,
    PartnerName,
    Phase,
    Rating,
    RecordId,
    Sentence,
    ShortText,
    Slug,
    Stage,
    Threshold,
    Title,
    TurnOrder,
)

FORMAT: Literal["vp-tui/session"] = "vp-tui/session"
VERSION: Literal[2] = 2
"""The format version this program writes; it reads every version up to it."""
VERSIONS = (1, 2)
FACILITATOR = "facilitator"
"""The actor name of events done by the facilitator rather than a partner."""

MIN_PARTNERS, MAX_PARTNERS = 2, 8

RATED_LISTS = ("benefits", "costs", "values")
"""The lists whose items every partner rates for themselves."""


class _Strict(BaseModel):
    # Empty lists and tables are plain defaults (``= []``): pydantic copies them for each
    # model, and ``default_factory=list`` would have it read a builtin's signature, which
    # costs ``vp-tui validate`` a few milliseconds of start-up.
    model_config = ConfigDict(strict=True, extra="forbid", validate_assignment=False)


def _reference_error(path: str, message: str) -> PydanticCustomError:
    """A rule that spans fields, reported at the field it names."""
    return PydanticCustomError("vp_reference", "{message}", {"message": message, "path": path})


DEFAULT_PRESENT = 5.0


class Thresholds(_Strict):
    """The gaps at which a component stops being aligned, then stops being at risk.

    The values band and ``present`` are version 2; left out, the values band is the
    general one and ``present`` is 5.0.
    """

    aligned: Threshold = 2.0
    at_risk: Threshold = 4.0
    values_aligned: Threshold | None = None
    values_at_risk: Threshold | None = None
    present: Threshold | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.aligned > self.at_risk:
            raise _reference_error(
                "thresholds.aligned",
                f"aligned ({self.aligned}) must not be above at_risk ({self.at_risk})",
            )
        if self.values_band[0] > self.values_band[1]:
            low, high = self.values_band
            raise _reference_error(
                "thresholds.values_aligned",
                f"values_aligned ({low}) must not be above values_at_risk ({high})",
            )
        return self

    @property
    def values_band(self) -> tuple[float, float]:
        """The (aligned, at risk) band of the shared values' gaps."""
        aligned = self.aligned if self.values_aligned is None else self.values_aligned
        at_risk = self.at_risk if self.values_at_risk is None else self.values_at_risk
        return (aligned, at_risk)

    @property
    def present_at(self) -> float:
        """The rating at or above which something counts as really there."""
        return DEFAULT_PRESENT if self.present is None else self.present


class Timebox(_Strict):
    """Minutes per round, advisory: the time left is shown, nothing is cut off."""

    anticipated: Minutes | None = None
    values: Minutes | None = None
    brings: Minutes | None = None
    contribution: Minutes | None = None
    discussion: Minutes | None = None
    """The talk after the reveal."""

    def minutes(self, name: str) -> int | None:
        """The minutes set for a round (or the discussion), if any."""
        value: int | None = getattr(self, name, None)
        return value


class Statement(_Strict):
    """The partners' agreed Value Proposition, one sentence per component."""

    anticipated: Sentence | None = None
    values: Sentence | None = None
    contribution: Sentence | None = None


class Decision(_Strict):
    """For a prospective alliance: go, no-go, or go with conditions, and why."""

    outcome: Outcome
    reason: FreeText | None = None


class Partner(_Strict):
    """One partner: a unique slug id and a display name."""

    id: Slug
    name: PartnerName
    role: ShortText | None = None


class RatedItem(_Strict):
    """A benefit or cost item and each partner's rating of it for themselves."""

    item: ItemName
    ratings: dict[Slug, Rating] = {}


class ValueItem(RatedItem):
    """A personal value, each partner's rating of its importance, and who holds it a dealbreaker."""

    dealbreaker: list[Slug] = []
    meaning: dict[Slug, Meaning] = {}
    """What the value means to each partner in practice, in their own words (version 2)."""


class Contribution(_Strict):
    """What one partner brings, and how every rater values it."""

    partner: Slug
    brings: list[ItemName] = []
    ratings: dict[Slug, Rating] = {}


class Note(_Strict):
    """A note attached to a component, or to one item of it."""

    id: RecordId | None = None
    """Stable, so that the note can be edited later (version 2)."""
    component: NoteComponent
    item: ItemName | None = None
    text: FreeText


class Action(_Strict):
    """An agreed action: who owns it, by when, and whether it is done."""

    id: RecordId | None = None
    text: FreeText
    owner: Slug | None = None
    """A partner id, ``facilitator`` or ``everyone``."""
    due: date | None = None
    status: ActionStatus = "open"
    carried_from: FileName | None = None
    """The session file it was carried over from."""


EventValue = int | bool | EventText | date | list[ItemName] | None
"""What an event's value may be: TOML values, never a text to split again."""


class Event(_Strict):
    """One entry of the append-only history (frozen: history is never rewritten)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    at: Moment
    actor: Slug
    kind: Slug
    target: ShortText | None = None
    value: EventValue = None


class Session(_Strict):
    """A whole workshop session: the contents of one session file."""

    format: Literal["vp-tui/session"]
    version: Literal[1, 2]
    title: Title
    partnership: Title | None = None
    """Names the partnership when its sessions' titles differ (same rules as the title)."""
    kind: Kind
    facilitator: PartnerName | None = None
    created: Moment
    phase: Phase = "setup"
    stage: Stage | None = None
    next_review: date | None = None
    turn_order: TurnOrder | None = None
    """``by-round`` when left out."""
    thresholds: Thresholds = Field(default_factory=Thresholds)
    timebox: Timebox | None = None
    statement: Statement | None = None
    decision: Decision | None = None
    partners: list[Partner] = Field(min_length=MIN_PARTNERS, max_length=MAX_PARTNERS)
    benefits: list[RatedItem] = []
    costs: list[RatedItem] = []
    deal: dict[Slug, Deal] = {}
    values: list[ValueItem] = []
    contributions: list[Contribution] = []
    notes: list[Note] = []
    actions: list[Action] = []
    events: list[Event] = []

    @model_validator(mode="after")
    def _references(self) -> Self:
        problem = next(iter(reference_problems(self)), None)
        if problem is not None:
            raise _reference_error(*problem)
        return self

    @property
    def order(self) -> TurnOrder:
        """How the turns are ordered: round by round, or partner by partner."""
        return self.turn_order or "by-round"

    @property
    def partner_ids(self) -> list[str]:
        """The partner ids in the session's order."""
        return [partner.id for partner in self.partners]

    def partner(self, partner_id: str) -> Partner:
        """The partner with this id (KeyError when there is none)."""
        for partner in self.partners:
            if partner.id == partner_id:
                return partner
        raise KeyError(partner_id)

    def rated_list(self, name: str) -> list[Any]:
        """One of the lists partners rate for themselves: benefits, costs or values."""
        if name not in RATED_LISTS:
            raise KeyError(name)
        items: list[Any] = getattr(self, name)
        return items

    def contribution_of(self, partner_id: str) -> Contribution | None:
        """The contribution entry of a partner, if they have one."""
        for contribution in self.contributions:
            if contribution.partner == partner_id:
                return contribution
        return None


def duplicate_indexes(names: list[str]) -> list[int]:
    """Indexes of the names that repeat an earlier one (case and spacing ignored)."""
    seen: set[str] = set()
    repeats = []
    for index, name in enumerate(names):
        key = " ".join(name.casefold().split())
        if key in seen:
            repeats.append(index)
        seen.add(key)
    return repeats


def reference_problems(session: Session) -> list[tuple[str, str]]:
    """Every cross-field problem of a session as (field path, message) pairs."""
    problems: list[tuple[str, str]] = []
    ids = session.partner_ids
    known = set(ids)

    def check_partner(path: str, partner_id: str, what: str = "partner") -> None:
        if partner_id not in known:
            known_ones = f"partners: {', '.join(ids)}"
            if what == "owner":
                known_ones = f"owners: {', '.join((*ids, *OWNERS_BESIDES_PARTNERS))}"
            problems.append((path, f"unknown {what} '{partner_id}' ({known_ones})"))

    seen_ids: set[str] = set()
    for index, partner_id in enumerate(ids):
        if partner_id in seen_ids:
            problems.append((f"partners[{index}].id", f"duplicate partner id '{partner_id}'"))
        if partner_id in OWNERS_BESIDES_PARTNERS and session.version >= 2:
            problems.append(
                (f"partners[{index}].id", f"'{partner_id}' is reserved: it names no partner")
            )
        seen_ids.add(partner_id)

    for list_name in RATED_LISTS:
        items = session.rated_list(list_name)
        for index in duplicate_indexes([entry.item for entry in items]):
            problems.append((f"{list_name}[{index}].item", f"duplicate item '{items[index].item}'"))
        for index, entry in enumerate(items):
            for rater in entry.ratings:
                check_partner(f"{list_name}[{index}].ratings.{rater}", rater)
        if list_name == "values":
            for index, entry in enumerate(items):
                for position, holder in enumerate(entry.dealbreaker):
                    path = f"values[{index}].dealbreaker[{position}]"
                    check_partner(path, holder)
                    if holder in entry.dealbreaker[:position]:
                        problems.append((path, f"'{holder}' is listed twice"))

    for partner_id in session.deal:
        check_partner(f"deal.{partner_id}", partner_id)

    owners: set[str] = set()
    for index, contribution in enumerate(session.contributions):
        path = f"contributions[{index}]"
        check_partner(f"{path}.partner", contribution.partner)
        if contribution.partner in owners:
            problems.append(
                (f"{path}.partner", f"a second contribution of '{contribution.partner}'")
            )
        owners.add(contribution.partner)
        for position in duplicate_indexes(contribution.brings):
            problems.append(
                (f"{path}.brings[{position}]", f"duplicate '{contribution.brings[position]}'")
            )
        for rater in contribution.ratings:
            check_partner(f"{path}.ratings.{rater}", rater)

    for index, entry in enumerate(session.values):
        for rater in entry.meaning:
            check_partner(f"values[{index}].meaning.{rater}", rater)

    for index, action in enumerate(session.actions):
        if action.owner is not None and action.owner not in OWNERS_BESIDES_PARTNERS:
            check_partner(f"actions[{index}].owner", action.owner, "owner")
    for list_name, record_ids in (
        ("notes", [note.id for note in session.notes]),
        ("actions", [action.id for action in session.actions]),
    ):
        for index, record_id in enumerate(record_ids):
            if record_id is not None and record_id in record_ids[:index]:
                problems.append((f"{list_name}[{index}].id", f"duplicate id '{record_id}'"))
    if session.version == 1:
        problems.extend(_version_2_fields(session))

    for index, event in enumerate(session.events):
        problems.extend(_event_problems(f"events[{index}]", event, known, ids))
    return problems


def _version_2_fields(session: Session) -> list[tuple[str, str]]:
    """The version 2 fields a version 1 file uses (its unknown keys)."""
    found = [
        name
        for name in ("stage", "next_review", "turn_order", "timebox", "statement", "decision")
        if getattr(session, name) is not None
    ]
    found += [
        f"thresholds.{name}"
        for name in ("values_aligned", "values_at_risk", "present")
        if getattr(session.thresholds, name) is not None
    ]
    found += [f"values[{i}].meaning" for i, entry in enumerate(session.values) if entry.meaning]
    found += [f"notes[{i}].id" for i, note in enumerate(session.notes) if note.id is not None]
    for index, action in enumerate(session.actions):
        found += [
            f"actions[{index}].{name}"
            for name in ("id", "due", "carried_from")
            if getattr(action, name) is not None
        ]
        if action.status != "open":
            found.append(f"actions[{index}].status")
    return [(path, "a version 2 field: the file must say version = 2") for path in found]


def _event_problems(
    path: str, event: Event, known: set[str], ids: list[str]
) -> list[tuple[str, str]]:
    """The problems of one history event."""
    problems: list[tuple[str, str]] = []
    if event.actor not in known and not (event.kind != "rate" and event.actor == FACILITATOR):
        problems.append(
            (f"{path}.actor", f"unknown actor '{event.actor}' (partners: {', '.join(ids)})")
        )
    if event.kind != "rate":
        return problems
    try:
        target = parse_target(event.target)
    except ValueError as error:
        return [*problems, (f"{path}.target", str(error))]
    low, high = (DEAL_MIN, DEAL_MAX) if target[0] == "deal" else (RATING_MIN, RATING_MAX)
    value = event.value
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        what = "a deal answer" if target[0] == "deal" else "a rating"
        problems.append((f"{path}.value", f"{what} must be an integer from {low} to {high}"))
    if target[0] == "contributions" and target[1] not in known:
        problems.append((f"{path}.target", f"unknown partner '{target[1]}' in the target"))
    return problems


def parse_target(target: str | None) -> tuple[str, str]:
    """Split a rating event's target into (list name, item or partner id)."""
    if target is None:
        raise ValueError("a rate event needs a target")
    if target == "deal":
        return ("deal", "")
    head, sep, rest = target.partition("/")
    if not sep or head not in (*RATED_LISTS, "contributions") or not rest:
        raise ValueError(
            f"unknown target '{target}' (expected benefits/<item>, costs/<item>, "
            "values/<item>, deal or contributions/<partner id>)"
        )
    return (head, rest)

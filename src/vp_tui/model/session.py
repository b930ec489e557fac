"""The session file format (version 1) as strict pydantic models.

Every rule of the format lives here, so that a session in memory is always one
that could be saved and read back. Field-level rules are pydantic constraints;
rules that span fields (known partner ids, unique names) are checked by
``Session``'s validator and reported with the path of the offending field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from vp_tui.model.fields import (
    DEAL_MAX,
    DEAL_MIN,
    RATING_MAX,
    RATING_MIN,
    Deal,
    EventText,
    FreeText,
    ItemName,
    Kind,
    Moment,
    NoteComponent,
    PartnerName,
    Phase,
    Rating,
    ShortText,
    Slug,
    Threshold,
    Title,
)

FORMAT = "vp-tui/session"
VERSION = 1
FACILITATOR = "facilitator"
"""The actor name of events done by the facilitator rather than a partner."""

MIN_PARTNERS, MAX_PARTNERS = 2, 8

RATED_LISTS = ("benefits", "costs", "values")
"""The lists whose items every partner rates for themselves."""


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", validate_assignment=False)


class Thresholds(_Strict):
    """The gaps at which a component stops being aligned, then stops being at risk."""

    aligned: Threshold = 2.0
    at_risk: Threshold = 4.0

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.aligned > self.at_risk:
            raise PydanticCustomError(
                "vp_reference",
                "{message}",
                {
                    "message": f"aligned ({self.aligned}) must not be above at_risk ({self.at_risk})",
                    "path": "thresholds.aligned",
                },
            )
        return self


class Partner(_Strict):
    """One partner: a unique slug id and a display name."""

    id: Slug
    name: PartnerName
    role: ShortText | None = None


class RatedItem(_Strict):
    """A benefit or cost item and each partner's rating of it for themselves."""

    item: ItemName
    ratings: dict[Slug, Rating] = Field(default_factory=dict)


class ValueItem(RatedItem):
    """A personal value, each partner's rating of its importance, and who holds it a dealbreaker."""

    dealbreaker: list[Slug] = Field(default_factory=list)


class Contribution(_Strict):
    """What one partner brings, and how every rater values it."""

    partner: Slug
    brings: list[ItemName] = Field(default_factory=list)
    ratings: dict[Slug, Rating] = Field(default_factory=dict)


class Note(_Strict):
    """A note attached to a component, or to one item of it."""

    component: NoteComponent
    item: ItemName | None = None
    text: FreeText


class Action(_Strict):
    """An agreed action, optionally owned by a partner."""

    text: FreeText
    owner: Slug | None = None


class Event(_Strict):
    """One entry of the append-only history (frozen: history is never rewritten)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    at: Moment
    actor: Slug
    kind: Slug
    target: ShortText | None = None
    value: int | bool | EventText | None = None


class Session(_Strict):
    """A whole workshop session: the contents of one session file."""

    format: Literal["vp-tui/session"]
    version: Literal[1]
    title: Title
    partnership: Title | None = None
    """Names the partnership when its sessions' titles differ (same rules as the title)."""
    kind: Kind
    facilitator: PartnerName | None = None
    created: Moment
    phase: Phase = "setup"
    thresholds: Thresholds = Field(default_factory=Thresholds)
    partners: list[Partner] = Field(min_length=MIN_PARTNERS, max_length=MAX_PARTNERS)
    benefits: list[RatedItem] = Field(default_factory=list)
    costs: list[RatedItem] = Field(default_factory=list)
    deal: dict[Slug, Deal] = Field(default_factory=dict)
    values: list[ValueItem] = Field(default_factory=list)
    contributions: list[Contribution] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> Session:
        problem = next(iter(reference_problems(self)), None)
        if problem is not None:
            path, message = problem
            raise PydanticCustomError(
                "vp_reference", "{message}", {"message": message, "path": path}
            )
        return self

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
            problems.append((path, f"unknown {what} '{partner_id}' (partners: {', '.join(ids)})"))

    seen_ids: set[str] = set()
    for index, partner_id in enumerate(ids):
        if partner_id in seen_ids:
            problems.append((f"partners[{index}].id", f"duplicate partner id '{partner_id}'"))
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

    for index, action in enumerate(session.actions):
        if action.owner is not None:
            check_partner(f"actions[{index}].owner", action.owner, "owner")

    for index, event in enumerate(session.events):
        problems.extend(_event_problems(f"events[{index}]", event, known, ids))
    return problems


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

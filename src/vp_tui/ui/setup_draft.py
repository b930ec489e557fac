"""A new session being set up, as plain data, judged by the model's own rules.

The setup screen keeps a ``Draft`` and asks this module what the model thinks of it,
field by field. Nothing here re-states a rule: each check builds a ``Session`` (or the
part of one under question, with valid stand-ins for the rest) and translates the
model's errors into words for the field they belong to. No Textual import: this is
tested without a screen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from vp_tui.model.fields import KINDS, OWNERS_BESIDES_PARTNERS, Stage, TurnOrder
from vp_tui.model.session import RATED_LISTS, Session, Thresholds, duplicate_indexes
from vp_tui.model.templates import Template, new_session
from vp_tui.storage.paths import slugify

LISTS = ("partners", *RATED_LISTS)
"""The editable lists of the setup, in the order they are shown."""

FIELDS = ("title", "kind", "facilitator", "bands", "timebox", *LISTS)
"""Every field of the setup, in the order the user meets them."""

_SLUG_ROOM = 28
"""Room for a partner id before a ``-N`` suffix (ids are at most 32 characters)."""

_STAND_IN_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_STAND_IN_PARTNERS = (("stand-in-a", "A"), ("stand-in-b", "B"))
_PATH = re.compile(r"^(?P<field>[a-z_]+)(?:\[(?P<index>\d+)\])?")

_WHAT = {
    "title": "The title",
    "kind": "The kind",
    "facilitator": "The facilitator's name",
    "name": "The name",
    "role": "The role",
    "item": "The item",
}
_PLURAL = {"partners": "partners", "benefits": "benefits", "costs": "costs", "values": "values"}
_SINGULAR = {"partners": "partner", "benefits": "benefit", "costs": "cost", "values": "value"}


@dataclass(frozen=True)
class Entry:
    """One line of an editable list: an item, or a partner's name and optional role."""

    name: str
    detail: str | None = None


@dataclass(frozen=True)
class Problem:
    """What the model refuses in a field, and which entry of a list, when it is one."""

    message: str
    index: int | None = None


@dataclass(frozen=True)
class Draft:
    """Everything typed on the setup screen so far."""

    title: str
    template: Template
    facilitator: str
    lists: Mapping[str, Sequence[Entry]]
    turn_order: TurnOrder = "by-round"
    stage: Stage = "current"
    """A current partnership, or a prospective alliance (its session ends with a decision)."""
    bands: Mapping[str, str] = field(default_factory=dict)
    """The thresholds typed (``aligned``, ``values_aligned``...), as typed; blank: the
    template's."""
    timebox: Mapping[str, str] = field(default_factory=dict)
    """The minutes typed per round (and ``discussion``), as typed; blank: no timebox."""


TIMEBOXED = ("anticipated", "values", "brings", "contribution", "discussion")
"""What may have a timebox: the rounds, and the discussion after the reveal."""


BANDS = ("aligned", "at_risk", "values_aligned", "values_at_risk", "present")
"""The thresholds a facilitator may change at setup."""


def band_thresholds(draft: Draft) -> Thresholds:
    """The template's thresholds with what was typed instead (ValueError, in words, when a
    figure is not one or the bands are out of order)."""
    data = draft.template.thresholds.model_dump()
    for name in BANDS:
        text = draft.bands.get(name, "").strip()
        if not text:
            continue
        try:
            number = float(text)
        except ValueError:
            number = -1.0
        if not 0 <= number <= 10:
            raise ValueError(f"A band is a number from 0 to 10 ({name}: {text!r})")
        data[name] = number
    try:
        return Thresholds.model_validate(data)
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        message = str((detail.get("ctx") or {}).get("message", detail["msg"]))
        raise ValueError(message[:1].upper() + message[1:]) from None


def timebox_minutes(draft: Draft) -> dict[str, int]:
    """The timebox the draft asks for (ValueError, in words, when a figure is not one)."""
    minutes: dict[str, int] = {}
    for name in TIMEBOXED:
        text = draft.timebox.get(name, "").strip()
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= 240:
            raise ValueError(
                f"A timebox is a whole number of minutes from 1 to 240 ({name}: {text!r})"
            )
        minutes[name] = int(text)
    return minutes


def template_order(templates: Mapping[str, Template]) -> list[str]:
    """Template names in the order of the kinds, each kind's own templates by title."""
    return sorted(
        templates,
        key=lambda name: (KINDS.index(templates[name].kind), templates[name].title.casefold()),
    )


def template_entries(template: Template) -> dict[str, tuple[Entry, ...]]:
    """A template's item lists as list entries (no partners)."""
    return {name: tuple(Entry(item) for item in getattr(template, name)) for name in RATED_LISTS}


RESERVED_IDS = OWNERS_BESIDES_PARTNERS


def partner_ids(names: Sequence[str]) -> list[str]:
    """Unique slug ids for partner names: 'Ana Ruiz' gives 'ana-ruiz', a clash 'ana-ruiz-2'."""
    ids: list[str] = []
    for position, name in enumerate(names, start=1):
        base = slugify(name, fallback="", max_length=_SLUG_ROOM) or f"partner-{position}"
        candidate, number = base, 2
        # "facilitator" and "everyone" name the facilitator and all partners in the file.
        while candidate in ids or candidate in RESERVED_IDS:
            candidate = f"{base}-{number}"
            number += 1
        ids.append(candidate)
    return ids


def _clean(text: str | None) -> str | None:
    """Typed text without surrounding spaces (only spaces: a tab is for the model to refuse)."""
    if text is None:
        return None
    return text.strip(" ") or None


def _partner_data(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    names = [entry.name.strip(" ") for entry in entries]
    return [
        {"id": pid, "name": name, "role": _clean(entry.detail)}
        for pid, name, entry in zip(partner_ids(names), names, entries, strict=True)
    ]


def _item_data(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    return [{"item": entry.name.strip(" ")} for entry in entries]


def build_session(draft: Draft, created: datetime) -> Session:
    """The session the draft describes, in phase setup (ValueError, a pydantic
    ValidationError most of the time, when it is not valid)."""
    partners = _partner_data(draft.lists["partners"])
    base = new_session(
        draft.template,
        title=draft.title.strip(" "),
        partners=[(partner["id"], partner["name"]) for partner in partners],
        facilitator=_clean(draft.facilitator),
        created=created,
    )
    data = base.model_dump()
    data["partners"] = partners
    for name in RATED_LISTS:
        data[name] = _item_data(draft.lists[name])
    if draft.turn_order != "by-round":
        data["turn_order"] = draft.turn_order
    data["stage"] = draft.stage
    data["thresholds"] = band_thresholds(draft).model_dump()
    timebox = timebox_minutes(draft)
    if timebox:
        data["timebox"] = timebox
    return Session.model_validate(data)


def describe(error: ErrorDetails, list_name: str | None = None) -> str:
    """One pydantic error in words for the person typing."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    last = next((part for part in reversed(error["loc"]) if isinstance(part, str)), "")
    what = _WHAT.get(last, "It")
    if kind == "vp_reference":
        message = str(ctx["message"])
        return message[:1].upper() + message[1:]
    if kind == "string_too_long":
        return (
            f"{what} is too long: {len(str(error['input']))} characters, "
            f"at most {ctx['max_length']}"
        )
    if kind == "string_too_short":
        return f"{what} is missing"
    if kind == "value_error":
        return f"{what} {ctx['error']}"
    if kind in ("too_short", "too_long") and list_name in _PLURAL:
        bound = "at least" if kind == "too_short" else "at most"
        limit = ctx["min_length"] if kind == "too_short" else ctx["max_length"]
        return f"There must be {bound} {limit} {_PLURAL[list_name]} (now {ctx['actual_length']})"
    return error["msg"]


def _stand_in(template: Template) -> dict[str, Any]:
    """A valid session of this template, to judge one part of a draft on its own."""
    data = new_session(
        template, title="Stand-in", partners=_STAND_IN_PARTNERS, created=_STAND_IN_TIME
    ).model_dump()
    data["contributions"] = []
    return data


def _where(error: ErrorDetails) -> tuple[str, int | None]:
    """The field an error belongs to, and the list index when there is one."""
    loc = error["loc"]
    if not loc and error["type"] == "vp_reference":
        match = _PATH.match(str((error.get("ctx") or {}).get("path", "")))
        if match is None:
            return ("", None)
        index = match.group("index")
        return (match.group("field"), int(index) if index is not None else None)
    field = str(loc[0]) if loc else ""
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    return (field, index)


def list_problem(template: Template, list_name: str, entries: Sequence[Entry]) -> Problem | None:
    """The model's first objection to one list, judged on its own."""
    data = _stand_in(template)
    if list_name == "partners":
        data["partners"] = _partner_data(entries)
    else:
        data[list_name] = _item_data(entries)
    try:
        Session.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            field, index = _where(detail)
            if field == list_name:
                return Problem(describe(detail, list_name), index)
    if list_name == "partners":
        # Two partners called the same would be told apart by nobody on the hand-off
        # screens: the model's rule for item names applies to partner names too.
        names = [entry.name for entry in entries]
        for index in duplicate_indexes(names):
            return Problem(f"Duplicate partner '{names[index]}'", index)
    elif not entries:
        # A component with no items can never be rated, so it would stay incomplete.
        return Problem(f"Add at least one {_SINGULAR[list_name]}")
    return None


def problems(draft: Draft) -> dict[str, Problem]:
    """The first problem of each field of the draft, in the order of FIELDS."""
    found: dict[str, Problem] = {}
    try:
        new_session(
            draft.template,
            title=draft.title.strip(" "),
            partners=_STAND_IN_PARTNERS,
            facilitator=_clean(draft.facilitator),
            created=_STAND_IN_TIME,
        )
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            field, _index = _where(detail)
            found.setdefault(field, Problem(describe(detail)))
    try:
        timebox_minutes(draft)
    except ValueError as error:
        found["timebox"] = Problem(str(error))
    try:
        band_thresholds(draft)
    except ValueError as error:
        found["bands"] = Problem(str(error))
    for name in LISTS:
        problem = list_problem(draft.template, name, draft.lists[name])
        if problem is not None:
            found[name] = problem
    return {field: found[field] for field in FIELDS if field in found}

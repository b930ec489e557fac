"""Constrained field types shared by the session models (the file format's rules)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

# C0 controls, DEL and C1 controls: none of them may reach a terminal. Lone surrogates
# are no characters at all (they cannot even be written out as UTF-8). The invisible
# formatting characters that can disguise text are refused too: bidi embeddings, overrides
# and isolates, zero-width space, word joiner, byte order mark and soft hyphen. The
# zero-width joiner and variation selectors stay: emoji need them.
_INVISIBLE = r"\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u00ad"
_CONTROL = re.compile(rf"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")
_CONTROL_EXCEPT_NEWLINE = re.compile(rf"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

RATING_MIN, RATING_MAX = 0, 10
DEAL_MIN, DEAL_MAX = -3, 3

Phase = Literal["setup", "rating", "reveal", "complete"]
Stage = Literal["current", "prospective"]
TurnOrder = Literal["by-round", "by-partner"]
ActionStatus = Literal["open", "done", "dropped"]
Outcome = Literal["go", "no-go", "go-with-conditions"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "done", "dropped")
OWNERS_BESIDES_PARTNERS = ("facilitator", "everyone")
"""Who else may own an action besides a partner."""
Kind = Literal["business", "affiliate", "joint-venture", "personal", "team", "custom"]
NoteComponent = Literal["anticipated", "values", "contribution", "general"]

PHASES: tuple[Phase, ...] = ("setup", "rating", "reveal", "complete")
KINDS: tuple[Kind, ...] = ("business", "affiliate", "joint-venture", "personal", "team", "custom")


def _refused(char: str) -> str:
    """Why a character is refused, for messages."""
    what = "a control character" if _CONTROL_ONLY.match(char) else "an invisible character"
    return f"contains {what} (U+{ord(char):04X})"


_CONTROL_ONLY = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _no_control(text: str) -> str:
    """Refuse any control or invisible formatting character in a one-line text."""
    match = _CONTROL.search(text)
    if match:
        raise ValueError(_refused(match.group()))
    return text


def _no_control_but_newline(text: str) -> str:
    """Refuse control characters other than a newline, and invisible ones, in a free text."""
    match = _CONTROL_EXCEPT_NEWLINE.search(text)
    if match:
        raise ValueError(_refused(match.group()))
    return text


def _whole_minute_offset(moment: datetime) -> datetime:
    """Refuse a time zone offset TOML cannot write (one with seconds)."""
    offset = moment.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        raise ValueError("the time zone offset must be whole minutes")
    return moment


def _not_blank(text: str) -> str:
    """Refuse a text made only of spaces."""
    if not text.strip():
        raise ValueError("must not be blank")
    return text


def has_control_characters(text: str, *, allow_newline: bool = False) -> bool:
    """Tell whether a text holds a character the file format refuses."""
    pattern = _CONTROL_EXCEPT_NEWLINE if allow_newline else _CONTROL
    return pattern.search(text) is not None


Title = Annotated[
    str,
    Field(min_length=1, max_length=120),
    AfterValidator(_no_control),
    AfterValidator(_not_blank),
]
PartnerName = Annotated[
    str, Field(min_length=1, max_length=40), AfterValidator(_no_control), AfterValidator(_not_blank)
]
ItemName = Annotated[
    str, Field(min_length=1, max_length=80), AfterValidator(_no_control), AfterValidator(_not_blank)
]
FreeText = Annotated[
    str,
    Field(min_length=1, max_length=2000),
    AfterValidator(_no_control_but_newline),
    AfterValidator(_not_blank),
]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_no_control)]
Slug = Annotated[str, Field(min_length=1, max_length=32, pattern=SLUG_PATTERN)]
Rating = Annotated[int, Field(ge=RATING_MIN, le=RATING_MAX)]
Deal = Annotated[int, Field(ge=DEAL_MIN, le=DEAL_MAX)]
Threshold = Annotated[float, Field(ge=0.0, le=10.0, allow_inf_nan=False)]
EventText = Annotated[str, Field(max_length=2000), AfterValidator(_no_control_but_newline)]
Meaning = Annotated[
    str,
    Field(min_length=1, max_length=200),
    AfterValidator(_no_control),
    AfterValidator(_not_blank),
]
"""What a value means to a partner in practice, one line."""
Sentence = Annotated[
    str,
    Field(min_length=1, max_length=500),
    AfterValidator(_no_control),
    AfterValidator(_not_blank),
]
"""One sentence of the partners' agreed statement."""
Minutes = Annotated[int, Field(ge=1, le=240)]
RecordId = Annotated[str, Field(min_length=1, max_length=32, pattern=SLUG_PATTERN)]
FileName = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=r"^[^/\\]+$"),
    AfterValidator(_no_control),
]
"""A session file's name, without a folder."""
Moment = Annotated[datetime, AfterValidator(_whole_minute_offset)]

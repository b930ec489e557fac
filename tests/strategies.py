"""Hypothesis strategies that build valid ``Session`` objects (and raw TOML values).

Every session drawn here passes the model's validation, so tests can use them as
"any valid session". The texts are deliberately hostile to a TOML writer and to a
terminal: wide CJK, emoji sequences, Rich-like markup, quotes, backslashes, triple
quotes, non-breaking and exotic spaces, and (in free texts) newlines.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from vp_tui.model.fields import (
    DEAL_MAX,
    DEAL_MIN,
    KINDS,
    PHASES,
    RATING_MAX,
    RATING_MIN,
)
from vp_tui.model.session import (
    FACILITATOR,
    FORMAT,
    MAX_PARTNERS,
    RATED_LISTS,
    VERSION,
    Session,
)

# Anything a file may hold in a one-line text: no C0/C1 controls, and no lone surrogates
# (they cannot be written as UTF-8 at all).
# The invisible formatting characters the format refuses (docs/format.md).
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\u00ad"
_ONE_LINE_CHARS = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=INVISIBLE)
_FREE_CHARS = st.characters(
    exclude_categories=("Cc", "Cs"), include_characters="\n", exclude_characters=INVISIBLE
)

_SPECIALS = (
    "[b]x[/b]",
    "[red]alert[/red]",
    "[/]",
    "[link=https://example.com]here[/link]",
    '"quoted"',
    "'single'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "C:\\path\\",
    "\\u0041",
    "#not a comment",
    "key = value",
    "[[partners]]",
    "Ana & Ben — JV",
    "李小龙",
    "合作伙伴关系",
    "👩‍👩‍👧‍👦",
    "🇫🇷",
    "e\u0301",
    "\u00a0",
    "\u3000",
    "\u200d",  # the zero-width joiner stays allowed (emoji need it)
    "\ufe0f",
    "\u2028",
    "ß",
    "ﬁ",
    " ",
    "  ",
)
_FREE_SPECIALS = (*_SPECIALS, "\n", "\n\n", " \n", "\\\n", '"\n', '"""\n', "\n'''")


def _insert(text: str, special: str, position: int) -> str:
    position %= len(text) + 1
    return text[:position] + special + text[position:]


@lru_cache
def _text(
    chars: st.SearchStrategy[str], specials: tuple[str, ...], max_size: int
) -> st.SearchStrategy[str]:
    """A non-blank text of 1..max_size characters, often with a hostile fragment inside.

    Few draws per text (a text, a fragment, a position) keep session generation fast.
    """
    plain = st.text(chars, min_size=1, max_size=min(max_size, 24))
    special = st.sampled_from(specials)
    mixed = st.builds(_insert, st.text(chars, max_size=min(max_size, 16)), special, st.integers())
    twice = st.builds(_insert, mixed, special, st.integers())
    return (
        st.one_of(plain, special, mixed, twice)
        .map(lambda text: text[:max_size])
        .filter(lambda text: text.strip() != "")
    )


_QUICK_TEXTS = (
    *_SPECIALS[:20],
    "Ana Ruiz",
    "Ben Okafor",
    "Income",
    "Time",
    "Honesty",
    "x" * 200,
)
_QUICK_FREE_TEXTS = (*_QUICK_TEXTS, "two\nlines", "trailing\n", "\n", "x\n" * 1000)


@lru_cache
def _quick(texts: tuple[str, ...], max_size: int) -> st.SearchStrategy[str]:
    """One draw per text, from a fixed set of awkward ones: for tests that need volume."""
    fitting = sorted({text[:max_size] for text in texts if text[:max_size].strip()})
    return st.sampled_from(fitting)


@lru_cache
def line_text(max_size: int, quick: bool = False) -> st.SearchStrategy[str]:
    """A one-line, non-blank text (titles, names, item names)."""
    if quick:
        return _quick(_QUICK_TEXTS, max_size)
    return _text(_ONE_LINE_CHARS, _SPECIALS, max_size)


@lru_cache
def free_text(max_size: int = 2000, quick: bool = False) -> st.SearchStrategy[str]:
    """A non-blank note or action text; it may span lines."""
    if quick:
        return _quick(_QUICK_FREE_TEXTS, max_size)
    short = _text(_FREE_CHARS, _FREE_SPECIALS, min(max_size, 120))
    if max_size <= 120:
        return short
    # Now and then a long text, up to the limit.
    long = st.builds(lambda text, times: (text * times)[:max_size], short, st.integers(1, 40))
    return st.one_of(short, short, short, long)


@lru_cache
def short_text(max_size: int = 200, quick: bool = False) -> st.SearchStrategy[str]:
    """An optional-style one-line text that may be empty or blank (roles, event targets)."""
    return st.one_of(st.just(""), st.just(" "), line_text(max_size, quick))


@lru_cache
def event_text(max_size: int = 2000, quick: bool = False) -> st.SearchStrategy[str]:
    """An event's text value: may be empty, may span lines."""
    return st.one_of(st.just(""), free_text(max_size, quick))


_SEGMENT = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)

slugs: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(["ana", "ben", "b-2", "chen", "0", "x-y-z", FACILITATOR]),
    st.lists(_SEGMENT, min_size=1, max_size=4).map("-".join).filter(lambda s: len(s) <= 32),
)
"""Partner ids: lowercase letters and digits, single '-' between them, at most 32 long."""

_QUICK_IDS = ("ana", "ben", "b-2", "0", FACILITATOR, "x" * 32, "a-b-c-d", "42", "zoe", "li")


def name_key(name: str) -> str:
    """The key under which item names must be unique (as ``session._duplicates`` sees it)."""
    return " ".join(name.casefold().split())


@lru_cache
def unique_names(
    max_items: int, max_size: int = 80, quick: bool = False
) -> st.SearchStrategy[list[str]]:
    """0..max_items item names, unique case-insensitively and ignoring repeated spaces."""
    return st.lists(line_text(max_size, quick), max_size=max_items, unique_by=name_key)


# Whole seconds, or with microseconds: TOML keeps both exactly. (Three draws rather than
# st.datetimes' seven or so: sessions hold many of them.)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAYS = int((datetime(2200, 12, 31, tzinfo=UTC) - _EPOCH).days)
utc_datetimes: st.SearchStrategy[datetime] = st.builds(
    lambda day, second, micro: _EPOCH + timedelta(days=day, seconds=second, microseconds=micro),
    st.one_of(st.integers(0, _DAYS), st.integers(20_000, 21_000)),
    st.integers(0, 86_399),
    st.one_of(st.just(0), st.just(0), st.integers(0, 999_999)),
)
"""Timezone-aware UTC datetimes, most of them on a whole second."""


_MASK = st.integers(0, 2**MAX_PARTNERS - 1)
_PICK = st.integers(0, MAX_PARTNERS - 1)
_RATING = st.integers(RATING_MIN, RATING_MAX)
_DEAL = st.integers(DEAL_MIN, DEAL_MAX)


def _subset(draw: st.DrawFn, partner_ids: list[str]) -> list[str]:
    """A random subset of the partners, in partner order or reversed."""
    mask = draw(_MASK)
    chosen = [pid for index, pid in enumerate(partner_ids) if mask >> index & 1]
    return chosen[::-1] if mask & 1 << MAX_PARTNERS - 1 else chosen


def _ratings(draw: st.DrawFn, partner_ids: list[str], *, deal: bool = False) -> dict[str, int]:
    """Ratings by a random subset of the partners (the dict's order varies too)."""
    number = _DEAL if deal else _RATING
    return {pid: draw(number) for pid in _subset(draw, partner_ids)}


def _pick(draw: st.DrawFn, choices: list[str]) -> str:
    return choices[draw(_PICK) % len(choices)]


_THRESHOLD = st.one_of(
    st.sampled_from([0.0, 10.0, 2.0, 4.0, 0.1, 1e-05, 9.999999999999998]),
    st.floats(0.0, 10.0, allow_nan=False, allow_infinity=False),
)
_EVENT_CHOICE = st.sampled_from(["rate", "rate", "rate", "phase", "other"])
_TARGET_KIND = st.sampled_from([*RATED_LISTS, "deal", "contributions", "free"])
_LIST_NAME = st.sampled_from(RATED_LISTS)
_PHASE = st.sampled_from(PHASES)
_KIND = st.sampled_from(KINDS)
_NOTE_COMPONENT = st.sampled_from(["anticipated", "values", "contribution", "general"])
_OTHER_KIND = st.one_of(
    st.sampled_from(["note", "action", "join", "leave", "reveal"]), slugs
).filter(lambda kind: kind != "rate")


@lru_cache
def _other_value(quick: bool) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        event_text(2000, quick),
        st.dates(),
        st.lists(line_text(80, quick), max_size=3),
    )


@lru_cache
def _maybe(text: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.none() | text


@lru_cache
def _partner_ids(max_partners: int, quick: bool) -> st.SearchStrategy[list[str]]:
    if quick:
        # A run of a fixed pool of ids: two draws rather than a dozen.
        pool = _QUICK_IDS
        return st.builds(
            lambda start, count: [pool[(start + i) % len(pool)] for i in range(count)],
            st.integers(0, len(pool) - 1),
            st.integers(2, max_partners),
        )
    return st.lists(slugs, min_size=2, max_size=max_partners, unique=True)


@lru_cache
def _count(high: int) -> st.SearchStrategy[int]:
    return st.integers(0, high)


def _event(
    draw: st.DrawFn, partner_ids: list[str], items: dict[str, list[str]], quick: bool
) -> dict[str, Any]:
    """One valid history event: mostly ratings, some phase changes, some other kinds."""
    at = draw(utc_datetimes)
    choice = draw(_EVENT_CHOICE)
    if choice == "phase":
        return {"at": at, "actor": FACILITATOR, "kind": "phase", "value": draw(_PHASE)}
    if choice == "rate":
        target_kind = draw(_TARGET_KIND)
        value = draw(_RATING)
        if target_kind == "deal":
            target = "deal"
            value = draw(_DEAL)
        elif target_kind == "contributions":
            target = f"contributions/{_pick(draw, partner_ids)}"
        elif target_kind == "free" or not items[target_kind]:
            # A target naming no current item (renamed or removed): still a valid event.
            head = draw(_LIST_NAME)
            target = f"{head}/{draw(line_text(200 - len(head) - 1, quick))}"
        else:
            target = f"{target_kind}/{_pick(draw, items[target_kind])}"
        return {
            "at": at,
            "actor": _pick(draw, partner_ids),
            "kind": "rate",
            "target": target,
            "value": value,
        }
    event: dict[str, Any] = {
        "at": at,
        "actor": _pick(draw, [*partner_ids, FACILITATOR]),
        "kind": draw(_OTHER_KIND),
    }
    target = draw(_maybe(short_text(200, quick)))
    if target is not None:
        event["target"] = target
    value = draw(_other_value(quick))
    if value is not None:
        event["value"] = value
    return event


def _version_2_fields(draw: st.DrawFn, data: dict[str, Any], quick: bool) -> None:
    """The optional top-level fields of format version 2, some of them drawn."""
    low, high = sorted([draw(_THRESHOLD), draw(_THRESHOLD)])
    if draw(st.booleans()):
        data["thresholds"] |= {"values_aligned": low, "values_at_risk": high}
    if draw(st.booleans()):
        data["thresholds"]["present"] = draw(_THRESHOLD)
    for key, strategy in (
        ("stage", st.sampled_from(["current", "prospective"])),
        ("next_review", st.dates()),
        ("turn_order", st.sampled_from(["by-round", "by-partner"])),
        (
            "timebox",
            st.dictionaries(
                st.sampled_from(["anticipated", "values", "brings", "contribution", "discussion"]),
                st.integers(1, 240),
            ),
        ),
        (
            "statement",
            st.dictionaries(
                st.sampled_from(["anticipated", "values", "contribution"]),
                line_text(500, quick),
            ),
        ),
        (
            "decision",
            st.fixed_dictionaries(
                {"outcome": st.sampled_from(["go", "no-go", "go-with-conditions"])}
            ),
        ),
    ):
        value = draw(_maybe(strategy))
        if value is not None:
            data[key] = value


@st.composite
def session_dicts(
    draw: st.DrawFn,
    *,
    max_partners: int = MAX_PARTNERS,
    max_items: int = 6,
    max_events: int = 8,
    quick: bool = False,
) -> dict[str, Any]:
    """The plain data of a valid session, as ``Session.model_validate`` takes it.

    The limits keep generation fast where a test needs many sessions; the defaults
    cover the whole format (up to 8 partners). ``quick`` draws each text from a fixed
    set of awkward ones rather than building it, which is several times faster.
    """
    partner_ids = draw(_partner_ids(max_partners, quick))
    partners = []
    for partner_id in partner_ids:
        partner: dict[str, Any] = {"id": partner_id, "name": draw(line_text(40, quick))}
        role = draw(_maybe(short_text(200, quick)))
        if role is not None:
            partner["role"] = role
        partners.append(partner)

    low, high = sorted([draw(_THRESHOLD), draw(_THRESHOLD)])
    version = draw(st.sampled_from([1, VERSION]))
    if {"facilitator", "everyone"} & set(partner_ids):
        version = 1  # version 2 keeps those names for the facilitator and all partners
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": version,
        "title": draw(line_text(120, quick)),
        "kind": draw(_KIND),
        "created": draw(utc_datetimes),
        "phase": draw(_PHASE),
        "thresholds": {"aligned": low, "at_risk": high},
        "partners": partners,
    }
    v2 = version >= 2
    if v2:
        _version_2_fields(draw, data, quick)
    facilitator = draw(_maybe(line_text(40, quick)))
    if facilitator is not None:
        data["facilitator"] = facilitator
    partnership = draw(_maybe(line_text(120, quick)))
    if partnership is not None:
        data["partnership"] = partnership

    items: dict[str, list[str]] = {}
    for list_name in RATED_LISTS:
        names = draw(unique_names(max_items, quick=quick))
        items[list_name] = names
        entries = []
        for name in names:
            entry: dict[str, Any] = {"item": name, "ratings": _ratings(draw, partner_ids)}
            if list_name == "values":
                entry["dealbreaker"] = _subset(draw, partner_ids)
                if v2:
                    entry["meaning"] = {
                        rater: draw(line_text(200, quick)) for rater in _subset(draw, partner_ids)
                    }
            entries.append(entry)
        data[list_name] = entries

    data["deal"] = _ratings(draw, partner_ids, deal=True)
    data["contributions"] = [
        {
            "partner": owner,
            "brings": draw(unique_names(min(4, max_items), quick=quick)),
            "ratings": _ratings(draw, partner_ids),
        }
        for owner in _subset(draw, partner_ids)
    ]

    notes = []
    for _ in range(draw(_count(min(4, max_items)))):
        note: dict[str, Any] = {
            "component": draw(_NOTE_COMPONENT),
            "text": draw(free_text(quick=quick)),
        }
        item = draw(_maybe(line_text(80, quick)))
        if item is not None:
            note["item"] = item
        if v2:
            note["id"] = f"n{len(notes) + 1}"
        notes.append(note)
    data["notes"] = notes

    actions = []
    for _ in range(draw(_count(min(3, max_items)))):
        action: dict[str, Any] = {"text": draw(free_text(quick=quick))}
        if draw(st.booleans()):
            owners = [*partner_ids, "facilitator", "everyone"] if v2 else partner_ids
            action["owner"] = _pick(draw, owners)
        if v2:
            action["id"] = f"a{len(actions) + 1}"
            action["status"] = draw(st.sampled_from(["open", "done", "dropped"]))
            due = draw(st.none() | st.dates())
            if due is not None:
                action["due"] = due
        actions.append(action)
    data["actions"] = actions

    data["events"] = [
        _event(draw, partner_ids, items, quick) for _ in range(draw(_count(max_events)))
    ]
    return data


def sessions(
    *, max_partners: int = MAX_PARTNERS, max_items: int = 6, max_events: int = 8
) -> st.SearchStrategy[Session]:
    """Valid ``Session`` objects."""
    return session_dicts(max_partners=max_partners, max_items=max_items, max_events=max_events).map(
        Session.model_validate
    )


# --- Raw TOML values, for fuzzing the loader -------------------------------------------------

_OFFSETS = st.one_of(
    st.just(UTC),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    ),
)

toml_scalars: st.SearchStrategy[Any] = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(["vp-tui/session", "ana", "rate", "deal", "values/Honesty", ""]),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([0, 1, 2, -1, 10, 11, -3, 3, -4, 4]),
    st.floats(),
    st.booleans(),
    st.datetimes(timezones=st.none() | _OFFSETS),
    st.dates(),
    st.times(),
)
"""Any scalar TOML can hold (tomli-w writes each of them)."""

toml_keys: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(
        [
            "format",
            "version",
            "title",
            "partnership",
            "kind",
            "created",
            "phase",
            "thresholds",
            "partners",
            "benefits",
            "costs",
            "deal",
            "values",
            "contributions",
            "notes",
            "actions",
            "events",
            "id",
            "name",
            "item",
            "ratings",
            "ana",
            "ben",
        ]
    ),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
)

_SHAPE = st.sampled_from(["scalar", "scalar", "scalar", "array", "table"])
_WIDTH = st.integers(0, 4)


def _toml_value(draw: st.DrawFn, depth: int) -> Any:
    shape = draw(_SHAPE) if depth < 3 else "scalar"
    if shape == "scalar":
        return draw(toml_scalars)
    if shape == "array":
        return [_toml_value(draw, depth + 1) for _ in range(draw(_WIDTH))]
    return {draw(toml_keys): _toml_value(draw, depth + 1) for _ in range(draw(_WIDTH))}


@st.composite
def _toml_values(draw: st.DrawFn) -> Any:
    return _toml_value(draw, 0)


toml_values: st.SearchStrategy[Any] = _toml_values()
"""Any TOML value: scalars, arrays and tables, nested a few levels deep.

(Hand-rolled rather than ``st.recursive``, which is several times slower to draw.)
"""

toml_documents: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    toml_keys, toml_values, max_size=5
)
"""A whole TOML document (a table at the top)."""


def toml_type(value: Any) -> str:
    """The TOML type of a Python value as tomllib returns it."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime):
        return "offset datetime" if value.tzinfo is not None else "local datetime"
    if isinstance(value, date):
        return "local date"
    if isinstance(value, time):
        return "local time"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "table"
    raise TypeError(type(value))

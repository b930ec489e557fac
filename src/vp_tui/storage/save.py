"""Write session files: a stable, readable TOML layout, replaced atomically."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from vp_tui.model.session import Event, Session


class _IsoDateTime(datetime):
    """A datetime that tomli-w writes as ``2026-11-27T10:00:00Z`` rather than with a space."""

    def __str__(self) -> str:
        text = self.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _iso(moment: datetime) -> datetime:
    return _IsoDateTime(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        moment.tzinfo,
        fold=moment.fold,
    )


PRIVATE = 0o600
"""Read and written by its owner only: what a new file gets (it may hold ratings or notes)."""


def atomic_write(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    A new file is private to its owner (0600); an existing one keeps the permissions its
    owner gave it, unless ``mode`` says which to set.
    """
    target = Path(path)
    folder = target.parent
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        elif target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, PRIVATE)  # mkstemp's own choice, said out loud
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_session(session: Session, path: str | Path) -> None:
    """Write ``session`` to ``path`` atomically."""
    atomic_write(path, session_to_toml(session).encode("utf-8"))


def _table(header: str, scalars: Mapping[str, Any], *, multiline: bool = False) -> str:
    """One TOML table: its header, then its keys as tomli-w writes them."""
    present = {key: value for key, value in scalars.items() if value is not None}
    if all(isinstance(value, _SCALARS) for value in present.values()):
        # Typed, so that 2 and 2.0 (or 1 and True), equal in Python, are not one entry.
        typed = tuple((key, type(value), value) for key, value in present.items())
        return _scalar_table(header, typed, multiline)
    return f"{header}\n{tomli_w.dumps(present, multiline_strings=multiline)}"


_SCALARS = (str, int, float, date)
"""Values a table's text can be remembered by (a list, such as what a partner brings, is not)."""


@functools.lru_cache(maxsize=4096)
def _scalar_table(header: str, typed: tuple[tuple[str, type, Any], ...], multiline: bool) -> str:
    """A table of scalars, written once: every autosave writes the whole file again, and all
    its item tables but the one a rating changed are as they were."""
    present = {key: value for key, _kind, value in typed}
    return f"{header}\n{tomli_w.dumps(present, multiline_strings=multiline)}"


def _inline_ratings(ratings: Mapping[str, int], order: Iterable[str]) -> str:
    """``{ ana = 8, ben = 7 }`` in partner order; ids are slugs, so they are bare keys."""
    keys = [key for key in order if key in ratings]
    keys += [key for key in ratings if key not in keys]
    if not keys:
        return "{}"
    return "{ " + ", ".join(f"{key} = {ratings[key]}" for key in keys) + " }"


def _inline_texts(texts: Mapping[str, str], order: Iterable[str]) -> str:
    """``{ ana = "a reply within a day" }`` in partner order, each text as TOML writes it."""
    keys = [key for key in order if key in texts]
    keys += [key for key in texts if key not in keys]
    written = (tomli_w.dumps({key: texts[key]}).strip() for key in keys)
    return "{ " + ", ".join(written) + " }"


def _slug_list(ids: Iterable[str]) -> str:
    return "[" + ", ".join(f'"{partner_id}"' for partner_id in ids) + "]"


def session_to_toml(session: Session, cache: EventTextCache | None = None) -> str:
    """The session as the text of its file; the same session always gives the same text.

    A version 1 session stays version 1 until a change is made to it (``changes`` then
    moves it to the current version): reading and writing back changes nothing.
    """
    order = session.partner_ids
    chunks = [
        tomli_w.dumps(
            {
                key: value
                for key, value in {
                    "format": session.format,
                    "version": session.version,
                    "title": session.title,
                    "partnership": session.partnership,
                    "kind": session.kind,
                    "facilitator": session.facilitator,
                    "created": _iso(session.created),
                    "phase": session.phase,
                    "stage": session.stage,
                    "next_review": session.next_review,
                    "turn_order": session.turn_order,
                }.items()
                if value is not None
            }
        ),
        _table("[thresholds]", session.thresholds.model_dump()),
    ]
    for name in ("timebox", "statement", "decision"):
        section = getattr(session, name)
        if section is not None:
            chunks.append(_table(f"[{name}]", section.model_dump(), multiline=True))
    for partner in session.partners:
        chunks.append(
            _table("[[partners]]", {"id": partner.id, "name": partner.name, "role": partner.role})
        )
    for list_name in ("benefits", "costs"):
        for entry in session.rated_list(list_name):
            chunks.append(
                _table(f"[[{list_name}]]", {"item": entry.item})
                + f"ratings = {_inline_ratings(entry.ratings, order)}\n"
            )
    if session.deal:
        keys = [key for key in order if key in session.deal]
        chunks.append(_table("[deal]", {key: session.deal[key] for key in keys}))
    for value in session.values:
        text = _table("[[values]]", {"item": value.item})
        text += f"ratings = {_inline_ratings(value.ratings, order)}\n"
        if value.dealbreaker:
            text += f"dealbreaker = {_slug_list(value.dealbreaker)}\n"
        if value.meaning:
            text += f"meaning = {_inline_texts(value.meaning, order)}\n"
        chunks.append(text)
    for contribution in session.contributions:
        text = _table(
            "[[contributions]]", {"partner": contribution.partner, "brings": contribution.brings}
        )
        text += f"ratings = {_inline_ratings(contribution.ratings, order)}\n"
        chunks.append(text)
    for note in session.notes:
        chunks.append(
            _table(
                "[[notes]]",
                {"id": note.id, "component": note.component, "item": note.item, "text": note.text},
                multiline=True,
            )
        )
    for action in session.actions:
        chunks.append(
            _table(
                "[[actions]]",
                {
                    "id": action.id,
                    "text": action.text,
                    "owner": action.owner,
                    "due": action.due,
                    # An open action says nothing: version 1 files stay as they were.
                    "status": None if action.status == "open" else action.status,
                    "carried_from": action.carried_from,
                },
                multiline=True,
            )
        )
    chunks.extend((cache or EventTextCache()).render(session.events))
    return "\n".join(chunks)


def _event_text(event: Event) -> str:
    return _table(
        "[[events]]",
        {
            "at": _iso(event.at),
            "actor": event.actor,
            "kind": event.kind,
            "target": event.target,
            "value": event.value,
        },
        multiline=True,
    )


class EventTextCache:
    """The written form of history events, kept between saves of the same session.

    The history only grows and events are frozen, so an autosave after one more
    rating writes one new event instead of the whole history again.
    """

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._texts: list[str] = []

    def render(self, events: list[Event]) -> list[str]:
        """The text of each event, reusing what earlier calls wrote."""
        kept = 0
        limit = min(len(events), len(self._events))
        while kept < limit and events[kept] is self._events[kept]:
            kept += 1
        del self._events[kept:], self._texts[kept:]
        for event in events[kept:]:
            self._events.append(event)
            self._texts.append(_event_text(event))
        return list(self._texts)

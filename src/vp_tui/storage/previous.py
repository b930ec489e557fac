"""The earlier sessions of a partnership, for the next session of it to look back on: the
statement it agreed last time, and what was at risk in its previous revealed session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vp_tui.model.portfolio import partnership_key, utc_moment
from vp_tui.model.recurring import Flag
from vp_tui.model.session import Session, Statement
from vp_tui.storage.errors import SessionFileError
from vp_tui.storage.load import read_session

REVEALED = ("reveal", "complete")
"""The phases in which a session's ratings may be shown (DESIGN.md section 7)."""


@dataclass(frozen=True)
class EarlierStatement:
    """A statement agreed in an earlier session of the same partnership."""

    title: str
    created: str
    """The earlier session's date, YYYY-MM-DD."""
    statement: Statement


def latest_earlier(
    folder: Path, session: Session, path: Path | None, wanted: Callable[[Session], bool]
) -> Session | None:
    """The latest session of the same partnership in ``folder`` created before ``session``
    that ``wanted`` accepts (reads every session file: call it off the event loop)."""
    key, created = partnership_key(session), utc_moment(session.created)
    found: Session | None = None
    for candidate in sorted(folder.glob("*.toml")):
        if path is not None and candidate.resolve() == path.resolve():
            continue
        try:
            other = read_session(candidate)
        except (SessionFileError, OSError):
            continue
        if (
            partnership_key(other) != key
            or utc_moment(other.created) >= created
            or not wanted(other)
        ):
            continue
        if found is None or utc_moment(other.created) > utc_moment(found.created):
            found = other
    return found


def earlier_statement(folder: Path, session: Session, path: Path | None) -> EarlierStatement | None:
    """The statement of the latest session of the same partnership created before this one
    (reads every session file in ``folder``: call it off the event loop)."""
    found = latest_earlier(folder, session, path, lambda other: other.statement is not None)
    if found is None or found.statement is None:
        return None
    return EarlierStatement(found.title, f"{found.created:%Y-%m-%d}", found.statement)


def earlier_at_risk(folder: Path, session: Session, path: Path | None) -> tuple[Flag, ...] | None:
    """What was at risk or worse in the partnership's previous revealed session, or None when
    it has none (reads every session file in ``folder``: call it off the event loop)."""
    from vp_tui.model.recurring import at_risk_items
    from vp_tui.model.scoring import equality_view

    found = latest_earlier(folder, session, path, lambda other: other.phase in REVEALED)
    if found is None:
        return None
    return at_risk_items(found, equality_view(found))

"""The statement a partnership agreed last time, for the next session of it to open with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vp_tui.model.portfolio import partnership_key, utc_moment
from vp_tui.model.session import Session, Statement
from vp_tui.storage.errors import SessionFileError
from vp_tui.storage.load import read_session


@dataclass(frozen=True)
class EarlierStatement:
    """A statement agreed in an earlier session of the same partnership."""

    title: str
    created: str
    """The earlier session's date, YYYY-MM-DD."""
    statement: Statement


def earlier_statement(folder: Path, session: Session, path: Path | None) -> EarlierStatement | None:
    """The statement of the latest session of the same partnership created before this one
    (reads every session file in ``folder``: call it off the event loop)."""
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
            other.statement is None
            or partnership_key(other) != key
            or utc_moment(other.created) >= created
        ):
            continue
        if found is None or utc_moment(other.created) > utc_moment(found.created):
            found = other
    if found is None or found.statement is None:
        return None
    return EarlierStatement(found.title, f"{found.created:%Y-%m-%d}", found.statement)

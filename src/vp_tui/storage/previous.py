"""The earlier sessions of a partnership, for the next session of it to look back on: the
statement it agreed last time, and what was at risk in its previous revealed session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vp_tui.model.portfolio import partnership_key, sortable_moment
from vp_tui.model.recurring import Flag, flags_of
from vp_tui.model.session import Session, Statement
from vp_tui.report.progress import REVEALED_PHASES
from vp_tui.storage.errors import SessionFileError
from vp_tui.storage.load import read_session
from vp_tui.storage.summary import SessionSummary, SummaryCache


@dataclass(frozen=True)
class EarlierStatement:
    """A statement agreed in an earlier session of the same partnership."""

    title: str
    created: str
    """The earlier session's date, YYYY-MM-DD."""
    statement: Statement


def earlier_summaries(folder: Path, session: Session, path: Path | None) -> list[SessionSummary]:
    """The readable sessions of the same partnership in ``folder`` created before ``session``,
    newest first, from the summaries kept between runs (a file unchanged since is not read
    again; call it off the event loop)."""
    key, created = partnership_key(session), sortable_moment(session.created)
    itself = path.resolve() if path is not None else None
    cache = SummaryCache()
    found = [
        summary
        for summary in (
            cache.summary(candidate)
            for candidate in sorted(folder.glob("*.toml"))
            if candidate.resolve() != itself
        )
        if summary.valid and summary.partnership_key == key and summary.created_at < created
    ]
    cache.save()
    found.sort(key=lambda summary: summary.created_at, reverse=True)
    return found


def earlier_statement(folder: Path, session: Session, path: Path | None) -> EarlierStatement | None:
    """The statement of the latest session of the same partnership created before this one
    (reads the folder: call it off the event loop)."""
    for summary in earlier_summaries(folder, session, path):
        try:
            other = read_session(summary.path)
        except (SessionFileError, OSError):
            continue
        if other.statement is not None:
            return EarlierStatement(other.title, f"{other.created:%Y-%m-%d}", other.statement)
    return None


def earlier_at_risk(folder: Path, session: Session, path: Path | None) -> tuple[Flag, ...] | None:
    """What was at risk or worse in the partnership's previous revealed session, or None when
    it has none (reads the folder's summaries: call it off the event loop)."""
    for summary in earlier_summaries(folder, session, path):
        if summary.phase in REVEALED_PHASES:
            return flags_of(summary.flags)
    return None

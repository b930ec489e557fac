"""One line's worth of a session file for the home screen, remembered between runs.

Reading a whole session means validating it with pydantic and scoring it; a folder
of sessions would make every start slow. So each file's summary is kept in a small
JSON cache (in the user's cache folder, never beside the sessions) under its size and
modification time: a file that changed in any way is read again in full.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

CACHE_ENV = "VP_TUI_CACHE"
CACHE_VERSION = 4
"""Bumped whenever SessionSummary changes, so that older caches are ignored."""


@dataclass(frozen=True)
class SessionSummary:
    """What a list of sessions shows of one file."""

    path: Path
    title: str
    kind: str = ""
    partners: tuple[str, ...] = ()
    created: str = ""
    """The creation date as YYYY-MM-DD."""
    phase: str = ""
    verdict: str = "invalid"
    """The overall verdict in words, ``unrevealed`` before the reveal, or ``invalid``."""
    error: str | None = None
    """Why the file cannot be read (one line), for an invalid file."""
    partnership: str = ""
    """The partnership's name (``model.portfolio.partnership_name``)."""
    partnership_key: str = ""
    """Sessions with the same key are one partnership (``model.portfolio.partnership_key``)."""
    created_at: str = ""
    """The creation time as fixed-width UTC text, which orders sessions by text order."""
    verdicts: tuple[str, ...] = ()
    """Each component's verdict in words, in ``model.portfolio.COMPONENTS`` order."""
    gaps: tuple[float | None, ...] = ()
    """Each component's gap (None when incomplete), in ``COMPONENTS`` order."""
    stage: str = ""
    """``current``, ``prospective`` or empty."""
    next_review: str = ""
    """When the partnership should be evaluated again (YYYY-MM-DD), or empty."""
    decision: str = ""
    """A prospective alliance's decision (``go``, ``no-go``, ``go-with-conditions``) or empty."""
    actions: tuple[tuple[str, str, str, str], ...] = ()
    """Each action: text, owner as shown, due date (YYYY-MM-DD or empty), status."""
    flags: tuple[tuple[str, str, str, str], ...] = ()
    """Each item at risk or worse (``model.recurring.Flag``): kind, key, label, verdict; none
    before the reveal."""

    @property
    def valid(self) -> bool:
        """Whether the file loaded, so that it can be opened."""
        return self.error is None


def read_summary(path: Path) -> SessionSummary:
    """Read and score one session file in full; a bad file becomes an invalid summary."""
    from vp_tui.model.compare import component_states
    from vp_tui.model.portfolio import partnership_key, partnership_name, sortable_moment
    from vp_tui.model.scoring import equality_view
    from vp_tui.report.progress import NOT_REVEALED, is_revealed
    from vp_tui.storage.errors import SessionFileError
    from vp_tui.storage.load import read_session

    try:
        session = read_session(path)
    except SessionFileError as error:
        detail = f"{error.field}: {error.message}" if error.field else error.message
        if error.line is not None:
            detail = f"line {error.line}: {detail}"
        return SessionSummary(path, path.name, error=detail)
    from vp_tui.model.recurring import at_risk_items
    from vp_tui.model.wording import owner_name

    view = equality_view(session)
    components = component_states(view)
    verdicts = tuple(state.verdict.value for state in components)
    gaps = tuple(state.gap for state in components)
    overall = view.overall.value
    flags = tuple(
        (flag.kind, flag.key, flag.label, flag.verdict) for flag in at_risk_items(session, view)
    )
    if not is_revealed(session):
        # Verdicts and gaps come from the ratings: nobody sees them before the reveal.
        overall, verdicts, gaps = NOT_REVEALED, (NOT_REVEALED,) * len(verdicts), (None,) * len(gaps)
        flags = ()
    return SessionSummary(
        path,
        session.title,
        session.kind,
        tuple(partner.name for partner in session.partners),
        f"{session.created:%Y-%m-%d}",
        session.phase,
        overall,
        partnership=partnership_name(session),
        partnership_key=partnership_key(session),
        created_at=sortable_moment(session.created),
        verdicts=verdicts,
        gaps=gaps,
        stage=session.stage or "",
        next_review=session.next_review.isoformat() if session.next_review else "",
        decision=session.decision.outcome if session.decision else "",
        actions=tuple(
            (
                action.text,
                owner_name(session, action.owner),
                action.due.isoformat() if action.due else "",
                action.status,
            )
            for action in session.actions
        ),
        flags=flags,
    )


def cache_folder() -> Path:
    """Where summaries are kept: ``$VP_TUI_CACHE``, else the user's cache folder."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vp-tui"


def _stamp(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_mtime_ns, status.st_size]


class SummaryCache:
    """Summaries of session files, valid while a file's size and modification time hold."""

    def __init__(self, folder: Path | None = None) -> None:
        self.file = (folder or cache_folder()) / "summaries.json"
        self._entries: dict[str, Any] = {}
        self._changed = False
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("version") == CACHE_VERSION and isinstance(data.get("files"), dict):
                self._entries = data["files"]
        except (OSError, ValueError, AttributeError):
            pass  # no cache yet, or one we cannot use: start afresh

    def cached(self, path: Path) -> SessionSummary | None:
        """The summary of a file from the cache if the file is unchanged since, else None."""
        entry = self._entries.get(str(path.resolve()))
        stamp = _stamp(path)
        if stamp is not None and isinstance(entry, dict) and entry.get("stamp") == stamp:
            try:
                fields = dict(entry["summary"])
                for name in ("partners", "verdicts", "gaps"):
                    fields[name] = tuple(fields[name])
                for name in ("actions", "flags"):
                    fields[name] = tuple(tuple(row) for row in fields[name])
                return SessionSummary(path=path, **fields)
            except (KeyError, TypeError):
                pass
        return None

    def summary(self, path: Path) -> SessionSummary:
        """The summary of a file: from the cache when the file is unchanged, else read anew."""
        cached = self.cached(path)
        if cached is not None:
            return cached
        key = str(path.resolve())
        stamp = _stamp(path)
        summary = read_summary(path)
        if stamp is not None:
            fields = asdict(summary)
            del fields["path"]
            self._entries[key] = {"stamp": stamp, "summary": fields}
            self._changed = True
        return summary

    def forget(self, path: Path) -> None:
        """Drop a file's summary (it was deleted)."""
        if self._entries.pop(str(path.resolve()), None) is not None:
            self._changed = True

    def save(self) -> None:
        """Keep the summaries for the next run; a cache that cannot be written is skipped."""
        if not self._changed:
            return
        from vp_tui.storage.save import PRIVATE, atomic_write

        self._entries = {key: entry for key, entry in self._entries.items() if Path(key).exists()}
        try:
            self.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            payload = {"version": CACHE_VERSION, "files": self._entries}
            # Titles, partners and verdicts: private, whatever an older cache file was.
            atomic_write(self.file, json.dumps(payload).encode("utf-8"), mode=PRIVATE)
            self._changed = False
        except OSError:
            pass

"""The commands of a partnership over time: ``vp-tui partnerships`` and ``vp-tui new --from``.

Headless (no Textual): ``partnerships`` is meant for cron as much as for people.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vp_tui.model import review as reviewing
from vp_tui.model.clock import Clock, system_clock
from vp_tui.storage.paths import shown_path

if TYPE_CHECKING:
    from vp_tui.live.session import LiveSession


def template_cadences(folder: Path) -> dict[str, int | None]:
    """Each kind's review cadence in months, from the facilitator's templates or the shipped."""
    from vp_tui.model.templates import TemplateError, builtin_templates, load_templates

    try:
        templates = load_templates([folder / "templates"])
    except TemplateError:
        templates = builtin_templates()
    return {template.kind: template.review_months for template in templates.values()}


def run_partnerships(folder: Path, *, due_only: bool, output_format: str) -> int:
    """Print every partnership of ``folder`` (with ``due_only``, only those due, and exit 1
    when there is any)."""
    from vp_tui.model.portfolio import portfolio
    from vp_tui.report.partnerships_report import PARTNERSHIPS_RENDERERS
    from vp_tui.storage.summary import SummaryCache

    if not folder.is_dir():
        print(f"vp-tui partnerships: no sessions folder at {shown_path(folder)}", file=sys.stderr)
        return 1
    cache = SummaryCache()
    summaries = [cache.summary(path) for path in sorted(folder.glob("*.toml"))]
    cache.save()
    for summary in summaries:
        if not summary.valid:
            print(f"vp-tui partnerships: left out {summary.path}: {summary.error}", file=sys.stderr)
    today = reviewing.local_today()
    found = reviewing.reviews(portfolio(summaries), today, template_cadences(folder))
    if due_only:
        found = [entry for entry in found if entry.due]
        if not found:
            return 0  # nothing to say: cron mails nothing
    sys.stdout.write(PARTNERSHIPS_RENDERERS[output_format](found, today, shown_path(folder)))
    return 1 if due_only else 0


def open_next_session(folder: Path, previous: Path, clock: Clock = system_clock) -> LiveSession:
    """Write the next session of the partnership of ``previous`` into a new file in ``folder``
    and open it. Raises SessionFileError (a broken file), NotReadyError (not revealed yet) or
    OSError (the folder cannot be written)."""
    from vp_tui.live.session import LiveSession
    from vp_tui.model.next_session import next_session
    from vp_tui.storage import read_session

    session = next_session(read_session(previous), previous.name, clock())
    folder.mkdir(parents=True, exist_ok=True)
    return LiveSession.create(folder, session, clock=clock)


def create_next(folder: Path, previous_file: str) -> LiveSession | None:
    """``vp-tui new --from``: the next session, opened; None (having said why in one line on
    standard error) when it cannot be made."""
    from vp_tui.model.next_session import NotReadyError
    from vp_tui.storage import SessionFileError

    try:
        return open_next_session(folder, Path(previous_file))
    except SessionFileError as error:
        print(error.problems[0], file=sys.stderr)
    except NotReadyError as error:
        print(f"vp-tui new --from {previous_file}: {error}", file=sys.stderr)
    except OSError as error:
        print(f"vp-tui new --from: cannot write in {shown_path(folder)}: {error}", file=sys.stderr)
    return None

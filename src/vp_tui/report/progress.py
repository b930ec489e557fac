"""The report of a session that has not been revealed: progress only, never a rating.

Until the reveal nobody may see anyone's ratings but their own (DESIGN.md section 7),
so ``vp-tui report`` of a session in setup or rating says who has finished which round
and nothing else: no rating, no gap, no verdict, no note.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from vp_tui import __version__
from vp_tui.model.flow import ROUND_HEADINGS, ROUNDS, progress
from vp_tui.model.session import Session
from vp_tui.report.layout import cell_width, clip, pad, wrap

REVEALED_PHASES = ("reveal", "complete")
NOT_REVEALED = "unrevealed"
"""What a report or a list shows in place of a verdict before the reveal."""

EXPLANATION = (
    "Not revealed yet: this report shows who has finished which round, never a rating. "
    "The equality view is reported once the facilitator has revealed it."
)
DONE, NOT_YET = "done", "-"
_NAME_WIDTH = 40


def is_revealed(session: Session) -> bool:
    """Whether everyone may see everyone's ratings: the session was revealed."""
    return session.phase in REVEALED_PHASES


def progress_rows(session: Session) -> list[tuple[str, list[bool]]]:
    """Each partner's name and, per round in order, whether they have finished it."""
    finished = progress(session)
    return [
        (partner.name, [name in finished[partner.id] for name in ROUNDS])
        for partner in session.partners
    ]


def _facts(session: Session) -> str:
    return f"{session.kind} partnership · {session.created:%Y-%m-%d} · phase: {session.phase}"


def render_progress_text(session: Session) -> str:
    """Progress as plain text."""
    rows = progress_rows(session)
    names = [clip(name, _NAME_WIDTH) for name, _ in rows]
    width = max([cell_width("Partner"), *(cell_width(name) for name in names)])
    headings = [ROUND_HEADINGS[name] for name in ROUNDS]
    lines = [session.title, _facts(session), "", *wrap(EXPLANATION, 78), ""]
    lines.append("  ".join([pad("Partner", width), *headings]).rstrip())
    for name, (_, done) in zip(names, rows, strict=True):
        cells = [
            pad(DONE if flag else NOT_YET, len(h)) for flag, h in zip(done, headings, strict=True)
        ]
        lines.append("  ".join([pad(name, width), *cells]).rstrip())
    return "\n".join(lines) + "\n"


def render_progress_markdown(session: Session) -> str:
    """Progress as Markdown."""
    from vp_tui.report.markdown_report import escape

    headings = [ROUND_HEADINGS[name] for name in ROUNDS]
    lines = [f"# {escape(session.title)}", "", f"{escape(_facts(session))}  ", ""]
    lines += [escape(EXPLANATION), ""]
    lines.append("| " + " | ".join(["Partner", *headings]) + " |")
    lines.append("|" + "|".join(["---"] * (len(headings) + 1)) + "|")
    for name, done in progress_rows(session):
        cells = [DONE if flag else "\\-" for flag in done]
        lines.append("| " + " | ".join([escape(name), *cells]) + " |")
    return "\n".join(lines) + "\n"


def render_progress_html(session: Session) -> str:
    """Progress as one self-contained HTML page, from the ``progress.html.j2`` template."""
    from vp_tui.report.html_report import render_page_checked, said

    context = {
        "title": session.title,
        "generator": f"vp-tui {__version__}",
        "facts": _facts(session),
        "explanation": EXPLANATION,
        "rounds": [ROUND_HEADINGS[name] for name in ROUNDS],
        "rows": [
            {"name": name, "done": [DONE if flag else NOT_YET for flag in done]}
            for name, done in progress_rows(session)
        ],
    }
    return said(*render_page_checked("progress.html.j2", context))


def render_progress_json(session: Session) -> str:
    """Progress as JSON: ``{"overall": "unrevealed", "phase", "progress": {id: [rounds]}}``."""
    finished = progress(session)
    data = {
        "overall": NOT_REVEALED,
        "title": session.title,
        "phase": session.phase,
        "revealed": False,
        "rounds": list(ROUNDS),
        "progress": {partner: list(rounds) for partner, rounds in finished.items()},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


PROGRESS_RENDERERS: dict[str, Callable[[Session], str]] = {
    "text": render_progress_text,
    "markdown": render_progress_markdown,
    "html": render_progress_html,
    "json": render_progress_json,
}
"""The report formats of a session not revealed yet."""


def render_report(session: Session, report_format: str) -> str:
    """The report a reader may see now: the equality view once revealed, else progress."""
    if is_revealed(session):
        from vp_tui.report import RENDERERS

        return RENDERERS[report_format](session)
    return PROGRESS_RENDERERS[report_format](session)

"""The equality view as Markdown, to paste into an e-mail, a wiki or a pull request."""

from __future__ import annotations

import re

from vp_tui.model.session import Session
from vp_tui.report.sections import Table, build_report

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^([#>+-])")


def escape(text: str) -> str:
    """User text made inert in Markdown: no emphasis, links, HTML or table breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LINE_START.sub(r"\\\1", _SPECIAL.sub(r"\\\1", text))
    return text.replace("\n", "<br>")


def _render_table(table: Table) -> list[str]:
    lines = [f"## {escape(table.title)}", ""]
    lines.append("| " + " | ".join(escape(cell) or " " for cell in table.header) + " |")
    lines.append(
        "|"
        + "|".join("---:" if i >= table.numeric_from else "---" for i in range(len(table.header)))
        + "|"
    )
    for row in table.rows:
        lines.append("| " + " | ".join(escape(cell) for cell in row) + " |")
    if table.notes:
        lines.append("")
        lines.extend(f"- {escape(note)}" for note in table.notes)
    return lines


def render_markdown(session: Session) -> str:
    """The Markdown report of a session."""
    report = build_report(session)
    lines = [f"# {escape(report.title)}", ""]
    lines.extend(f"{escape(fact)}  " for fact in report.facts)
    lines.append("")
    for table in report.tables:
        lines.extend(_render_table(table))
        lines.append("")
    return "\n".join(lines)

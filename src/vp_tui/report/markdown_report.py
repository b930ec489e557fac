"""The equality view as Markdown, to paste into an e-mail, a wiki or a pull request."""

from __future__ import annotations

import re

from vp_tui.model.session import Session
from vp_tui.report.sections import Table, build_report

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^([#>+=-])", re.MULTILINE)
_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
"""Only an ``&`` that would start an entity (``&amp;``, ``&#60;``) needs escaping."""
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
"""Only a ``<`` that would open an HTML tag or an autolink does (not ``a < b``, ``<=``)."""


def escape(text: str, *, line_start: bool = True) -> str:
    """User text made inert in Markdown (no emphasis, links, HTML or table breaks) and still
    readable as plain text: backslashes only where Markdown would act, never HTML entities.

    ``line_start``: the text begins a line, where ``#``, ``>``, ``-`` or ``1.`` would start
    a heading, a quote or a list (not so in a table cell).
    """
    text = _SPECIAL.sub(r"\\\1", text)
    text = _TAG.sub(r"\\<", _ENTITY.sub(r"\\&", text))
    if line_start:
        text = _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", text))
    return text.replace("\n", "<br>")


def _render_table(table: Table) -> list[str]:
    lines = [f"## {escape(table.title)}", ""]
    lines.append(
        "| " + " | ".join(escape(cell, line_start=False) or " " for cell in table.header) + " |"
    )
    lines.append(
        "|"
        + "|".join("---:" if i >= table.numeric_from else "---" for i in range(len(table.header)))
        + "|"
    )
    for row in table.rows:
        lines.append("| " + " | ".join(escape(cell, line_start=False) for cell in row) + " |")
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

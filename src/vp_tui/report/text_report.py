"""The equality view as plain text for a terminal or an e-mail: readable without colour."""

from __future__ import annotations

import textwrap

from vp_tui.model.session import Session
from vp_tui.report.layout import cell_width, clip, pad, wrap
from vp_tui.report.sections import Table, build_report

WIDTH = 78
FIRST_COLUMN_MAX = 28
OTHER_COLUMN_MAX = 12


def _render_list(table: Table) -> list[str]:
    """Rows of free text (notes, actions) as wrapped bullets rather than a table."""
    lines = [table.title, "-" * cell_width(table.title)]
    for row in table.rows:
        text = ": ".join(cell for cell in row if cell)
        for number, paragraph in enumerate(text.split("\n")):
            lines.extend(
                textwrap.wrap(
                    paragraph,
                    width=WIDTH,
                    initial_indent="  - " if number == 0 else "    ",
                    subsequent_indent="    ",
                )
                or [""]
            )
    return lines


def _render_table(table: Table) -> list[str]:
    if table.numeric_from >= len(table.header):
        return _render_list(table)
    limits = [FIRST_COLUMN_MAX] + [OTHER_COLUMN_MAX] * (len(table.header) - 1)
    rows = [[clip(cell, limits[i]) for i, cell in enumerate(row)] for row in table.rows]
    header = [clip(cell, limits[i]) for i, cell in enumerate(table.header)]
    widths = [max(cell_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [table.title, "-" * cell_width(table.title)]
    for row in [header, *rows]:
        cells = [pad(cell, widths[i], right=i >= table.numeric_from) for i, cell in enumerate(row)]
        lines.append(("  " + "  ".join(cells)).rstrip())
    for note in table.notes:  # by cells: a note may name partners in CJK
        lines.extend(wrap(note, WIDTH, indent="  ", subsequent="    "))
    return lines


def partner_width(count: int) -> int:
    """The width of a partner column that lets a table of ``count`` partners fit the page.

    Beside the partners, a table takes its first column, a gap and a status: 48 cells.
    """
    return max(4, min(OTHER_COLUMN_MAX, (WIDTH - 48) // max(count, 1) - 2))


def render_text(session: Session) -> str:
    """The text report of a session."""
    report = build_report(session, partner_width=partner_width(len(session.partners)))
    lines = [report.title]
    for fact in report.facts:
        lines.extend(wrap(fact, WIDTH, subsequent="  "))  # by cells: names may be CJK
    lines.append("")
    for table in report.tables:
        lines.extend(_render_table(table))
        lines.append("")
    return "\n".join(lines)

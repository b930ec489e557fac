"""How one item of a rating list is drawn: its label, its scale and its detail, as lines.

The list decides what to draw (which item, highlighted or not, at what width) and keeps
the result until something it shows changes; this module only turns an item into lines,
and says where each number of its scale is, for a click.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.style import Style

from vp_tui.ui.widgets.rating_items import RatingItem, Scale, scale_cells

CURSOR = "▸ "
INDENT = "  "


@dataclass(frozen=True)
class RowStyles:
    """The styles of the list's parts, read from its component classes."""

    choice: Style
    chosen: Style
    tag: Style
    detail: Style
    cursor: Style


@dataclass(frozen=True)
class DrawnRow:
    """An item's lines; which of them holds the scale, and where each number is on it."""

    lines: list[Content]
    scale_line: int
    hits: list[tuple[int, int, int]]
    """(first cell, cell after the last, value) of each number of the scale."""


def row_height(item: RatingItem, width: int) -> int:
    """How many lines an item takes at a width (a stacked label and a detail wrap)."""
    inner = max(width - len(INDENT), 1)
    label = len(Content(item.label).wrap(inner)) if item.stacked else 0
    detail = len(Content(item.detail).wrap(inner)) if item.detail else 0
    return label + 1 + detail


def draw_row(
    item: RatingItem,
    value: int | None,
    tag: str,
    *,
    width: int,
    label_width: int,
    highlighted: bool,
    sign: int | None,
    styles: RowStyles,
) -> DrawnRow:
    """An item's lines: label, scale (the chosen value in brackets), detail.

    ``label_width`` is the room the list keeps for the labels of unstacked items, so that
    their scales line up; ``sign`` is a sign typed for a highlighted item, waiting for
    its digit.
    """
    lead = CURSOR if highlighted else INDENT
    inner = max(width - len(INDENT), 1)

    parts: list[tuple[str, Style]] = []
    hits = []
    x = 0
    for text, number in scale_cells(item.scale, value):
        parts.append((text, styles.chosen if number == value else styles.choice))
        hits.append((x, x + len(text), number))
        x += len(text)
    scale = Content.assemble(*parts)

    lines: list[Content] = []
    if item.stacked:
        for number, line in enumerate(Content(item.label).wrap(inner)):
            lines.append(Content.assemble(lead if number == 0 else INDENT, line))
        scale_line = Content.assemble(INDENT, scale, "  ", _answer(item.scale, value, sign))
        scale_x = len(INDENT)
    else:
        room = max(min(width - len(lead) - scale.cell_length - 1, label_width), 1)
        scale_line = Content.assemble(lead, _label(item.label, tag, room, styles.tag), " ", scale)
        scale_x = len(lead) + room + 1
    scale_index = len(lines)
    lines.append(scale_line)
    if item.detail:
        lines.extend(
            Content.assemble(INDENT, (line.plain, styles.detail))
            for line in Content(item.detail).wrap(inner)
        )
    lines = [line.truncate(width, pad=True) for line in lines]
    if highlighted:
        lines = [line.stylize_before(styles.cursor) for line in lines]
    return DrawnRow(
        lines,
        scale_index,
        [(start + scale_x, end + scale_x, number) for start, end, number in hits],
    )


def _answer(scale: Scale, value: int | None, sign: int | None) -> str:
    """What a stacked row says after its scale: the sign waiting for a digit, or the answer.

    The answer is written out with its number, so that a sign typed the wrong way round
    shows at once in words.
    """
    if sign is not None:
        return scale.armed_hint(sign)
    return scale.answer(value) if value is not None else ""


def _label(text: str, tag: str, room: int, tag_style: Style) -> Content:
    """An item's label cut to ``room`` cells, with its tag (if any) at the right end."""
    label = Content(text)
    if not tag:
        return label.truncate(room, ellipsis=True, pad=True)
    marker = Content.styled(f" {tag}", tag_style)
    label = label.truncate(max(room - marker.cell_length, 1), ellipsis=True, pad=True)
    return Content.assemble(label, marker).truncate(room, pad=True)

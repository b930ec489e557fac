"""A row table whose Enter opens the highlighted row, refilled in place when the data changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from vp_tui.report.layout import cell_width, clip

PADDING = 2
"""Cells a table adds around each column."""


@dataclass(frozen=True)
class Column:
    """A column: its header (shown literally), its width in cells (None: fit), its key."""

    label: str
    width: int | None = None
    key: str | None = None
    right: bool = False


class ItemTable(DataTable[Any]):
    """A table of rows the user can open with Enter (the key shows in the footer)."""

    BINDINGS = [Binding("enter", "select_cursor", "Details", id="details")]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id,
            classes=classes,
            cursor_type="row",
            zebra_stripes=True,
            cursor_foreground_priority="renderable",
        )
        self.inert = False
        """Out of sight (under a curtain): no key moves or opens a row."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Every key's action, unless the table is inert."""
        return not self.inert

    @property
    def allow_maximize(self) -> bool:
        """Not when inert: a maximized table would show over what keeps it out of sight."""
        return not self.inert and super().allow_maximize

    @property
    def current_key(self) -> str | None:
        """The key of the highlighted row, if there is a row."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def refill(self, columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Replace every column and row, keeping the highlighted row (by key) and the scroll."""
        keep = self.current_key
        scroll = self.scroll_offset
        self.clear(columns=True)
        for column in columns:
            label = Text(column.label, no_wrap=True, overflow="ellipsis")
            if column.right:
                label.justify = "right"
            self.add_column(label, width=column.width, key=column.key)
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False, scroll=False)
        self.scroll_to(scroll.x, scroll.y, animate=False)


def fitted(text: str, width: int, *, marks: str = "", style: str = "") -> Text:
    """User text clipped to ``width`` cells (with an ellipsis), then ``marks`` that always show."""
    room = width - (cell_width(marks) + 1 if marks else 0)
    cell = Text(clip(text, max(room, 1)), style=style, no_wrap=True, overflow="ellipsis")
    if marks:
        cell.append(" " + marks, style="bold")
    return cell


def split(
    available: int,
    names: Sequence[str],
    headers: Sequence[str],
    *,
    low: int = 3,
    high: int = 12,
    least: int = 12,
) -> tuple[int, int]:
    """Widths of a name column and of one column per partner sharing ``available`` cells.

    Partner columns take what their headers want (``low`` to ``high`` cells) unless that
    would squeeze the names below 28 cells; the names never get less than ``least``.
    """
    count = max(len(headers), 1)
    wanted_name = max([cell_width(name) for name in names] + [least])
    partner = max(low, min(high, max([cell_width(text) for text in headers] + [low])))
    need = min(wanted_name, 28)
    if available - count * partner < need:
        partner = max(low, (available - need) // count)
    name = max(least, min(wanted_name, available - count * partner))
    return name, partner


def rating_cell(value: int | None) -> Text:
    """A rating, centred, or a dash when it is missing."""
    return Text("-" if value is None else str(value), justify="center", no_wrap=True)

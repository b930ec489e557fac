"""The table of saved sessions: one row per file, broken files included, sized to the terminal."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from vp_tui.storage.summary import SessionSummary
from vp_tui.ui.text import plain_cell

INVALID = "invalid"
"""The verdict word of a file that cannot be read."""


SessionRow = SessionSummary
"""What the home screen shows of one session file."""


# Columns: key, label, the width the title and partners may not go below, and whether the
# column shrinks before the title does when space runs short.
_COLUMNS = ("title", "kind", "partners", "date", "phase", "verdict")
_LABELS = {
    "title": "Title",
    "kind": "Kind",
    "partners": "Partners",
    "date": "Date",
    "phase": "Phase",
    "verdict": "Verdict",
}
_MINIMUM = {"title": 12, "kind": 9, "partners": 10, "date": 10, "phase": 6, "verdict": 7}
_SHRINK_ORDER = ("partners", "kind", "title", "phase")
"""Who gives up width first when the terminal is narrow (date and verdict never do)."""

_VERDICT_COLOURS = {
    "aligned": ("text-success", ""),
    "at risk": ("text-warning", ""),
    "out of sync": ("text-error", "bold"),
    "incomplete": ("", "dim italic"),
    "unrevealed": ("", "dim italic"),
    INVALID: ("text-error", "italic"),
}


def newest_first(rows: Iterable[SessionRow], examples: Collection[str] = ()) -> list[SessionRow]:
    """Readable sessions newest first (then by title), then the files that cannot be read;
    the shipped examples after the user's own files."""
    ordered = sorted(rows, key=lambda row: (row.title.casefold(), str(row.path)))
    ordered.sort(key=lambda row: row.created, reverse=True)
    ordered.sort(key=lambda row: (str(row.path) in examples, not row.valid))
    return ordered


EXAMPLE_TAG = "Example · "
"""Before the title of a shipped example session."""


def _cells(row: SessionRow, examples: Collection[str] = ()) -> dict[str, str]:
    tag = EXAMPLE_TAG if str(row.path) in examples else ""
    return {
        "title": f"{tag}{row.title}",
        "kind": row.kind,
        "partners": ", ".join(row.partners),
        "date": row.created,
        "phase": row.phase,
        "verdict": row.verdict,
    }


def fit_widths(
    rows: Iterable[SessionRow], available: int, examples: Collection[str] = ()
) -> dict[str, int]:
    """Column widths (text only) that fit ``available`` cells; the title takes what is spare."""
    natural = {key: Text(_LABELS[key]).cell_len for key in _COLUMNS}
    for row in rows:
        for key, value in _cells(row, examples).items():
            natural[key] = max(natural[key], Text(value).cell_len)
    widths = dict(natural)
    # One cell of space separates the columns.
    room = available - len(_COLUMNS)
    excess = sum(widths.values()) - room
    for key in _SHRINK_ORDER:
        if excess <= 0:
            break
        give = min(excess, max(0, widths[key] - _MINIMUM[key]))
        widths[key] -= give
        excess -= give
    if excess < 0:
        widths["title"] += -excess
    return widths


class SessionTable(DataTable[Text]):
    """Sessions, one a row keyed by the file path; a double click asks to open one."""

    BINDINGS = [
        # In a table of rows, home and end go to the first and the last row.
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    class OpenRequested(Message):
        """The user double-clicked a row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", cell_padding=0, zebra_stripes=False)
        self.session_rows: dict[str, SessionRow] = {}
        self.wanted: str | None = None
        """The path whose row should get the cursor when it arrives (after a refresh)."""
        self.examples: frozenset[str] = frozenset()
        """The paths of the shipped examples, whose titles are tagged as such."""
        self._widths: dict[str, int] = {}

    def on_mount(self) -> None:
        """Recolour the verdicts when the theme changes."""
        self.app.theme_changed_signal.subscribe(
            self, lambda _theme: self._rebuild(self.highlighted)
        )

    @property
    def highlighted(self) -> SessionRow | None:
        """The session under the cursor."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return self.session_rows.get(str(row_key.value))

    def show_rows(self, rows: Sequence[SessionRow], *, wanted: Path | None = None) -> None:
        """Replace every row; the cursor goes to ``wanted`` once its row is there."""
        self.wanted = None if wanted is None else str(wanted)
        self.session_rows = {str(row.path): row for row in newest_first(rows, self.examples)}
        keep = self.session_rows.get(self.wanted) if self.wanted is not None else None
        if keep is not None:
            self.wanted = None
        self._rebuild(keep=keep)

    def add_session_rows(self, rows: Sequence[SessionRow]) -> None:
        """Add rows in their place, newest first.

        A cursor the user moved stays on its session; otherwise it stays on the top row
        (the newest session), or goes to the wanted one as soon as it arrives.
        """
        if not rows:
            return
        keep = self.highlighted if self.cursor_row > 0 else None
        merged = [*self.session_rows.values(), *rows]
        self.session_rows = {str(row.path): row for row in newest_first(merged, self.examples)}
        if keep is None and self.wanted in self.session_rows:
            keep = self.session_rows[self.wanted]
            self.wanted = None
        self._rebuild(keep=keep)

    def drop(self, path: Path) -> None:
        """Remove the row of a file."""
        if self.session_rows.pop(str(path), None) is not None:
            self.remove_row(str(path))

    def _fit(self) -> dict[str, int]:
        available = self.scrollable_content_region.width
        if not available:
            # Not laid out yet (filled when the screen mounts): what it will have, so that
            # its first layout does not fill it a second time.
            styles = self.styles
            available = self.app.size.width - styles.gutter.width
            if styles.scrollbar_gutter == "stable":
                available -= styles.scrollbar_size_vertical
        return fit_widths(self.session_rows.values(), available, self.examples)

    def _rebuild(self, keep: SessionRow | None) -> None:
        self._widths = self._fit()
        self.clear(columns=True)
        for key in _COLUMNS:
            label = Text(_LABELS[key], style="bold")
            self.add_column(label, width=self._widths[key] + 1, key=key)
        for row in self.session_rows.values():
            self._add(row)
        if keep is not None and str(keep.path) in self.session_rows:
            self.move_cursor(row=self.get_row_index(str(keep.path)), animate=False)

    def _add(self, row: SessionRow) -> None:
        cells = _cells(row, self.examples)
        colour, emphasis = _VERDICT_COLOURS.get(row.verdict, ("", ""))
        if self.app.no_color:  # emphasis alone, the worst the strongest (widgets/verdict.py)
            colour = ""
            emphasis = {"at risk": "bold", "out of sync": "bold reverse"}.get(row.verdict, emphasis)
        verdict_style = " ".join(
            part for part in (self.app.theme_variables.get(colour, ""), emphasis) if part
        )
        texts = []
        for key in _COLUMNS:
            style = verdict_style if key == "verdict" else ""
            if key == "title" and not row.valid:
                style = "italic"
            text = plain_cell(cells[key], style=style)
            text.truncate(self._widths[key], overflow="ellipsis")
            texts.append(text)
        self.add_row(*texts, key=str(row.path))

    def on_resize(self, event: events.Resize) -> None:
        """Give the columns the new width."""
        if self._fit() != self._widths:
            self._rebuild(keep=self.highlighted)

    def on_click(self, event: events.Click) -> None:
        # One click selects a row (the table's own handler, run after this one); a double
        # click opens it: its first click has already put the cursor on the row.
        if event.chain == 2 and event.style.meta.get("row", -1) >= 0:
            self.post_message(self.OpenRequested())

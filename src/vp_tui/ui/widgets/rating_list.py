"""A keyboard-first list of items rated on a whole-number scale.

Arrows move the highlight; a click on a number asks for that rating with a
``RatingList.Rated`` message. The list only shows the values it is given: the
screen that owns the session applies a rating and sets the new value back with
``set_value``. The screen also handles the rating keys (digits, ← →) itself, in
one synchronous step, so that keys typed quickly each rate the next item and a
change shows in one frame.

It is one Line API widget rather than a widget per row: changing a value
repaints that row's lines only, and scrolling redraws cached lines without a
layout, however long the list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from vp_tui.ui.widgets.rating_items import RatingItem
from vp_tui.ui.widgets.rating_row import DrawnRow, RowStyles, draw_row, row_height


@dataclass
class _Row:
    """Where an item's lines are, and its last render (reused until something changes)."""

    top: int = 0
    height: int = 1
    key: tuple[object, ...] = ()
    strips: list[Strip] = field(default_factory=list)
    hits: list[tuple[int, int, int]] = field(default_factory=list)
    scale_line: int = 0


class RatingList(ScrollView, can_focus=True, inherit_bindings=False):
    """Items to rate, one highlighted: digits rate it and move on; arrows move and adjust."""

    DEFAULT_CSS = """
    RatingList {
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .rating-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .rating-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .rating-list--choice {
            color: $text-muted;
        }
        & > .rating-list--chosen {
            color: $text;
            background: $accent;
            text-style: bold;
        }
        & > .rating-list--tag {
            color: $text-error;
            text-style: bold;
        }
        & > .rating-list--detail {
            color: $text-muted;
        }
        & > .rating-list--section {
            color: $text-accent;
            text-style: bold;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rating-list--cursor",
        "rating-list--choice",
        "rating-list--chosen",
        "rating-list--tag",
        "rating-list--detail",
        "rating-list--section",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        # Cursor keys go without a description: the help screen has one line for them.
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "first", "First item", show=False),
        Binding("end", "last", "Last item", show=False),
    ]

    class Rated(Message):
        """The partner clicked ``value`` on the scale of ``target``."""

        def __init__(self, rating_list: RatingList, target: str, value: int) -> None:
            super().__init__()
            self.rating_list = rating_list
            self.target = target
            self.value = value

        @property
        def control(self) -> RatingList:
            """The list the rating was asked in."""
            return self.rating_list

    def __init__(
        self,
        items: Sequence[RatingItem],
        values: Mapping[str, int],
        tags: Mapping[str, str] | None = None,
        *,
        tag_width: int = 0,
        id: str | None = None,
    ) -> None:
        """``tag_width`` is the room kept next to the labels for a tag that may be set later."""
        super().__init__(id=id)
        self.items = list(items)
        self._index = {item.target: index for index, item in enumerate(self.items)}
        self._values: list[int | None] = [values.get(item.target) for item in self.items]
        tags = tags or {}
        self._tags = [tags.get(item.target, "") for item in self.items]
        self._rows = [_Row() for _ in self.items]
        self._lines: list[tuple[int, int]] = []
        """For each line of the list: (item index, line within the item), -1 for a heading."""
        self._width = -1
        self._cursor = 0
        self._sign: int | None = None
        """A sign typed for the highlighted item, waiting for its digit (-1 or +1)."""
        # The scale sits right after the longest label, not at the far edge of a wide screen.
        self._label_width = max(
            (Content(item.label).cell_length for item in self.items if not item.stacked),
            default=0,
        ) + (tag_width + 1 if tag_width else 0)

    # Layout and rendering.

    def _lay_out(self, width: int) -> None:
        """Work out which line shows what at this width (labels and details wrap)."""
        self._width = width
        lines: list[tuple[int, int]] = []
        section = None
        for index, item in enumerate(self.items):
            if item.section is not None and item.section != section:
                section = item.section
                lines.append((index, -1))
            row = self._rows[index]
            row.key = ()
            row.top = len(lines)
            row.height = row_height(item, width)
            lines.extend((index, offset) for offset in range(row.height))
        self._lines = lines
        self.virtual_size = Size(width, len(lines))

    def on_resize(self) -> None:
        self._lay_out(self.scrollable_content_region.width)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._lay_out(width)
        number = self.scroll_offset.y + y
        base = self.get_visual_style()
        if not 0 <= number < len(self._lines):
            return Strip.blank(width, base.rich_style)
        index, offset = self._lines[number]
        if offset < 0:
            heading = Content.styled(
                f" {self.items[index].section}", self.get_visual_style("rating-list--section")
            )
            return Strip(heading.truncate(width, pad=True).render_segments(base), width)
        return self._row_strips(index, width)[offset]

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        """An item's lines, rendered again only when something it shows has changed."""
        row = self._rows[index]
        highlighted = index == self._cursor
        sign = self._sign if highlighted else None
        # With the focus in the key, the cursor row changes colour when the list gains or
        # loses the focus (which repaints the widget) and the other rows are reused.
        key = (width, self._values[index], self._tags[index], highlighted, self.has_focus, sign)
        if row.key != key:
            lines = self._draw(index, width).lines
            base = self.get_visual_style()
            row.strips = [Strip(line.render_segments(base), width) for line in lines]
            row.key = key
        return row.strips

    def _draw(self, index: int, width: int) -> DrawnRow:
        """An item's lines as content, as it shows now; notes where its scale's numbers are."""
        highlighted = index == self._cursor
        drawn = draw_row(
            self.items[index],
            self._values[index],
            self._tags[index],
            width=width,
            label_width=self._label_width,
            highlighted=highlighted,
            sign=self._sign if highlighted else None,
            styles=self._styles(),
        )
        row = self._rows[index]
        row.scale_line, row.hits = drawn.scale_line, drawn.hits
        return drawn

    def _styles(self) -> RowStyles:
        # Chosen and cursor not partial: Textual 8.2 drops an opaque background from a
        # partial style, and the chosen value and the cursor are marked by their backgrounds.
        return RowStyles(
            choice=self.get_visual_style("rating-list--choice", partial=True),
            chosen=self.get_visual_style("rating-list--chosen"),
            tag=self.get_visual_style("rating-list--tag", partial=True),
            detail=self.get_visual_style("rating-list--detail", partial=True),
            cursor=self.get_visual_style("rating-list--cursor"),
        )

    def _refresh_row(self, index: int) -> None:
        row = self._rows[index]
        self.refresh_lines(row.top, row.height)

    def plain_lines(self) -> list[str]:
        """The text of every line of the list as it would be shown (for tests and snapshots)."""
        width = self._width if self._width > 0 else 80
        text = []
        for index, offset in self._lines:
            if offset < 0:
                text.append(f" {self.items[index].section}")
            else:
                text.append(self._draw(index, width).lines[offset].plain.rstrip())
        return text

    # What the screen reads and sets.

    @property
    def cursor(self) -> int:
        """The index of the highlighted item."""
        return self._cursor

    @property
    def current(self) -> RatingItem | None:
        """The highlighted item (None in an empty list)."""
        return self.items[self._cursor] if self.items else None

    @property
    def sign(self) -> int | None:
        """The sign typed for the highlighted item and waiting for its digit, if any."""
        return self._sign

    def arm_sign(self, sign: int | None) -> None:
        """Show (or, with None, clear) a sign typed for the highlighted item."""
        if sign != self._sign:
            self._sign = sign
            if self.items:
                self._refresh_row(self._cursor)

    @property
    def current_value(self) -> int | None:
        """The value shown for the highlighted item."""
        return self._values[self._cursor] if self.items else None

    def value_of(self, target: str) -> int | None:
        """The value shown for an item."""
        return self._values[self._index[target]]

    def set_value(self, target: str, value: int | None) -> None:
        """Show a new value for one item (repaints only its lines)."""
        index = self._index[target]
        if index == self._cursor:
            self.arm_sign(None)
        if self._values[index] != value:
            self._values[index] = value
            self._refresh_row(index)

    def set_detail(self, target: str, detail: str) -> None:
        """Show a new detail line under one item (the list is laid out again: its height
        may change)."""
        index = self._index[target]
        item = self.items[index]
        if item.detail == detail:
            return
        self.items[index] = replace(item, detail=detail)
        if self._width > 0:
            self._lay_out(self._width)
        self.refresh()

    def set_tag(self, target: str, tag: str) -> None:
        """Show a tag (such as "dealbreaker") next to one item's label."""
        index = self._index[target]
        if self._tags[index] != tag:
            self._tags[index] = tag
            self._refresh_row(index)

    def move_to(self, index: int) -> None:
        """Highlight another item and scroll it into view."""
        if not self.items:
            return
        index = max(0, min(index, len(self.items) - 1))
        if index != self._cursor:
            self.arm_sign(None)
        old, self._cursor = self._cursor, index
        if old != index:
            self._refresh_row(old)
            self._refresh_row(index)
        self._scroll_to_row(index)

    def _scroll_to_row(self, index: int) -> None:
        """Bring a row (and its section heading) into view.

        A row out of view comes to the middle, so that rating down a long list scrolls
        once every half screen rather than at every key: a scroll repaints every line.
        """
        if self._width < 0:
            return
        row = self._rows[index]
        top = row.top
        if top and self._lines[top - 1][1] < 0:
            top -= 1
        bottom = row.top + row.height
        view_top = round(self.scroll_offset.y)
        if view_top <= top and bottom <= view_top + self.scrollable_content_region.height:
            return
        self.scroll_to_region(
            Region(0, top, self._width, bottom - top),
            animate=False,
            center=True,
            immediate=True,
        )

    def move_to_target(self, target: str) -> None:
        """Highlight the item with this target."""
        self.move_to(self._index[target])

    # Keys and mouse.

    def action_cursor(self, step: int) -> None:
        """Move the highlight up or down."""
        self.move_to(self._cursor + step)

    def action_page(self, direction: int) -> None:
        """Move the highlight by about a screenful."""
        self.move_to(self._cursor + direction * max(self.scrollable_content_region.height - 2, 1))

    def action_first(self) -> None:
        """Highlight the first item."""
        self.move_to(0)

    def action_last(self) -> None:
        """Highlight the last item."""
        self.move_to(len(self.items) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        number = self.scroll_offset.y + offset.y
        if not 0 <= number < len(self._lines):
            return
        index, line = self._lines[number]
        if line < 0:
            return
        event.stop()
        self.move_to(index)
        row = self._rows[index]
        if line == row.scale_line:
            x = offset.x
            value = next((n for start, end, n in row.hits if start <= x < end), None)
            if value is not None:
                self.post_message(self.Rated(self, self.items[index].target, value))

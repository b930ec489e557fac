"""A replay's timeline: where it stands in the history, and the steps around the current one."""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from vp_tui.model.replay import ReplayStep

AROUND = 2
"""Steps shown before and after the current one."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


class Timeline(Widget):
    """A bar of the whole history with the reveal marked, and the steps around the current one.

    Drawing it costs the same whatever the history's length: only the steps on show are
    written. A click on a step asks to go there.
    """

    COMPONENT_CLASSES = {"timeline--current", "timeline--bar", "timeline--time"}
    DEFAULT_CSS = """
    Timeline {
        height: auto;
        padding: 0 1;
        .timeline--current { text-style: bold reverse; }
        .timeline--bar { color: $accent; }
        .timeline--time { color: $text-muted; }
    }
    """

    number: reactive[int] = reactive(0)

    class Jump(Message):
        """The user clicked a step."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, steps: list[ReplayStep], *, reveal_at: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = steps
        self.reveal_at = reveal_at

    @property
    def shown(self) -> range:
        """The numbers of the steps on show."""
        last = len(self.steps) - 1
        first = max(0, min(self.number - AROUND, last - 2 * AROUND))
        return range(first, min(last, first + 2 * AROUND) + 1)

    def _bar(self, width: int) -> Content:
        last = max(1, len(self.steps) - 1)
        label = f" {self.number}/{len(self.steps) - 1}"
        room = max(1, width - len(label))
        at = round(self.number / last * (room - 1))
        reveal = round(self.reveal_at / last * (room - 1))
        cells = ["━" if cell < at else "─" for cell in range(room)]
        if 0 <= reveal < room and self.reveal_at < len(self.steps) - 1:
            cells[reveal] = "◆"
        cells[at] = "●"
        bar = self.get_visual_style("timeline--bar")
        return Content.assemble(("".join(cells), bar), label)

    def render(self) -> RenderResult:
        width = self.content_region.width or self.size.width
        lines = [self._bar(width)]
        time_style = self.get_visual_style("timeline--time")
        current = self.get_visual_style("timeline--current")
        for number in self.shown:
            step = self.steps[number]
            when = f"{step.at:%H:%M:%S}" if step.at is not None else "--:--:--"
            mark = "▶" if number == self.number else " "
            line = Content.assemble(
                f"{mark}{number:>6} ", (when, time_style), " ", _one_line(step.says)
            ).truncate(width, ellipsis=True)
            if number == self.number:
                line = line.pad_right(width - line.cell_length).stylize(current)
            lines.append(line)
        return Content("\n").join(lines)

    def on_click(self, event: events.Click) -> None:
        row = event.y - 1
        shown = list(self.shown)
        if 0 <= row < len(shown):
            self.post_message(self.Jump(shown[row]))

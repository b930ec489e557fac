"""The key bar at the bottom of every screen: what it shows, and a click on a key presses it."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tests.conftest import screen_lines, screen_strips
from vp_tui.ui.widgets.key_bar import KeyBar

STEP = Binding.Group("Step")


class Counter(Screen[None]):
    """Keys that add, a group of two, a hidden key, and one that is sometimes not allowed."""

    BINDINGS = [
        Binding("a", "add(1)", "Add one"),
        Binding("b", "add(1)", "Add one (again)"),  # same action: shown once
        Binding("left", "add(-1)", "Less", key_display="←", group=STEP),
        Binding("right", "add(2)", "More", key_display="→", group=STEP),
        Binding("x", "reset", "Reset"),
        Binding("h", "add(100)", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Static("0", id="total")
        yield KeyBar()

    def action_add(self, amount: int) -> None:
        self.total += amount
        self.query_one("#total", Static).update(str(self.total))
        self.refresh_bindings()

    def action_reset(self) -> None:
        self.total = 0
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reset is allowed only when there is something to reset (dimmed otherwise)."""
        return None if action == "reset" and self.total == 0 else True


class CounterApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Counter())


def bottom_line(app: App[object]) -> str:
    return screen_lines(app)[-1]


def colour_of(app: App[object], words: str) -> object:
    for segment in screen_strips(app.screen)[-1]:
        if segment.text.strip() == words and segment.style is not None:
            return segment.style.color
    raise AssertionError(f"{words!r} is not on the bottom line: {bottom_line(app)!r}")


async def test_one_key_per_action_groups_together_hidden_keys_left_out() -> None:
    app = CounterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = bottom_line(app)
        assert line.startswith(" a Add one  ← → Step  x Reset ")
        assert "Add one (again)" not in line and "Hidden" not in line
        assert line.rstrip().endswith("▏^p palette")
        assert len(line) == 80


async def test_a_click_on_a_key_presses_it() -> None:
    app = CounterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Counter)
        await pilot.click(KeyBar, offset=(1, 0))  # "a"
        await pilot.click(KeyBar, offset=(14, 0))  # "→" in the group
        await pilot.pause()
        assert screen.total == 3


async def test_a_key_not_allowed_now_is_dimmed_until_it_is() -> None:
    app = CounterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert colour_of(app, "Reset") != colour_of(app, "Add one")
        await pilot.press("a")
        await pilot.pause()
        assert colour_of(app, "Reset") == colour_of(app, "Add one")
        await pilot.click(KeyBar, offset=(len(" a Add one  ← → Step  x "), 0))
        await pilot.pause()
        assert colour_of(app, "Reset") != colour_of(app, "Add one")


async def test_a_narrow_terminal_cuts_the_line_and_drops_the_palette_key() -> None:
    app = CounterApp()
    async with app.run_test(size=(24, 10)) as pilot:
        await pilot.pause()
        line = bottom_line(app)
        assert len(line) == 24 and "palette" not in line and line.startswith(" a Add one")


class OverTable(Screen[None]):
    """Priority keys that a focused table also binds (as the replay's over its tabs' tables)."""

    BINDINGS = [
        Binding("space", "noop(1)", "Play", priority=True),
        Binding("right", "noop(2)", "Step", priority=True),
        Binding("end", "noop(3)", "Last", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield DataTable()
        yield KeyBar(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def action_noop(self, which: int) -> None:
        """Nothing."""


class MoreOverTable(OverTable):
    """The same keys and more: a new one, and one bound again (it keeps its place)."""

    BINDINGS = [
        Binding("x", "noop(4)", "Extra", priority=True),
        Binding("space", "noop(5)", "Pause", priority=True),
    ]


@pytest.mark.parametrize(
    ("screen", "keys"),
    [
        (OverTable, " space Play  → Step  end Last "),
        (MoreOverTable, " space Pause  → Step  end Last  x Extra "),
    ],
)
async def test_a_screens_priority_keys_keep_its_order_over_a_focused_table(
    screen: type[Screen[None]], keys: str
) -> None:
    class OverTableApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen())

    app = OverTableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert bottom_line(app).startswith(keys)

"""The rating list on its own: the highlighted row shows whether the list has the keyboard."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from tests.conftest import screen_strips
from vp_tui.ui.widgets.rating_items import RatingItem
from vp_tui.ui.widgets.rating_list import RatingList


class ListAndBox(App[None]):
    def compose(self) -> ComposeResult:
        yield RatingList([RatingItem("values/Honesty", "Honesty")], {}, id="list")
        yield Input(id="box")


def cursor_background(app: App[None]) -> object:
    """The background of the highlighted row's first cell, as drawn on the screen."""
    strip = screen_strips(app.screen)[0]
    first = next(segment for segment in strip if segment.text.strip())
    assert first.text.startswith("▸") and first.style is not None
    return first.style.bgcolor


async def test_the_highlighted_row_changes_colour_with_the_focus() -> None:
    app = ListAndBox()
    async with app.run_test(size=(40, 6)) as pilot:
        app.query_one(RatingList).focus()
        await pilot.pause()
        focused = cursor_background(app)
        app.query_one(Input).focus()
        await pilot.pause()
        blurred = cursor_background(app)
        assert blurred != focused
        app.query_one(RatingList).focus()
        await pilot.pause()
        assert cursor_background(app) == focused

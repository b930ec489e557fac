"""Without colour (NO_COLOR), the worse a verdict, the more it stands out: on every row,
the highlighted one too, and in every theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.style import Style
from textual.geometry import Region
from textual.theme import ThemeProvider

from tests.flows.conftest import frozen_clock
from tests.snapshots.conftest import out_of_sync_copy
from vp_tui.live.session import LiveSession
from vp_tui.model.templates import builtin_templates
from vp_tui.ui.app import Start, VpTuiApp
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.verdict import VerdictBadge


def verdict_styles(table: ItemTable) -> list[tuple[str, Style]]:
    """The verdict cell of every row as it reaches the terminal (filters applied): its words
    and style, top to bottom."""
    found = []
    for strip in table.render_lines(Region(0, 0, table.size.width, table.size.height)):
        for segment in strip:
            for words in ("✓ aligned", "▲ AT RISK", "✗ OUT OF SYNC"):
                if words in segment.text and segment.style is not None:
                    found.append((words, segment.style))
    return found


def emphasis(style: Style) -> str:
    """How a cell stands out without colour: "bold reverse", "bold" or "plain"."""
    return " ".join(name for name in ("bold", "reverse") if getattr(style, name)) or "plain"


@pytest.fixture
def app_without_colour(
    sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], VpTuiApp]:
    """The app on the out-of-sync Ana & Ben session, built with NO_COLOR set, in a theme."""
    monkeypatch.setenv("NO_COLOR", "1")
    path = out_of_sync_copy(sessions_dir)

    def build(theme: str) -> VpTuiApp:
        live = LiveSession.open(path, clock=frozen_clock)
        app = VpTuiApp(
            sessions_dir=sessions_dir,
            start=Start("open", live),
            clock=frozen_clock,
            templates=builtin_templates(),
        )
        app.theme = theme
        return app

    return build


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "high-contrast"])
async def test_without_colour_the_worst_verdict_stands_out_most(
    app_without_colour: Callable[[str], VpTuiApp], theme: str
) -> None:
    # Given a session with values out of sync, at risk and aligned, and NO_COLOR set
    app = app_without_colour(theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        # When the values are shown (the worst value on top, highlighted)
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one("#values-table", ItemTable)
        assert table.has_focus and table.cursor_row == 0
        shown = verdict_styles(table)
        # Then out of sync is bold and reversed, at risk bold, aligned plain
        assert shown[0][0] == "✗ OUT OF SYNC"
        assert emphasis(shown[0][1]) == "bold reverse"
        assert {emphasis(style) for words, style in shown if words == "▲ AT RISK"} == {"bold"}
        assert {emphasis(style) for words, style in shown if words == "✓ aligned"} == {"plain"}

        # And so they are on the highlighted row, whatever verdict it holds
        for row, (words, _) in enumerate(shown):
            table.move_cursor(row=row, animate=False)
            await pilot.pause()
            highlighted = verdict_styles(table)[row]
            expected = {"✗ OUT OF SYNC": "bold reverse", "▲ AT RISK": "bold", "✓ aligned": "plain"}
            assert (highlighted[0], emphasis(highlighted[1])) == (words, expected[words])

        # And the overall verdict at the top is reversed too
        badge = app.screen.query_one("#eq-overall", VerdictBadge)
        assert str(badge.styles.text_style) == "bold reverse"


async def test_the_high_contrast_theme_is_offered_in_the_theme_picker(
    app_without_colour: Callable[[str], VpTuiApp],
) -> None:
    # Given the app
    app = app_without_colour("textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        # When the command palette's theme picker lists the themes
        names = [name for name, _ in ThemeProvider(app.screen).commands]
        # Then the high-contrast theme is one, and choosing it applies its black background
        assert "high-contrast" in names
        app.theme = "high-contrast"
        await pilot.pause()
        assert app.screen.styles.background.hex == "#000000"

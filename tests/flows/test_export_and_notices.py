"""The export key can be found where it works, and a notification never buries the screen."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.widgets._toast import Toast

from tests.conftest import EXAMPLES
from tests.flows.test_key_bar import bottom_line
from tests.flows.test_replay import replay_app, replay_screen
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.equality import EqualityScreen

ANA_BEN = "2026-11-02-ana-ben-online-course.toml"

MakeApp = Callable[..., VpTuiApp]


def copy_example(folder: Path) -> Path:
    path = folder / ANA_BEN
    shutil.copy(EXAMPLES / ANA_BEN, path)
    return path


async def test_the_equality_view_shows_the_export_key(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given a finished session, opened on its equality view at 80x24
    app = make_app("open", copy_example(sessions_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        # Then the key bar offers the export, and still the help
        line = bottom_line(app)
        assert "e Export" in line
        assert "Help" in line and "…" not in line


async def test_the_replay_shows_the_export_key(sessions_dir: Path) -> None:
    app = replay_app(sessions_dir, copy_example(sessions_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await replay_screen(pilot)
        line = bottom_line(app)
        assert "e Export" in line
        assert "Help" in line and "…" not in line


async def test_a_long_notification_covers_less_than_half_the_screen(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given the app at 80x24
    app = make_app("open", copy_example(sessions_dir))
    folder = "/home/facilitator/Documents/Clients/Northwind Foods and Bloom Bakery/sessions"
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        # When two notifications with long paths are shown, as an export and a save make them
        app.notify(
            f"{folder}/2026-10-14-northwind-bloom-wholesale-report.html\n"
            f"{folder}/2026-10-14-northwind-bloom-wholesale-screen.svg",
            title="Exported",
            markup=False,
        )
        app.notify(
            f"Saved to {folder}/2026-10-14-northwind-bloom-wholesale.toml. Share it with: "
            f"vp-tui report {folder}/2026-10-14-northwind-bloom-wholesale.toml",
            title="Session complete",
            markup=False,
        )
        await pilot.pause()
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 2
        # Then what they cover of the screen is less than half of its rows and of its cells
        covered = {
            (x, y)
            for x in range(80)
            for y in range(24)
            if isinstance(app.screen.get_widget_at(x, y)[0], Toast)
        }
        assert covered, "no notification on show"
        assert len({y for _, y in covered}) < 12
        assert len(covered) < 80 * 24 / 2

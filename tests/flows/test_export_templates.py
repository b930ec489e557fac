"""Exporting from the app with the facilitator's own HTML templates set in the settings.

Given a template folder that cannot be used, when the facilitator exports from the equality
view, then the report is still written (by the shipped templates) and the app says, on
screen, which file and line are wrong: the facilitator never sees standard error.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.notifications import Notification

from tests.conftest import EXAMPLES
from tests.unit.test_html_templates import SHIPPED_MARK, template_folder, use_templates
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.equality import EqualityScreen

EXAMPLE = "2026-11-02-ana-ben-online-course.toml"


async def export_from_the_view(app: VpTuiApp) -> list[Notification]:
    """Press e on the equality view; the notices once the export is said."""
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        await pilot.press("e")
        for _ in range(100):  # written by a thread
            notices = list(app._notifications)
            if any(notice.title == "Exported" for notice in notices):
                return notices
            await pilot.pause(0.05)
    raise AssertionError("the export was never said")


async def test_a_broken_custom_template_is_said_on_screen_and_the_report_still_made(
    make_app: Callable[..., VpTuiApp],
    sessions_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given a facilitator whose report template has a syntax error on its first line
    folder = template_folder(tmp_path, report_html="<h1>{{ title }</h1>\n")
    use_templates(folder)
    path = sessions_dir / EXAMPLE
    shutil.copy(EXAMPLES / EXAMPLE, path)
    # When they export from the equality view
    notices = await export_from_the_view(make_app("open", path))
    # Then a warning on screen names the file and the line, and says what was done instead
    warnings = [notice for notice in notices if notice.severity == "warning"]
    assert len(warnings) == 1, [notice.message for notice in notices]
    message = warnings[0].message
    assert message.startswith(f"{folder / 'report.html.j2'}, line 1: ")
    assert "unexpected '}'" in message
    assert message.endswith("the shipped templates were used")
    assert "\n" not in message
    # And nothing goes to standard error, behind the app
    assert capsys.readouterr().err == ""
    # And the report is written, by the shipped templates
    report = sessions_dir / f"{path.stem}-report.html"
    assert SHIPPED_MARK in report.read_text(encoding="utf-8")

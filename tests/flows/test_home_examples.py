"""The home screen of a folder with no session of the user's own offers the examples (x)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, screen_text, shows
from tests.flows.test_home import app_with_examples, loaded, rows
from vp_tui.ui.widgets.key_bar import KeyBar


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of the shipped examples, so that nothing here can change them."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    return folder


def key_bar_text(screen: object) -> str:
    bar = screen.query_one(KeyBar)  # type: ignore[attr-defined]
    return str(bar.render())


async def test_x_copies_the_examples_into_an_empty_folder(
    sessions_dir: Path, examples: Path
) -> None:
    # Given a sessions folder with no session of the user's own
    app = app_with_examples(sessions_dir, examples)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        # Then the home screen says x copies the examples, and its key bar shows x
        assert shows(app, f"0 files in {sessions_dir} · 7 examples: press x to copy them into it")
        assert screen.check_action("copy_examples", ()) is True
        # in Delete's place (nothing can be deleted), with Help still in sight at 80 columns
        assert "Copy examples" in key_bar_text(screen) and "Help" in key_bar_text(screen)
        assert "Delete" not in key_bar_text(screen)
        # When x is pressed
        await pilot.press("x")
        await pilot.pause()
        await loaded(pilot)
        # Then the seven are in the folder, private, listed once each as the user's own
        copies = sorted(path.name for path in sessions_dir.glob("*.toml"))
        assert copies == sorted(path.name for path in examples.glob("*.toml"))
        assert all(path.stat().st_mode & 0o777 == 0o600 for path in sessions_dir.glob("*.toml"))
        assert [row.path.parent for row in rows(screen)] == [sessions_dir] * 7
        assert shows(app, f"7 files in {sessions_dir}") and "press x" not in screen_text(app)
        # And x is offered no more
        assert screen.check_action("copy_examples", ()) is False
        assert "Copy examples" not in key_bar_text(screen)


async def test_x_is_not_offered_beside_the_users_own_sessions(
    sessions_dir: Path, examples: Path
) -> None:
    # Given a folder holding a session of the user's own
    first = sorted(EXAMPLES.glob("*.toml"))[0]
    (sessions_dir / "mine.toml").write_bytes(first.read_bytes())
    app = app_with_examples(sessions_dir, examples)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert screen.check_action("copy_examples", ()) is False
        await pilot.press("x")
        await pilot.pause()
        assert [path.name for path in sessions_dir.glob("*.toml")] == ["mine.toml"]

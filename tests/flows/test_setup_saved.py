"""Setup is saved from its first valid state on, without ctrl+s, and resumes filled in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.flows.conftest import FROZEN
from tests.flows.test_setup import (
    SIZE,
    add_entry,
    fill_session_tab,
    names,
    setup_screen,
    type_text,
)
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates
from vp_tui.storage import SessionFileError, read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.setup import SetupScreen
from vp_tui.ui.setup_draft import Draft, Entry, build_session

JOINT_VENTURE = builtin_templates()["joint-venture"]


async def on_disk(pilot: Pilot[object], folder: Path, check: Callable[[Session], bool]) -> Path:
    """The one session file in ``folder`` once what it holds passes ``check``."""
    for _ in range(100):
        files = sorted(folder.glob("*.toml"))
        if len(files) == 1:
            try:
                if check(read_session(files[0])):
                    return files[0]
            except SessionFileError:
                pass  # between two saves
        await pilot.pause(0.05)
    raise AssertionError(f"not saved: {sorted(folder.iterdir())}")


def setup_file(folder: Path) -> Path:
    """A session saved in phase setup, as a crash during setup leaves it."""
    draft = Draft(
        title="Ana & Ben: online course",
        template=JOINT_VENTURE,
        facilitator="Lynda",
        lists={
            "partners": (Entry("Ana Ruiz", "Course author"), Entry("Ben Okafor")),
            "benefits": (Entry("Income from course sales"), Entry("Reputation")),
            "costs": tuple(Entry(item) for item in JOINT_VENTURE.costs),
            "values": tuple(Entry(item) for item in JOINT_VENTURE.values),
        },
    )
    path = folder / "2026-11-27-ana-ben-online-course.toml"
    save_session(build_session(draft, FROZEN), path)
    return path


async def test_a_title_and_two_partners_are_on_disk_without_ctrl_s(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        await setup_screen(pilot)
        await fill_session_tab(pilot, "Ana & Ben JV")
        await add_entry(pilot, "Ana Ruiz", "Course author")
        assert list(sessions_dir.glob("*.toml")) == []  # one partner: not a session yet
        await add_entry(pilot, "Ben Okafor")
        path = await on_disk(pilot, sessions_dir, lambda s: len(s.partners) == 2)
        session = read_session(path)
        assert path.name == "2026-11-27-ana-ben-jv.toml"
        assert session.phase == "setup"
        assert session.title == "Ana & Ben JV"
        assert session.facilitator == "Lynda"
        assert [(p.name, p.role) for p in session.partners] == [
            ("Ana Ruiz", "Course author"),
            ("Ben Okafor", None),
        ]
        # A later edit is saved too, in the same file
        await add_entry(pilot, "Cy")
        await on_disk(pilot, sessions_dir, lambda s: [p.name for p in s.partners][-1] == "Cy")


async def test_escape_after_the_setup_is_saved_leaves_it_on_disk(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        await setup_screen(pilot)
        await fill_session_tab(pilot)
        await add_entry(pilot, "Ana")
        await add_entry(pilot, "Ben")
        path = await on_disk(pilot, sessions_dir, lambda s: len(s.partners) == 2)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert path.name in pilot.app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    assert read_session(path).phase == "setup"
    assert not path.with_name(f".{path.name}.lock").exists()


async def test_a_session_opened_in_setup_shows_the_setup_filled_in_and_starts(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    path = setup_file(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        assert screen.query_one("#title", Input).value == "Ana & Ben: online course"
        assert screen.query_one("#facilitator", Input).value == "Lynda"
        assert screen.query_one("#kind", Select).value == "joint-venture"
        assert names(screen, "partners") == ["Ana Ruiz", "Ben Okafor"]
        assert names(screen, "benefits") == ["Income from course sales", "Reputation"]
        # An edit goes to the same file
        await pilot.press("end")
        await type_text(pilot, " (2)")
        await on_disk(pilot, sessions_dir, lambda s: s.title.endswith("(2)"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HandoffScreen)
        assert app.live is not None
        app.live.flush()
    session = read_session(path)
    assert session.phase == "rating"
    assert session.title == "Ana & Ben: online course (2)"
    assert session.created == FROZEN
    assert [p.role for p in session.partners] == ["Course author", None]


async def test_enter_on_the_home_screen_resumes_a_setup(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    setup_file(sessions_dir)
    async with make_app().run_test(size=SIZE) as pilot:
        for _ in range(50):
            screen = pilot.app.screen
            if isinstance(screen, HomeScreen) and screen.highlighted is not None:
                break
            await asyncio.sleep(0.05)
        await pilot.press("enter")
        screen = await setup_screen(pilot)
        assert isinstance(screen, SetupScreen)
        assert names(screen, "partners") == ["Ana Ruiz", "Ben Okafor"]

"""The replay screen: play, step, jump; the end shows what the file's report says; read-only."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.conftest import BROKEN, EXAMPLES, screen_text
from tests.flows.conftest import frozen_clock
from tests.flows.test_whole_session import (
    on_screen,
    row_texts,
    run_cli,
    verdict_of,
)
from vp_tui.model.history import table_ratings
from vp_tui.model.templates import builtin_templates
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import Start, VpTuiApp
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.item_detail import ItemDetailScreen
from vp_tui.ui.screens.progress import ProgressScreen
from vp_tui.ui.screens.replay import ReplayScreen
from vp_tui.ui.widgets.timeline import Timeline

ANA_BEN = "2026-11-02-ana-ben-online-course.toml"


def replay_app(folder: Path, path: Path) -> VpTuiApp:
    app = VpTuiApp(
        sessions_dir=folder,
        start=Start("replay", path=path),
        clock=frozen_clock,
        templates=builtin_templates(),
    )
    app.animation_level = "none"
    return app


def copy_example(folder: Path, name: str = ANA_BEN) -> Path:
    path = folder / name
    shutil.copy(EXAMPLES / name, path)
    return path


async def replay_screen(pilot: Pilot[Any]) -> ReplayScreen:
    screen = await on_screen(pilot, ReplayScreen)
    await pilot.pause()
    return screen


def shown_summary(screen: ReplayScreen) -> dict[str, tuple[str, str]]:
    """Each component's verdict and gap as the summary table shows them."""
    names = {
        "Anticipated value": "anticipated",
        "Shared values": "values",
        "Contribution": "contribution",
    }
    return {
        names[title]: (verdict_of(verdict), gap)
        for title, verdict, gap, *_ in row_texts(screen, "summary-table")  # type: ignore[arg-type]
    }


async def test_it_starts_before_anything_happened_and_steps_both_ways(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        screen = await replay_screen(pilot)
        text = screen_text(pilot.app)
        assert "REPLAY · read-only" in text
        assert "Start: 2 partners, 19 items, nothing rated yet" in text
        assert " 0/55" in text
        await pilot.press("right", "right", "right", "right")
        assert screen.cursor.number == 4
        await pilot.press("left")
        await pilot.pause()
        assert screen.query_one(Timeline).number == 3
        assert "▶     3 14:01:40 Lynda Carter moved the session to rating" in screen_text(pilot.app)


async def test_the_end_shows_what_the_report_of_the_file_says(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        screen = await replay_screen(pilot)
        await pilot.press("end")
        await pilot.pause()
        assert screen.cursor.number == 55 and " 55/55" in screen_text(pilot.app)
        shown = shown_summary(screen)
    reported = run_cli("report", str(path), "--format", "json")
    report = json.loads(reported.stdout)
    for component, (verdict, gap) in shown.items():
        assert report[component]["verdict"] == verdict, component
        assert f"{report[component]['gap']:.2f}" == gap, component


async def test_jump_to_the_reveal_and_back_to_the_start(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        screen = await replay_screen(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert "moved the session to reveal" in screen.cursor.step.says
        assert "reveal · ❚❚ paused" in screen_text(pilot.app)
        assert shown_summary(screen)["values"][0] == "at risk"
        await pilot.press("home")
        await pilot.pause()
        assert screen.cursor.number == 0
        assert shown_summary(screen)["values"] == ("incomplete", "-")


async def test_play_moves_on_by_itself_until_paused(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        screen = await replay_screen(pilot)
        await pilot.press("plus", "plus")  # 4 → 16 steps a second
        await pilot.press("space")
        assert "▶ 16/s" in screen_text(pilot.app)
        await pilot.pause(0.5)
        await pilot.press("space")
        stopped_at = screen.cursor.number
        assert stopped_at >= 2
        await pilot.pause(0.3)
        assert screen.cursor.number == stopped_at
        assert "❚❚ paused" in screen_text(pilot.app)


async def test_play_stops_at_the_end(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        screen = await replay_screen(pilot)
        await pilot.press("end", "left", "left", "space")
        await pilot.pause(1.2)
        assert screen.cursor.number == screen.cursor.last and not screen.playing


async def test_replaying_writes_nothing(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    before = (path.read_bytes(), os.stat(path).st_mtime_ns, sorted(os.listdir(sessions_dir)))
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        await replay_screen(pilot)
        await pilot.press("space")
        await pilot.pause(0.3)
        await pilot.press("end", "home", "right", "b")
    after = (path.read_bytes(), os.stat(path).st_mtime_ns, sorted(os.listdir(sessions_dir)))
    assert after == before


async def test_a_hand_edited_file_ends_with_the_difference(sessions_dir: Path) -> None:
    session = read_session(EXAMPLES / ANA_BEN)
    session.values[0].ratings["ben"] = 1  # not what the history says
    path = sessions_dir / "edited.toml"
    save_session(session, path)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        screen = await replay_screen(pilot)
        await pilot.press("end")
        await pilot.pause()
        assert screen.cursor.last == len(session.events) + 1
        assert "Edited by hand" in screen_text(pilot.app)
        shown = screen.cursor.state().session
        assert table_ratings(shown) == table_ratings(session)


async def test_replay_from_the_home_screen_and_back(
    sessions_dir: Path, example_sessions: Path
) -> None:
    app = VpTuiApp(sessions_dir=sessions_dir, clock=frozen_clock, templates=builtin_templates())
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        await pilot.pause()
        await pilot.press("r")  # the newest example is not revealed: progress only
        await on_screen(pilot, ProgressScreen)
        await pilot.press("b")
        await on_screen(pilot, HomeScreen)
        await pilot.press("down", "r")
        screen = await replay_screen(pilot)
        assert screen.path.name == "2026-11-20-river-fc-coaching.toml"
        await pilot.press("b")
        await on_screen(pilot, HomeScreen)


async def test_export_writes_a_report_and_a_picture_of_the_screen(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        await replay_screen(pilot)
        await pilot.press("end", "e")
        await pilot.pause()
    stem = f"{path.stem}-step-55"
    report = (sessions_dir / f"{stem}-report.html").read_text(encoding="utf-8")
    picture = (sessions_dir / f"{stem}-screen.svg").read_text(encoding="utf-8")
    assert "Ana &amp; Ben" in report and "Customer service criteria" in report
    assert picture.startswith("<svg") and "REPLAY" in picture


def test_the_command_refuses_a_broken_file_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    shutil.copy(BROKEN / "deal-4.toml", broken)
    result = run_cli("replay", str(broken))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "deal.ana" in result.stderr


async def test_a_row_opens_its_detail_without_offering_a_note(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        screen = await replay_screen(pilot)
        await pilot.press("end", "3", "enter")
        detail = await on_screen(pilot, ItemDetailScreen)
        for _ in range(40):  # until the dialog is drawn
            if "Shared values ›" in screen_text(pilot.app):
                break
            await pilot.pause(0.05)
        text = screen_text(pilot.app)
        assert f"Shared values › {detail.detail.title}" in text
        assert "press n to write one" not in text
        await pilot.press("n")  # no note from a replay
        await pilot.pause()
        assert pilot.app.screen is detail
        await pilot.press("escape")
        assert await on_screen(pilot, ReplayScreen) is screen

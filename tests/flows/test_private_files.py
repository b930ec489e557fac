"""Every file the app writes that holds ratings, notes or titles is private to its owner."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.flows.conftest import FROZEN, frozen_clock
from tests.flows.test_replay import copy_example, replay_app, replay_screen
from vp_tui.live.session import LiveSession
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage.summary import CACHE_VERSION, SummaryCache


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask most systems start with: a plain open() would make files 0644."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


async def test_an_export_writes_the_report_and_the_picture_for_the_owner_only(
    sessions_dir: Path,
) -> None:
    path = copy_example(sessions_dir)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        await replay_screen(pilot)
        await pilot.press("end", "e")
        await pilot.pause()
    stem = f"{path.stem}-step-55"
    picture = sessions_dir / f"{stem}-screen.svg"
    report = sessions_dir / f"{stem}-report.html"
    assert picture.read_text(encoding="utf-8").startswith("<svg")
    assert mode_of(picture) == 0o600
    assert mode_of(report) == 0o600


async def test_exporting_again_makes_an_older_shared_export_private(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    stem = f"{path.stem}-step-55"
    for suffix in ("-screen.svg", "-report.html"):
        older = sessions_dir / f"{stem}{suffix}"
        older.write_text("an export from an older version")
        older.chmod(0o644)
    async with replay_app(sessions_dir, path).run_test(size=(80, 24)) as pilot:
        await replay_screen(pilot)
        await pilot.press("end", "e")
        await pilot.pause()
    assert mode_of(sessions_dir / f"{stem}-screen.svg") == 0o600
    assert mode_of(sessions_dir / f"{stem}-report.html") == 0o600


def test_a_new_session_file_is_private(sessions_dir: Path) -> None:
    session = new_session(
        builtin_templates()["business"],
        title="Ana & Ben",
        partners=[("ana", "Ana"), ("ben", "Ben")],
        created=FROZEN,
    )
    live = LiveSession.create(sessions_dir, session, clock=frozen_clock)
    try:
        assert live.path is not None
        live.set_phase("rating")
        live.flush()
        assert mode_of(live.path) == 0o600
    finally:
        live.close()


def test_the_summary_cache_is_private_even_when_an_older_one_was_not(
    tmp_path: Path, sessions_dir: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    older = cache / "summaries.json"
    older.write_text(json.dumps({"version": CACHE_VERSION, "files": {}}))
    older.chmod(0o644)
    path = copy_example(sessions_dir)
    summaries = SummaryCache(cache)
    assert summaries.summary(path).title.startswith("Ana")
    summaries.save()
    assert "Ana" in older.read_text(encoding="utf-8")
    assert mode_of(older) == 0o600


def test_a_new_summary_cache_folder_is_private(tmp_path: Path, sessions_dir: Path) -> None:
    cache = tmp_path / "new-cache"
    summaries = SummaryCache(cache)
    summaries.summary(copy_example(sessions_dir))
    summaries.save()
    assert mode_of(cache / "summaries.json") == 0o600
    assert mode_of(cache) == 0o700

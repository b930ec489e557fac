"""Screens follow the live session through one watcher: a burst of changes is one message, and
the console redraws only what changed; the export is written in a thread."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from tests.conftest import EXAMPLES
from tests.flows.conftest import frozen_clock, write_session
from tests.flows.test_hosted import PARTNERS, console
from vp_tui.live.session import LiveSession
from vp_tui.model.events import Rate
from vp_tui.model.flow import Turn, missing_in_turn
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.live_watcher import LiveChanged, LiveWatcher
from vp_tui.ui.screens.console import ConsoleScreen
from vp_tui.ui.screens.equality import EqualityScreen


@pytest.fixture
def hosted(sessions_dir: Path) -> Iterator[LiveSession]:
    live = LiveSession.open(
        write_session(sessions_dir, partners=PARTNERS, phase="rating"), clock=frozen_clock
    )
    yield live
    live.close()


class Follower(Static):
    """A widget that notes every LiveChanged it is sent."""

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.watcher = LiveWatcher(live, self)
        self.heard: list[LiveChanged] = []

    def on_mount(self) -> None:
        self.watcher.start()

    def on_live_changed(self, message: LiveChanged) -> None:
        self.heard.append(message)


class FollowerApp(App[None]):
    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.follower = Follower(live)

    def compose(self) -> ComposeResult:
        yield self.follower


async def test_a_burst_of_changes_is_one_message_with_every_change(
    hosted: LiveSession,
) -> None:
    live = hosted
    app = FollowerApp(live)
    async with app.run_test() as pilot:
        # When another app rates four items in one go (as partners' keys arrive together)
        items = [entry.item for entry in live.session.benefits[:4]]
        for item in items:
            live.rate("ana", f"benefits/{item}", 7)
        await pilot.pause()
        # Then the widget heard one message, with the four ratings in order
        heard = app.follower.heard
        assert len(heard) == 1 and heard[0].answers_only
        assert [c.name for c in heard[0].changes if isinstance(c, Rate)] == items
        # And once stopped, it hears nothing more
        app.follower.watcher.stop()
        live.rate("ana", f"benefits/{items[0]}", 2)
        await pilot.pause()
        assert len(heard) == 1


async def test_the_console_redraws_only_the_cells_that_changed(
    hosted: LiveSession,
) -> None:
    live = hosted
    app = console(live)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConsoleScreen)
        table = screen.query_one(DataTable)
        updated: list[tuple[object, object]] = []
        update_cell = table.update_cell

        def noted(row: object, column: object, value: object, **options: object) -> None:
            updated.append((row, column))
            update_cell(row, column, value)  # type: ignore[arg-type]

        table.update_cell = noted  # type: ignore[method-assign]
        live.open_round("anticipated")
        await pilot.pause()
        # When a partner rates: nothing on the console changes
        live.rate("ana", "deal", 1)
        await pilot.pause()
        assert updated == []
        # When Ana finishes the round: her tick, and only it, is drawn
        for target in missing_in_turn(live.session, Turn("anticipated", "ana")):
            live.rate("ana", target, 0 if target == "deal" else 5)
        live.finish_turn("ana", "anticipated")
        await pilot.pause()
        assert updated == [("ana", "anticipated")]


async def test_the_export_is_written_in_a_thread_and_said(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    # Given a finished session on its equality view
    path = sessions_dir / "2026-11-02-ana-ben-online-course.toml"
    shutil.copy(EXAMPLES / path.name, path)
    app = make_app("open", path)
    said: list[str | None] = []
    notify = app.notify
    app.notify = lambda message, **options: (
        said.append(options.get("title"))
        or notify(  # type: ignore[method-assign]
            message, **options
        )
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        # When the facilitator exports
        await pilot.press("e")
        for _ in range(100):  # written by a thread: the screen goes on meanwhile
            if "Exported" in said:
                break
            await pilot.pause(0.05)
        # Then the report and the picture are next to the session, and the app says where
        assert (sessions_dir / f"{path.stem}-report.html").read_text().startswith("<!")
        assert "<svg" in (sessions_dir / f"{path.stem}-screen.svg").read_text()
        assert "Exported" in said


async def test_a_partners_app_hears_nothing_of_anothers_ratings_but_hears_the_reveal(
    hosted: LiveSession,
) -> None:
    from vp_tui.ui.partner_app import PartnerApp

    live = hosted
    live.open_round("anticipated")
    heard: list[LiveChanged] = []

    def hook(message: object) -> None:
        if isinstance(message, LiveChanged):
            heard.append(message)

    async with PartnerApp(live, "ben").run_test(message_hook=hook) as pilot:
        await pilot.pause()
        heard.clear()
        # Ana rates four items (eight times a second in a hosted session): nothing for Ben's
        # app, its console or its waiting panel to do, so no message at all.
        for entry in live.session.benefits[:4]:
            live.rate("ana", f"benefits/{entry.item}", 7)
        live.set_meaning("ana", live.session.values[0].item, "a reply within a day")
        await pilot.pause()
        assert heard == []
        # A phase change still reaches it.
        live.set_phase("reveal")
        await pilot.pause()
        assert heard and any(not message.answers_only for message in heard)

"""Window changes cost a partner's app what a person's resizing would, whatever a client sends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from rich.cells import cached_cell_len
from textual import events
from textual.driver import Driver
from textual.strip import Strip

from tests.ssh.conftest import BEN_CODE, EchoApp, Terminal, connect, eventually
from vp_tui.ssh import memory
from vp_tui.ssh.server import PartnerServer, ServeConfig
from vp_tui.ssh.terminal import RESIZE_INTERVAL


class CountingApp(EchoApp):
    """The echo app, counting the sizes it was given."""

    def __init__(self, partner_id: str, driver_class: type[Driver]) -> None:
        super().__init__(partner_id, driver_class)
        self.resizes = 0

    def on_resize(self, event: events.Resize) -> None:
        self.resizes += 1


@pytest.fixture
async def counting(
    base_config: ServeConfig,
) -> AsyncIterator[tuple[PartnerServer, list[CountingApp]]]:
    """A server of counting apps, and the apps it made."""
    apps: list[CountingApp] = []

    def factory(partner_id: str, driver_class: type[Driver]) -> CountingApp:
        app = CountingApp(partner_id, driver_class)
        apps.append(app)
        return app

    server = PartnerServer(base_config, factory)
    await server.start()
    yield server, apps
    await server.close()


async def test_a_terminal_bigger_than_a_person_uses_gets_500_by_200(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection, size=(100_000, 100_000))
        await screen.wait_for("size=500x200")
        first_frame = len(screen.output)
        screen.process.change_terminal_size(2**31, 3)
        await screen.wait_for("size=500x3")
        screen.process.change_terminal_size(80, 2**31)
        await screen.wait_for("size=80x200")
        screen.process.change_terminal_size(100, 30)
        await screen.wait_for("size=100x30")
    # A frame of 500x200 cells, not of the million a 1000x1000 claim would be drawn with.
    assert first_frame < 1024 * 1024


async def test_a_burst_of_window_changes_is_merged_into_the_latest_size(
    counting: tuple[PartnerServer, list[CountingApp]],
) -> None:
    server, apps = counting
    async with await connect(server.port) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")
        sizes = [(120, 40), (1, 1), (500, 200), (3, 2), (200, 60)]
        loop = asyncio.get_running_loop()
        began = loop.time()
        for change in range(60):  # a window dragged about for a second or so
            screen.process.change_terminal_size(*sizes[change % len(sizes)])
            await asyncio.sleep(0.02)
        screen.process.change_terminal_size(90, 25)
        await screen.wait_for("size=90x25")
        took = loop.time() - began
        screen.press(b"a")
        await screen.wait_for("keys=1 last=a")
    (app,) = apps
    # Sizes were applied at most once an interval (and the first and last), not 61 times.
    assert app.resizes <= took / RESIZE_INTERVAL + 3, f"{app.resizes} sizes in {took:.1f} s"


async def test_a_client_sending_window_changes_flat_out_is_dropped_alone(
    counting: tuple[PartnerServer, list[CountingApp]], caplog: pytest.LogCaptureFixture
) -> None:
    server, _ = counting
    async with (
        await connect(server.port) as storming_connection,
        await connect(server.port, BEN_CODE) as calm_connection,
    ):
        storming = await Terminal.open(storming_connection)
        calm = await Terminal.open(calm_connection)
        await storming.wait_for("partner=ana")
        await calm.wait_for("partner=ben")
        for change in range(5000):
            if storming_connection.is_closed():
                break
            storming.process.change_terminal_size(1 + change % 2, 1 + change % 3)
        await eventually(lambda: server.connected["ana"] == 0, timeout=20)
        calm.press(b"k")
        await calm.wait_for("keys=1 last=k")
        assert server.connected["ben"] == 1
    assert "window changes faster than any window is resized" in caplog.text


async def test_what_a_wide_screen_left_in_the_caches_goes_when_its_app_ends(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection, size=(500, 200))
        await screen.wait_for("size=500x200")
        screen.press(b"f")  # whole screens of changing text, 500 columns wide
        await screen.wait_for("keys=1 last=f")
        await eventually(lambda: served.apps and next(iter(served.apps)).flood > 3)
    await eventually(lambda: served.server.connected["ana"] == 0)
    await eventually(lambda: not served.server.serving)
    assert Strip.blank.cache_info().currsize == 0
    assert cached_cell_len.cache_info().currsize == 0


async def test_memory_goes_back_to_the_system_once_sizes_stop_changing(
    serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    trims: list[int] = []
    monkeypatch.setattr(memory, "TRIM_AFTER_RESIZE", 0.2)
    monkeypatch.setattr(memory, "_MALLOC_TRIM", lambda pad: trims.append(pad) or 1)
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")
        trims.clear()
        for size in [(500, 200), (1, 1), (300, 100)]:
            screen.process.change_terminal_size(*size)
        await screen.wait_for("size=300x100")
        await eventually(lambda: bool(trims))
        screen.press(b"a")
        await screen.wait_for("keys=1 last=a")

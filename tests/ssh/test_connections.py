"""One connection's troubles stay with it: replaced, flooded, crashed, stalled or resized."""

from __future__ import annotations

import asyncio
import logging
import random

import asyncssh
import pytest

from tests.ssh.conftest import BEN_CODE, Terminal, connect, eventually


@pytest.fixture(autouse=True)
def nothing_on_stderr(capfd: pytest.CaptureFixture[str]):
    """The server's stderr is the facilitator's screen: no traceback may land there."""
    yield
    assert "Traceback" not in capfd.readouterr().err


async def test_a_second_connection_with_the_same_code_replaces_the_first(serve) -> None:
    served = await serve()
    async with await connect(served.port) as first_connection:
        first = await Terminal.open(first_connection)
        await first.wait_for("partner=ana keys=0")
        async with await connect(served.port) as second_connection:
            second = await Terminal.open(second_connection)
            await second.wait_for("partner=ana keys=0")
            output, errors, status = await first.read_to_end()
            assert status == 0
            assert b"Someone joined with your join code from another terminal" in errors
            assert output.rfind(b"\x1b[?1049l") > output.rfind(b"\x1b[?1049h")
            second.press(b"z")
            await second.wait_for("keys=1 last=z")
            assert served.server.connected["ana"] == 1
            # "left" for the first connection is announced before "joined" for the second.
            assert served.changes == [("ana", True), ("ana", False), ("ana", True)]
    await eventually(lambda: served.server.connected["ana"] == 0)


async def test_a_megabyte_of_random_bytes_ends_only_that_connection(serve, caplog) -> None:
    caplog.set_level(logging.INFO)
    served = await serve()
    async with (
        await connect(served.port) as noisy_connection,
        await connect(served.port, BEN_CODE) as calm_connection,
    ):
        noisy = await Terminal.open(noisy_connection)
        calm = await Terminal.open(calm_connection)
        await noisy.wait_for("partner=ana")
        await calm.wait_for("partner=ben")
        noisy.press(random.Random(4).randbytes(1024 * 1024))
        loop = asyncio.get_running_loop()
        # Meanwhile the other partner types, and sees each key promptly.
        for count, key in enumerate(b"abcde", start=1):
            pressed = loop.time()
            calm.press(bytes([key]))
            await calm.wait_for(f"keys={count} last={chr(key)}")
            assert loop.time() - pressed < 2.0
        await eventually(lambda: served.server.connected["ana"] == 0, timeout=20)
        assert served.server.connected["ben"] == 1
        calm.press(b"q")
        await calm.wait_for("keys=6 last=q")


async def test_an_app_that_crashes_ends_only_its_connection(serve, caplog) -> None:
    served = await serve()
    async with (
        await connect(served.port) as crashing_connection,
        await connect(served.port, BEN_CODE) as calm_connection,
    ):
        crashing = await Terminal.open(crashing_connection)
        calm = await Terminal.open(calm_connection)
        await crashing.wait_for("partner=ana")
        await calm.wait_for("partner=ben")
        crashing.press(b"x")
        output, errors, status = await crashing.read_to_end()
        assert status == 1
        assert errors.decode().count("\n") == 1
        assert b"internal error" in errors
        assert output.rfind(b"\x1b[?1049l") > output.rfind(b"\x1b[?1049h")
        calm.press(b"k")
        await calm.wait_for("keys=1 last=k")
    # The traceback is in the log, for the facilitator to find, not on the screen.
    assert "a bug in a partner's app" in caplog.text


async def test_a_client_that_stops_reading_is_dropped(serve, caplog) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection, size=(300, 100))
        await screen.wait_for("partner=ana")
        screen.press(b"f")  # the app redraws its whole screen at 60 frames a second
        # ...and this client never reads again.
        async with asyncio.timeout(20):
            await connection.wait_closed()
    await eventually(lambda: served.server.connected["ana"] == 0)
    assert "stopped reading its screen" in caplog.text


async def test_window_changes_resize_the_app_and_absurd_sizes_are_clamped(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection, size=(80, 24))
        await screen.wait_for("size=80x24")
        screen.process.change_terminal_size(100, 30)
        await screen.wait_for("size=100x30")
        for width, height in [(1, 1), (5000, 3), (120, 40), (7, 2000), (0, 0)] * 4:
            screen.process.change_terminal_size(width, height)
        screen.process.change_terminal_size(2**31, 2**31)
        await screen.wait_for("size=500x200")
        screen.process.change_terminal_size(90, 25)
        await screen.wait_for("size=90x25")
        screen.press(b"a")
        await screen.wait_for("keys=1 last=a")


@pytest.mark.parametrize(
    ("term_type", "colour"),
    [
        ("xterm-256color", b"\x1b[38;5;"),
        ("xterm", b"\x1b[9"),
        ("dumb", b"\x1b[9"),
        ("no-such-terminal", b"\x1b[9"),
    ],
)
async def test_the_clients_term_decides_the_colours(serve, term_type, colour) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection, term_type=term_type)
        await screen.wait_for("partner=ana")
        assert colour in screen.output
        assert b"\x1b[38;2;" not in screen.output  # no truecolour unless the client says so


async def test_keys_split_across_packets_and_a_lone_escape_arrive_whole(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")
        accented = "é".encode()
        screen.press(accented[:1])
        await asyncio.sleep(0.05)
        screen.press(accented[1:])
        await screen.wait_for("keys=1 last=é")
        screen.press(b"\x1b")
        await screen.wait_for("keys=2 last=escape")
        screen.press(b"\x1b[A")  # an escape sequence is not an Escape
        await screen.wait_for("keys=3 last=up")
        screen.press(b"\xff\xfe")  # not UTF-8: replaced, not fatal
        screen.press(b"b")
        await screen.wait_for("last=b")


async def test_keys_typed_before_the_app_starts_are_kept(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        process = await connection.create_process(
            term_type="xterm", term_size=(80, 24), encoding=None
        )
        process.stdin.write(b"hi")
        screen = Terminal(process)
        await screen.wait_for("keys=2 last=i")


async def test_closing_the_server_ends_every_connection(serve) -> None:
    served = await serve()
    connection = await connect(served.port)
    screen = await Terminal.open(connection)
    await screen.wait_for("partner=ana")
    await served.server.close()
    _, errors, _ = await screen.read_to_end()
    assert b"stopped the server" in errors
    async with asyncio.timeout(5):
        await connection.wait_closed()
    assert served.server.connected["ana"] == 0
    with pytest.raises(OSError):
        await connect(served.port)
    assert isinstance(connection, asyncssh.SSHClientConnection)

"""Given a running server, when partners log in with their codes, then each sees their own app."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import replace

import pytest
import textual.app
from textual import events
from textual.widgets import Static

from tests.ssh.conftest import BEN_CODE, EchoApp, Terminal, connect, eventually
from vp_tui.ssh.server import PartnerServer


async def test_a_right_code_shows_that_partners_app(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana keys=0")
        screen.press(b"a")
        await screen.wait_for("keys=1 last=a")
        assert served.server.connected["ana"] == 1
    await eventually(lambda: served.server.connected["ana"] == 0)
    assert served.changes == [("ana", True), ("ana", False)]


async def test_the_app_ending_closes_the_session_with_status_0(serve) -> None:
    served = await serve()
    async with await connect(served.port, BEN_CODE) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ben")
        screen.press(b"\x11")  # ctrl+q: Textual's quit
        output, errors, status = await screen.read_to_end()
    assert status == 0
    assert errors == b""
    # The terminal is given back: main screen, cursor shown.
    assert output.rfind(b"\x1b[?1049l") > output.rfind(b"\x1b[?1049h")
    assert b"\x1b[?25h" in output


async def test_served_apps_leave_the_process_stdout_and_stderr_alone(serve) -> None:
    before = (sys.stdout, sys.stderr)
    served = await serve()
    async with await connect(served.port) as one, await connect(served.port, BEN_CODE) as two:
        first = await Terminal.open(one)
        await first.wait_for("partner=ana")
        second = await Terminal.open(two)
        await second.wait_for("partner=ben")
        assert (sys.stdout, sys.stderr) == before
        # Any other app in the process (the facilitator's console) still captures its output.
        with textual.app.redirect_stdout(io.StringIO()) as captured:
            assert sys.stdout is captured
    await served.server.close()
    assert (sys.stdout, sys.stderr) == before
    assert textual.app.redirect_stdout is contextlib.redirect_stdout
    assert textual.app.redirect_stderr is contextlib.redirect_stderr


async def test_codes_that_clash_are_refused(base_config) -> None:
    clashing = replace(base_config, codes={"KQ7M-9XRT-H4": "ana", "kq7m9xrth4": "ben"})
    with pytest.raises(ValueError, match="same join code"):
        PartnerServer(clashing, EchoApp)
    empty = replace(base_config, codes={"--": "ana"})
    with pytest.raises(ValueError, match="no letters or digits"):
        PartnerServer(empty, EchoApp)


async def test_a_failing_connection_callback_is_logged_not_fatal(base_config, caplog) -> None:
    def broken(partner_id: str, connected: bool) -> None:
        raise RuntimeError("console not ready")

    server = PartnerServer(base_config, EchoApp, broken)
    await server.start()
    try:
        async with await connect(server.port) as connection:
            screen = await Terminal.open(connection)
            await screen.wait_for("partner=ana")
            screen.press(b"a")
            await screen.wait_for("keys=1")
    finally:
        await server.close()
    assert "console not ready" in caplog.text


class PasteApp(EchoApp):
    """The echo app, showing the last paste as it came (as any box of any app would)."""

    def on_paste(self, event: events.Paste) -> None:
        self.query_one("#flood", Static).update(f"pasted={event.text}|")


async def test_a_paste_reaches_any_app_without_control_characters(base_config) -> None:
    server = PartnerServer(base_config, PasteApp)
    await server.start()
    try:
        async with await connect(server.port) as connection:
            screen = await Terminal.open(connection)
            await screen.wait_for("partner=ana")
            mark = len(screen.output)
            controls = "".join(map(chr, [*range(0x80, 0xA0), 0x7F, 0x07, 0x0E]))
            screen.press(f"\x1b[200~ok{controls}[31m done\x1b[201~".encode())
            await screen.wait_for("pasted=ok[31m done|")
            shown = screen.output[mark:].decode("utf-8", "replace")
            assert not [char for char in shown if 0x7F <= ord(char) <= 0x9F or char == "\x07"]
    finally:
        await server.close()


async def test_a_partner_displaced_by_their_code_is_told_what_happened_and_what_to_do(
    serve,
) -> None:
    served = await serve()
    async with await connect(served.port) as first_connection:
        first = await Terminal.open(first_connection)
        await first.wait_for("partner=ana")
        async with await connect(served.port) as second_connection:
            second = await Terminal.open(second_connection)
            await second.wait_for("partner=ana")
            _, errors, _ = await first.read_to_end()
    said = errors.decode()
    assert said.count("\n") == 1  # one line, ended for a terminal in raw mode
    assert "Someone joined with your join code from another terminal" in said
    assert "If it was not you, tell the facilitator." in said

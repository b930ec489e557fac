"""What one code may hold: a few connections at most, logins spaced out when they repeat, no
connection without a session for long, and nothing once the session is complete."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncssh
import pytest

from tests.flows.conftest import write_session
from tests.ssh.conftest import BEN_CODE, Terminal, connect, eventually, serve_log
from vp_tui.live.session import LiveSession
from vp_tui.serve import expire_when_complete


class Typing(asyncssh.SSHClient):
    """A partner who types their code only when it is given."""

    def __init__(self, code: Callable[[], Awaitable[str]]) -> None:
        self.code = code
        self.asked = False

    async def password_auth_requested(self) -> str | None:
        if self.asked:
            return None
        self.asked = True
        return await self.code()


async def closed(connection: asyncssh.SSHClientConnection, timeout: float) -> bool:
    try:
        async with asyncio.timeout(timeout):
            await connection.wait_closed()
    except TimeoutError:
        return False
    return True


async def test_a_login_that_opens_no_session_is_closed_soon(serve) -> None:
    served = await serve(session_timeout=0.5)
    connection = await connect(served.port)  # like `ssh -N`
    assert await closed(connection, 10)
    await eventually(lambda: not served.server._connections)
    assert "ana: closed a connection" in serve_log(served)


async def test_a_session_keeps_its_connection_past_the_session_timeout(serve) -> None:
    served = await serve(session_timeout=0.3)
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")
        await asyncio.sleep(1.0)
        screen.press(b"k")
        await screen.wait_for("keys=1 last=k")


async def test_one_code_holds_a_few_connections_at_most(serve) -> None:
    served = await serve(session_timeout=60.0, max_connections_per_code=3)
    connections = [await connect(served.port) for _ in range(6)]
    try:
        await eventually(lambda: sum(not c.is_closed() for c in connections) == 3, 10)
        # The newest stay; the oldest were closed, saying why.
        assert [c.is_closed() for c in connections] == [True] * 3 + [False] * 3
        async with await connect(served.port, BEN_CODE) as other:  # other codes are not held up
            screen = await Terminal.open(other)
            await screen.wait_for("partner=ben")
    finally:
        for connection in connections:
            connection.close()
    assert "ana: closed their oldest connection" in serve_log(served)


async def test_repeated_logins_with_one_code_are_spaced_out(serve) -> None:
    served = await serve(code_logins_burst=2, code_login_interval=0.4)
    started = time.monotonic()
    for _ in range(5):
        connection = await connect(served.port)
        connection.close()
        await connection.wait_closed()
    # Two at once, then one every 0.4 s: the last three waited.
    assert time.monotonic() - started >= 3 * 0.4 - 0.05


async def test_no_one_logs_in_once_the_session_is_complete(serve, tmp_path: Path) -> None:
    served = await serve()
    sessions_dir = tmp_path / "sessions"
    sessions_dir.mkdir()
    live = LiveSession.open(write_session(sessions_dir, partners=("ana", "ben"), phase="reveal"))
    stop = expire_when_complete(live, served.server, sessions_dir / ".vp-tui")
    try:
        async with await connect(served.port) as connection:  # still open: it logs in
            screen = await Terminal.open(connection)
            await screen.wait_for("partner=ana")
            typed = asyncio.Event()

            async def code_when_complete() -> str:
                await typed.wait()
                return BEN_CODE

            slow = asyncio.create_task(
                connect(
                    served.port, password=None, client_factory=lambda: Typing(code_when_complete)
                )
            )
            await eventually(lambda: served.server.unauthenticated == 1)
            live.set_phase("complete")
            typed.set()
            with pytest.raises(asyncssh.DisconnectError) as at_the_prompt:
                await slow
            with pytest.raises(asyncssh.DisconnectError) as refused:
                await connect(served.port, BEN_CODE)
            assert "this workshop session is complete" in str(refused.value)
            # One already at the prompt when it completed gets no further either.
            assert "this workshop session is complete" in str(at_the_prompt.value)
            screen.press(b"k")  # whoever is connected stays, to see the results
            await screen.wait_for("keys=1 last=k")
    finally:
        stop()
        live.close()
    assert "this workshop session is complete" in serve_log(served)

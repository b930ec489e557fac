"""Logging in: a join code by keyboard-interactive or password; wrong codes limited and slowed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import asyncssh
import pytest

from tests.ssh.conftest import ANA_CODE, WRONG_CODE, Terminal, connect


class Typist(asyncssh.SSHClient):
    """A client that answers every prompt with the next of its codes, and remembers the prompts."""

    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = list(codes)
        self.prompts: list[tuple[str, bool]] = []
        self.instructions: list[str] = []
        self.tries = 0

    def _next(self) -> str | None:
        if not self.codes:
            return None
        self.tries += 1
        return self.codes.pop(0)

    def password_auth_requested(self) -> str | None:
        return self._next()

    def kbdint_auth_requested(self) -> str | None:
        return ""

    def kbdint_challenge_received(
        self, name: str, instructions: str, lang: str, prompts: Sequence[tuple[str, bool]]
    ) -> Sequence[str] | None:
        self.instructions.append(instructions)
        self.prompts.extend(prompts)
        code = self._next()
        return None if code is None else [code]


async def login(port: int, typist: Typist, method: str) -> asyncssh.SSHClientConnection:
    return await asyncssh.connect(
        "127.0.0.1",
        port,
        known_hosts=None,
        username="whoever",
        client_keys=None,
        agent_path=None,
        config=None,
        client_factory=lambda: typist,
        preferred_auth=method,
    )


async def test_keyboard_interactive_asks_for_the_join_code_without_echo(serve) -> None:
    served = await serve()
    typist = Typist([WRONG_CODE, ANA_CODE])
    async with await login(served.port, typist, "keyboard-interactive") as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")
    assert typist.prompts == [("Join code: ", False), ("Join code: ", False)]
    assert "not right" in typist.instructions[1]


async def test_the_code_works_as_a_password_in_any_case_with_or_without_dashes(serve) -> None:
    served = await serve()
    for typed in ("KQ7M-9XRT-H4", "kq7m9xrth4", " Kq7m-9xRt h4 "):
        async with await connect(served.port, typed, preferred_auth="password") as connection:
            screen = await Terminal.open(connection)
            await screen.wait_for("partner=ana")


@pytest.mark.parametrize("method", ["password", "keyboard-interactive"])
async def test_wrong_codes_are_slowed_and_the_fourth_try_is_not_allowed(serve, method) -> None:
    served = await serve(failure_delay=0.2, max_tries=3)
    typist = Typist([WRONG_CODE, "NOPE", "KQ7M-9XRT-H5", ANA_CODE])
    started = time.monotonic()
    with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)) as refused:
        await login(served.port, typist, method)
    assert time.monotonic() - started >= 3 * 0.2
    assert typist.tries == 3  # the right code, fourth, was never asked for
    assert "too many wrong join codes" in str(refused.value)
    assert served.server.connected["ana"] == 0


async def test_a_wrong_code_costs_its_delay_without_holding_up_the_loop(serve) -> None:
    served = await serve(failure_delay=0.5)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    with pytest.raises(asyncssh.Error):
        await login(served.port, Typist([WRONG_CODE]), "password")
    ticker.cancel()
    assert ticks >= 20  # the loop kept running through the half-second delay


async def test_the_eleventh_connection_logging_in_is_refused_at_once(serve) -> None:
    served = await serve(max_unauthenticated=10)
    idle = [await asyncio.open_connection("127.0.0.1", served.port) for _ in range(10)]
    try:
        for reader, _ in idle:
            assert (await reader.readline()).startswith(b"SSH-2.0-")
        started = time.monotonic()
        with pytest.raises(asyncssh.Error) as refused:
            await connect(served.port)
        assert time.monotonic() - started < 2
        assert "too many people are logging in" in str(refused.value)
        # One leaves: there is room again.
        idle.pop()[1].close()
        await asyncio.sleep(0.1)
        async with await connect(served.port) as connection:
            screen = await Terminal.open(connection)
            await screen.wait_for("partner=ana")
    finally:
        for _, writer in idle:
            writer.close()


async def test_a_connection_that_never_logs_in_is_closed_after_the_login_timeout(serve) -> None:
    served = await serve(login_timeout=0.5)
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    started = time.monotonic()
    async with asyncio.timeout(5):
        while await reader.read(1024):
            pass
    assert 0.4 <= time.monotonic() - started < 3
    writer.close()
    assert served.server.unauthenticated == 0

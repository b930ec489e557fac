"""Logging in: a join code by keyboard-interactive or password; wrong codes limited and slowed."""

from __future__ import annotations

import asyncio
import stat
import time
from collections.abc import Sequence

import asyncssh
import pytest
from asyncssh.constants import MSG_USERAUTH_REQUEST
from asyncssh.packet import Boolean, String

from tests.ssh.conftest import (
    ANA_CODE,
    WRONG_CODE,
    Terminal,
    connect,
    connect_from,
    serve_log,
)


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


class Pipeliner(Typist):
    """An attacker's client: sends every code but the last at once, without waiting for the
    answers, then the last as asyncssh would (a new request cancels the pending one)."""

    def connection_made(self, conn: asyncssh.SSHClientConnection) -> None:
        self.connection = conn

    def password_auth_requested(self) -> str | None:
        if not self.codes:
            return None
        *first, last = self.codes
        for code in first:
            self.connection.send_packet(
                MSG_USERAUTH_REQUEST,
                String("whoever"),
                String("ssh-connection"),
                String("password"),
                Boolean(False),
                String(code),
            )
        self.codes = []
        self.tries += len(first) + 1
        return last


async def test_codes_sent_without_waiting_for_the_answer_are_wrong_unseen(serve) -> None:
    served = await serve(failure_delay=0.3)
    # The right code comes last, cancelling the wrong ones' delays: it is never compared.
    pipeliner = Pipeliner([WRONG_CODE, "CCCC-CCCC-CC", ANA_CODE])
    with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)):
        await login(served.port, pipeliner, "password")
    assert served.server.admission.compared == 1
    assert served.server.connected["ana"] == 0
    assert serve_log(served).count("127.0.0.1: wrong join code") == 3


async def test_wrong_codes_from_one_address_are_spaced_however_many_connections(serve) -> None:
    served = await serve(failure_delay=0.3)
    started = time.monotonic()
    attempts = [login(served.port, Typist([WRONG_CODE]), "password") for _ in range(4)]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    assert all(isinstance(result, asyncssh.Error) for result in results)
    # Each code waits for the one before it and its delay: 4 codes cost 4 delays, not 1.
    assert time.monotonic() - started >= 4 * 0.3 - 0.05


async def test_an_address_with_too_many_wrong_codes_is_refused_for_a_while(serve) -> None:
    # The default 6 s a code and 30 s threshold, ten times over: a slow machine keeps the count.
    served = await serve(failure_delay=0.05, penalty_per_failure=60.0, penalty_threshold=300.0)
    for _ in range(2):  # 6 wrong codes: 360 s of penalty, past the threshold
        with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)):
            await login(served.port, Typist([WRONG_CODE] * 3), "password")
    with pytest.raises(asyncssh.DisconnectError) as refused:
        await connect(served.port)  # even with the right code
    assert "too many wrong join codes from your address; try again in" in str(refused.value)
    # Another address is not penalised.
    async with await connect_from("127.0.0.2", served.port) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")
    log = serve_log(served)
    for count in range(1, 7):
        assert f"127.0.0.1: wrong join code ({count} from this address in the last minute)" in log
    assert "127.0.0.1: too many wrong join codes from your address" in log
    log_file = served.server.config.state_dir / "serve.log"
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    # The console showed the first lines and merges the rest.
    assert any("wrong join code (1 from" in line for line in served.server.log.recent)


async def test_the_log_is_never_written_through_a_link(serve, tmp_path) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's\n")
    (state / "serve.log").symlink_to(elsewhere)
    with pytest.raises(OSError):
        await serve()
    assert elsewhere.read_text() == "someone else's\n"

"""The path before login under attack, measured: how many codes one address gets compared a
second however it sends them, and how long an honest partner from another address takes to
log in meanwhile.

The server runs in its own process with the default limits (``python bench/ssh_attack.py
--serve``); this process attacks it from 127.0.0.1 with as many connections as it can keep
(each sends its three codes at once, without waiting for the answers, the right code planted
among them now and then) and logs in as a partner from 127.0.0.2 every few seconds.

    python bench/ssh_attack.py            # prints the figures (about a minute)
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import asyncssh
from asyncssh.constants import MSG_USERAUTH_REQUEST
from asyncssh.packet import Boolean, String

ATTACKERS = 12
"""Connections the attacker tries to keep going at once (3 times what one address may)."""
HONEST_EVERY = 3.0
"""Seconds between two honest logins."""


@dataclass(frozen=True)
class AttackFigures:
    """What the attack got, and what an honest partner saw meanwhile."""

    seconds: float
    guesses: int
    """Codes the server compared with the join codes, from the attacker's address."""
    sent: int
    """Codes the attacker sent."""
    planted_found: int
    """Logins the attacker got with the right code planted among its guesses."""
    honest_login: float
    """The slowest honest login from 127.0.0.2, in seconds (inf if one failed)."""
    honest_logins: int
    honest_median: float

    @property
    def guesses_per_second(self) -> float:
        return self.guesses / self.seconds


# --- the server ------------------------------------------------------------------------------


async def serve() -> None:
    """A server with the default limits: prints its port and the code, then answers
    ``compared`` with the codes compared so far, until its input ends."""
    from textual.app import App, ComposeResult
    from textual.driver import Driver
    from textual.widgets import Static

    from vp_tui.ssh.codes import new_code
    from vp_tui.ssh.server import PartnerServer, ServeConfig

    class Hello(App[None]):
        def __init__(self, partner: str, driver_class: type[Driver]) -> None:
            super().__init__(driver_class=driver_class)
            self.partner = partner

        def compose(self) -> ComposeResult:
            yield Static(f"hello {self.partner}", markup=False)

    code = new_code()
    with tempfile.TemporaryDirectory(prefix="vp-tui-attack-") as folder:
        state = Path(folder) / ".vp-tui"
        config = ServeConfig(port=0, state_dir=state, codes={code: "ana"})
        server = PartnerServer(config, Hello)
        await server.start()
        print(json.dumps({"port": server.port, "code": code}), flush=True)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while line := await reader.readline():
            if line.strip() == b"compared":
                print(server.admission.compared, flush=True)
        await server.close()


# --- the attacker and the partner ------------------------------------------------------------


class Guesser(asyncssh.SSHClient):
    """Sends its codes one by one, each after the answer to the one before (polite), or all at
    once without waiting for the answers (pipelined: a new request cancels the pending one's
    delay on a server that lets it)."""

    def __init__(self, codes: list[str], *, pipelined: bool) -> None:
        self.codes = codes
        self.pipelined = pipelined
        self.sent = 0

    def connection_made(self, conn: asyncssh.SSHClientConnection) -> None:
        self.connection = conn

    def password_auth_requested(self) -> str | None:
        if not self.codes:
            return None
        if not self.pipelined:
            self.sent += 1
            return self.codes.pop(0)
        *first, last = self.codes
        for code in first:
            self.connection.send_packet(
                MSG_USERAUTH_REQUEST,
                String("x"),
                String("ssh-connection"),
                String("password"),
                Boolean(False),
                String(code),
            )
        self.sent = len(self.codes)
        self.codes = []
        return last


OPTIONS: dict[str, Any] = {
    "known_hosts": None,
    "client_keys": None,
    "agent_path": None,
    "config": None,
    "username": "x",
}


async def attack(
    port: int, code: str, until: float, tally: dict[str, int], *, pipelined: bool
) -> None:
    """One attacker connection after another from 127.0.0.1, until the time is up."""
    loop = asyncio.get_running_loop()
    number = 0
    while loop.time() < until:
        number += 1
        guesses = ["AAAA-AAAA-AA", "CCCC-CCCC-CC", "DDDD-DDDD-DD"]
        if number % 7 == 0:
            guesses[2] = code  # the right code, planted last: it cancels the other two
        client = Guesser(guesses, pipelined=pipelined)
        try:
            async with asyncio.timeout(max(0.1, until - loop.time())):
                connection, _ = await asyncssh.create_connection(
                    lambda client=client: client,
                    "127.0.0.1",
                    port,
                    local_addr=("127.0.0.1", 0),
                    **OPTIONS,
                )
            connection.close()
            tally["found"] += 1
        except (OSError, asyncssh.Error, TimeoutError):
            await asyncio.sleep(0.01)  # refused: straight back
        tally["sent"] += client.sent


async def honest_login(port: int, code: str) -> float:
    """A partner from 127.0.0.2 logs in and sees their first screen: seconds to log in."""
    started = time.perf_counter()
    connection = await asyncssh.connect(
        "127.0.0.1", port, local_addr=("127.0.0.2", 0), password=code, **OPTIONS
    )
    logged_in = time.perf_counter() - started
    async with connection:
        process = await connection.create_process(term_type="xterm", term_size=(80, 24))
        seen = ""
        async with asyncio.timeout(20):
            while "hello" not in seen:
                seen += await process.stdout.read(4096)
    return logged_in


async def measure(
    port: int, code: str, seconds: float, *, pipelined: bool
) -> tuple[dict[str, int], list[float]]:
    loop = asyncio.get_running_loop()
    until = loop.time() + seconds
    tally = {"sent": 0, "found": 0}
    attackers = [
        asyncio.create_task(attack(port, code, until, tally, pipelined=pipelined))
        for _ in range(ATTACKERS)
    ]
    logins: list[float] = []
    await asyncio.sleep(1.0)  # the attack is under way
    while loop.time() + HONEST_EVERY < until:
        try:
            logins.append(await honest_login(port, code))
        except (OSError, asyncssh.Error, TimeoutError):
            logins.append(float("inf"))
        await asyncio.sleep(HONEST_EVERY)
    await asyncio.gather(*attackers)
    return tally, logins


def attack_once(seconds: float, *, pipelined: bool) -> AttackFigures:
    """Attack a fresh server for ``seconds`` and return what it got."""
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        hello = json.loads(server.stdout.readline())
        started = time.perf_counter()
        tally, logins = asyncio.run(
            measure(hello["port"], hello["code"], seconds, pipelined=pipelined)
        )
        elapsed = time.perf_counter() - started
        server.stdin.write("compared\n")
        server.stdin.flush()
        compared = int(server.stdout.readline())
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    return AttackFigures(
        seconds=elapsed,
        guesses=max(0, compared - len(logins)),  # the honest partner's codes are compared too
        sent=tally["sent"],
        planted_found=tally["found"],
        honest_login=max(logins) if logins else float("inf"),
        honest_logins=len(logins),
        honest_median=statistics.median(logins) if logins else float("inf"),
    )


def measure_attack(seconds: float = 30.0) -> AttackFigures:
    """A pipelining attack, then a polite one, each on a fresh server for ``seconds``: the
    figures of the one that got more codes compared, with the slowest honest login of both."""
    attacks = [attack_once(seconds, pipelined=pipelined) for pipelined in (True, False)]
    for pipelined, figures in zip((True, False), attacks, strict=True):
        print(describe("pipelined" if pipelined else "polite", figures), flush=True)
    best = max(attacks, key=lambda figures: figures.guesses_per_second)
    logins = [figures.honest_login for figures in attacks]
    return replace(
        best,
        honest_login=max(logins),
        honest_logins=sum(figures.honest_logins for figures in attacks),
    )


def describe(kind: str, figures: AttackFigures) -> str:
    """The figures of one attack in words."""
    return (
        f"  {kind} attack from 127.0.0.1 ({ATTACKERS} connections at a time, 3 codes each): "
        f"{figures.sent} codes sent, {figures.guesses} compared in {figures.seconds:.1f} s = "
        f"{figures.guesses_per_second:.2f} a second; the planted right code logged in "
        f"{figures.planted_found} times; meanwhile from 127.0.0.2 {figures.honest_logins} "
        f"logins, median {figures.honest_median:.3f} s, slowest {figures.honest_login:.3f} s"
    )


def main() -> None:
    if "--serve" in sys.argv:
        asyncio.run(serve())
        return
    figures = measure_attack()
    print(
        f"codes compared a second from one address: {figures.guesses_per_second:.2f} "
        f"(target <= 1); slowest honest login from another: {figures.honest_login:.3f} s "
        "(target <= 2 s)"
    )


if __name__ == "__main__":
    main()

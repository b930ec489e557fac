"""The SSH benchmarks: 24 partners connected at once (3 sessions of 8) to one server process.

The server (``ssh_server.py``) runs in its own process; the clients are asyncssh clients in
this one, each with a pseudo-terminal of 80x24.

ssh-echo
    A partner presses a rating key: the time until the frame that shows the rating reaches
    the partner, p95 over every key of every partner. All 24 rate at once, each starting at
    their own moment and keeping their own pace (0.2-0.6 s between keys). Target: 50 ms.
ssh-reveal
    The facilitator reveals, every partner waiting for it (all rounds answered): the time
    until the equality view reaches each of the 8 screens of the session, p95 over the 24
    screens of the 3 sessions. Target: 250 ms.
ssh-memory
    The server's resident memory for each extra connection (growth from 0 to 24 connections,
    divided by 24), as a ratio of what a process per connection would take instead (the
    memory of a process that has imported the partner app: its floor). Target: 0.2.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh

BENCH = Path(__file__).resolve().parent
SESSIONS = int(__import__("os").environ.get("VP_SSH_SESSIONS", "3"))
PARTNERS = 8
KEYS = 12
"""Rating keys each partner presses."""


@dataclass
class SshFigures:
    """What the SSH benchmarks measured."""

    echo_p95: float
    reveal_p95: float
    per_connection_kb: float
    process_kb: float
    keys: int


class Client:
    """One partner's terminal: an SSH connection with a pty, and what it has received."""

    def __init__(
        self, connection: asyncssh.SSHClientConnection, process: asyncssh.SSHClientProcess[bytes]
    ) -> None:
        self.connection = connection
        self.process = process
        self.received = bytearray()
        self.arrived = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            chunk = await self.process.stdout.read(65536)
            if not chunk:
                return
            self.received += chunk
            self.arrived.set()

    async def wait_for(self, marker: bytes, start: int, timeout: float = 10.0) -> float:
        """Seconds until ``marker`` shows in what arrived after byte ``start``."""
        began = time.perf_counter()
        while marker not in self.received[start:]:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), timeout)
        return time.perf_counter() - began

    async def close(self) -> None:
        self.connection.close()
        self._reader.cancel()


async def connect(port: int, code: str) -> Client:
    connection = await asyncssh.connect(
        "127.0.0.1", port, username="partner", password=code, known_hosts=None
    )
    process = await connection.create_process(
        term_type="xterm-256color", term_size=(80, 24), encoding=None
    )
    return Client(connection, process)


def _server_rss(server: subprocess.Popen[str]) -> int:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write("rss\n")
    server.stdin.flush()
    return int(server.stdout.readline())


def _process_floor_kb() -> int:
    """The memory of a process that has imported the partner app (a process per connection)."""
    code = (
        "import vp_tui.ui.partner_app, vp_tui.ui.screens.turns, vp_tui.ui.screens.equality;"
        "print([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return int(result.stdout)


async def _measure() -> SshFigures:
    server = subprocess.Popen(
        [sys.executable, str(BENCH / "ssh_server.py"), str(SESSIONS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=BENCH,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        setup = json.loads(server.stdout.readline())
        before = _server_rss(server)
        clients: list[list[Client]] = []
        for port, codes in zip(setup["ports"], setup["codes"], strict=True):
            clients.append([await connect(port, code) for code in codes])
        everyone = [client for group in clients for client in group]
        await asyncio.gather(*(c.wait_for(b"Hello", 0, 20) for c in everyone))
        await asyncio.sleep(1.0)
        after = _server_rss(server)
        for number in range(SESSIONS):
            server.stdin.write(f"open {number}\n")
        server.stdin.flush()
        await asyncio.gather(*(c.wait_for(b"Anticipated value", 0, 20) for c in everyone))
        await asyncio.sleep(0.5)

        echoes: list[float] = []

        chooser = random.Random(24)

        async def rate(client: Client) -> None:
            # People do not type in step: each starts at their own moment and keeps their
            # own pace, 0.2-0.6 s between keys (a brisk rater; reading an item takes longer).
            await asyncio.sleep(chooser.uniform(0, 0.6))
            for key in range(KEYS):
                start = len(client.received)
                digit = str((key % 9) + 1)
                client.process.stdin.write(digit.encode())
                began = time.perf_counter()
                await client.wait_for(f"[{digit}]".encode(), start)
                echoes.append(time.perf_counter() - began)
                await asyncio.sleep(chooser.uniform(0.2, 0.6))

        await asyncio.gather(*(rate(client) for client in everyone))

        # The reveal comes once everyone has finished every round: the partners wait, each
        # on their waiting screen. (Answering every round by keys would take thousands of
        # keys, so the server answers for them, and they connect again to wait.)
        for client in everyone:
            await client.close()
        for number in range(SESSIONS):
            server.stdin.write(f"finish {number}\n")
        server.stdin.flush()
        await asyncio.sleep(1.0)
        clients = []
        for port, codes in zip(setup["ports"], setup["codes"], strict=True):
            clients.append([await connect(port, code) for code in codes])
        everyone = [client for group in clients for client in group]
        await asyncio.gather(*(c.wait_for(b"You have finished", 0, 30) for c in everyone))
        await asyncio.sleep(3.0)  # they have been waiting a moment (minutes, in a workshop)

        reveals: list[float] = []
        for number, group in enumerate(clients):
            marks = [len(client.received) for client in group]
            server.stdin.write(f"reveal {number}\n")
            server.stdin.flush()
            began = time.perf_counter()

            async def seen(client: Client, mark: int, began: float = began) -> None:
                await client.wait_for(b"Summary", mark)
                reveals.append(time.perf_counter() - began)

            await asyncio.gather(*(seen(c, m) for c, m in zip(group, marks, strict=True)))
        for client in everyone:
            await client.close()
        return SshFigures(
            echo_p95=statistics.quantiles(echoes, n=20)[-1],
            reveal_p95=statistics.quantiles(reveals, n=20)[-1],
            per_connection_kb=(after - before) / len(everyone),
            process_kb=_process_floor_kb(),
            keys=len(echoes),
        )
    finally:
        server.stdin.write("quit\n")
        server.stdin.flush()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def measure_ssh() -> SshFigures:
    """Run the SSH benchmarks once."""
    return asyncio.run(_measure())


if __name__ == "__main__":
    print(measure_ssh())

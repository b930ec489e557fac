"""The browser benchmarks, against SSH in the same run: one server process (``web_server.py``)
hosting a live session over SSH and on the partners' page; clients in this process.

web-first-frame
    From the websocket opening (the page's ticket already taken) to the partner's first full
    screen, median over the partners; against the same from an SSH session channel opening.
    Target: 1.3x the SSH figure.
web-memory
    The server's resident memory for each extra browser connection (growth over N of them,
    divided by N); against the same for SSH connections. Target: 2 MB (printed with it).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncssh

BENCH = Path(__file__).resolve().parent
SCREEN_TEXT = b"Hello"
"""What the partner's first screen shows once it is drawn (their greeting)."""


@dataclass
class WebFigures:
    web_first_frame: float
    ssh_first_frame: float
    web_kb: float
    ssh_kb: float
    connections: int


class _Server:
    def __init__(self, partners: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "web_server.py"), str(partners)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.info = json.loads(self.process.stdout.readline())

    def rss_kb(self) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


async def _browser(
    http: aiohttp.ClientSession, port: int, code: str
) -> tuple[aiohttp.ClientWebSocketResponse, float]:
    origin = f"http://127.0.0.1:{port}"
    async with http.post(f"{origin}/join", json={"code": code}, headers={"Origin": origin}) as r:
        ticket = (await r.json())["ticket"]
    loop = asyncio.get_running_loop()
    websocket = await http.ws_connect(
        f"ws://127.0.0.1:{port}/ws/{ticket}?width=80&height=24", origin=origin
    )
    opened, seen = loop.time(), bytearray()
    while SCREEN_TEXT not in seen:
        message = await websocket.receive(timeout=30)
        if message.type is aiohttp.WSMsgType.BINARY:
            seen += message.data
    return websocket, loop.time() - opened


async def _ssh(port: int, code: str) -> tuple[asyncssh.SSHClientConnection, float]:
    connection = await asyncssh.connect(
        "127.0.0.1",
        port,
        known_hosts=None,
        username="p",
        password=code,
        client_keys=None,
        config=None,
        agent_path=None,
    )
    loop = asyncio.get_running_loop()
    opened = loop.time()
    process = await connection.create_process(
        term_type="xterm-256color", term_size=(80, 24), encoding=None
    )
    seen = bytearray()
    while SCREEN_TEXT not in seen:
        seen += await asyncio.wait_for(process.stdout.read(65536), 30)
    return connection, loop.time() - opened


async def _measure(connections: int) -> WebFigures:
    server = _Server(2 * connections + 2)
    codes = server.info["codes"]
    try:
        async with aiohttp.ClientSession() as http:
            # One of each first: the first app in a process pays for what later ones share.
            await _browser(http, server.info["web"], codes.pop())
            await _ssh(server.info["ssh"], codes.pop())
            await asyncio.sleep(0.5)
            base = server.rss_kb()
            browsers = [await _browser(http, server.info["web"], c) for c in codes[:connections]]
            await asyncio.sleep(0.5)
            after_web = server.rss_kb()
            terminals = [await _ssh(server.info["ssh"], c) for c in codes[connections:]]
            await asyncio.sleep(0.5)
            after_ssh = server.rss_kb()
            for websocket, _ in browsers:
                await websocket.close()
            for connection, _ in terminals:
                connection.close()
    finally:
        server.stop()
    return WebFigures(
        web_first_frame=statistics.median(took for _, took in browsers),
        ssh_first_frame=statistics.median(took for _, took in terminals),
        web_kb=(after_web - base) / connections,
        ssh_kb=(after_ssh - after_web) / connections,
        connections=connections,
    )


def measure_web(connections: int = 3) -> WebFigures:
    """First frame and memory per connection, browser against SSH, in one server process."""
    return asyncio.run(_measure(connections))


if __name__ == "__main__":
    print(measure_web())

"""The browser benchmarks, against SSH in the same run: one server process (``web_server.py``)
hosting a live session over SSH and on the partners' page; clients in this process.

web-first-frame
    From the websocket opening (the page's ticket already taken) to the partner's first full
    screen, median over the partners; against the same from an SSH session channel opening.
    Target: 1.3x the SSH figure.
web-memory
    The server's resident memory for each extra browser connection (growth over N of them,
    divided by N); against the same for SSH connections. Target: 2 MB (printed with it).
web-echo
    As ``ssh_serve.py`` measures it, with real ``vp-tui serve --web`` processes, one per
    session of 8 partners (3 of them: 24 partners): a partner presses a rating key, the time
    until the frame that shows the rating reaches them, p95 over every key of every partner,
    each at their own pace. Measured for 24 browser partners, then for 24 SSH partners on
    fresh servers in the same run. Budget: 50 ms.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncssh

from ssh import KEYS
from ssh import Client as SshClient
from ssh import connect as ssh_connect
from ssh_serve import PARTNERS, Serve, _free_port, _fresh, _p95

BENCH = Path(__file__).resolve().parent

ECHO_BUDGET = 0.050
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


class WebServe(Serve):
    """One ``vp-tui serve --web`` process (as ``Serve``, its console on a pseudo-terminal)."""

    def __init__(self, folder: Path, number: int) -> None:
        self.path = folder / f"bench-{number}.toml"
        from vp_tui.storage import save_session

        save_session(_fresh(number), self.path)
        self.port = _free_port()
        self.web_port = _free_port()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        command = [sys.executable, "-m", "vp_tui", "serve", str(self.path)]
        command += ["--port", str(self.port), "--web", "--web-port", str(self.web_port)]
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
            cwd=folder,
        )
        os.close(slave)
        self.master = master
        self.screen = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.codes_file = folder / ".vp-tui" / "codes" / f"{self.path.stem}.json"


class BrowserClient:
    """One partner's browser tab (the protocol textual.js speaks), and what it has received."""

    def __init__(
        self, http: aiohttp.ClientSession, websocket: aiohttp.ClientWebSocketResponse
    ) -> None:
        self.http = http
        self.websocket = websocket
        self.received = bytearray()
        self.arrived = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            if message.type is aiohttp.WSMsgType.BINARY:
                self.received += message.data
                self.arrived.set()

    async def press(self, key: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", key]))

    async def wait_for(self, marker: bytes, start: int, timeout: float = 10.0) -> None:
        while marker not in self.received[start:]:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), timeout)

    async def close(self) -> None:
        await self.websocket.close()
        self._reader.cancel()


async def _join(http: aiohttp.ClientSession, port: int, code: str) -> BrowserClient:
    origin = f"http://127.0.0.1:{port}"
    async with http.post(f"{origin}/join", json={"code": code}, headers={"Origin": origin}) as r:
        ticket = (await r.json())["ticket"]
    websocket = await http.ws_connect(
        f"ws://127.0.0.1:{port}/ws/{ticket}?width=80&height=24", origin=origin
    )
    return BrowserClient(http, websocket)


async def _start(folder: Path, number: int) -> tuple[WebServe, list[str]]:
    """A serve process and its codes, tried again should it not start (a port taken
    between choosing it and listening on it)."""
    for attempt in range(3):
        serve = WebServe(folder, number)
        try:
            return serve, await serve.ready()
        except RuntimeError as error:
            serve.stop()
            if attempt == 2:
                raise
            print(f"starting again: {error}", file=sys.stderr)
    raise AssertionError("unreachable")


async def _echoes(folder: Path, sessions: int, browsers: bool) -> list[float]:
    """Every rating key's echo, for 8 partners in each of ``sessions`` serve processes."""
    started = [await _start(folder, number) for number in range(sessions)]
    serves = [serve for serve, _ in started]
    codes = [group for _, group in started]
    http = aiohttp.ClientSession()
    try:
        await asyncio.sleep(1.0)
        everyone: list[BrowserClient | SshClient] = []
        for serve, group in zip(serves, codes, strict=True):
            for code in group[:PARTNERS]:
                if browsers:
                    everyone.append(await _join(http, serve.web_port, code))
                else:
                    everyone.append(await ssh_connect(serve.port, code))
        await asyncio.gather(*(c.wait_for(b"Hello", 0, 30) for c in everyone))
        for serve in serves:
            serve.press("s")  # open the first round
        await asyncio.gather(*(c.wait_for(b"Anticipated value", 0, 30) for c in everyone))
        await asyncio.sleep(1.0)
        echoes: list[float] = []
        chooser = random.Random(24)

        async def rate(client: BrowserClient | SshClient) -> None:
            await asyncio.sleep(chooser.uniform(0, 0.6))
            for key in range(KEYS):
                start = len(client.received)
                digit = str((key % 9) + 1)
                began = time.perf_counter()
                if isinstance(client, BrowserClient):
                    await client.press(digit)
                else:
                    client.process.stdin.write(digit.encode())
                await client.wait_for(f"[{digit}]".encode(), start)
                echoes.append(time.perf_counter() - began)
                await asyncio.sleep(chooser.uniform(0.2, 0.6))

        await asyncio.gather(*(rate(client) for client in everyone))
        for client in everyone:
            await client.close()
        return echoes
    finally:
        await http.close()
        for serve in serves:
            serve.stop()


@dataclass
class EchoFigures:
    partners: int
    web_p95: float
    ssh_p95: float
    keys: int


async def _measure_echo(sessions: int) -> EchoFigures:
    with tempfile.TemporaryDirectory(prefix="vp-tui-web-bench-") as name:
        folder = Path(name)
        (folder / "web").mkdir()
        (folder / "ssh").mkdir()
        web = await _echoes(folder / "web", sessions, browsers=True)
        ssh = await _echoes(folder / "ssh", sessions, browsers=False)
    return EchoFigures(sessions * PARTNERS, _p95(web), _p95(ssh), len(web))


def measure_echo(sessions: int = 3) -> EchoFigures:
    """Key echo p95, browser partners against SSH partners, ``sessions`` serves of 8 each."""
    return asyncio.run(_measure_echo(sessions))


def report() -> None:
    figures = measure_web()
    print(
        f"first frame: web {figures.web_first_frame * 1000:.1f} ms, "
        f"ssh {figures.ssh_first_frame * 1000:.1f} ms, "
        f"ratio {figures.web_first_frame / figures.ssh_first_frame:.2f} (target 1.3)"
    )
    print(
        f"memory per connection: web {figures.web_kb / 1024:.2f} MB, "
        f"ssh {figures.ssh_kb / 1024:.2f} MB (target 2 MB for web)"
    )
    echo = measure_echo()
    print(
        f"key echo p95, {echo.partners} partners ({echo.keys} keys): "
        f"web {echo.web_p95 * 1000:.1f} ms, ssh {echo.ssh_p95 * 1000:.1f} ms, "
        f"ratio {echo.web_p95 / echo.ssh_p95:.2f} (budget {ECHO_BUDGET * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    report()

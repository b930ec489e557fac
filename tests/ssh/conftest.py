"""A tiny app served through the real PartnerServer, and asyncssh clients to talk to it."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import asyncssh
import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.driver import Driver
from textual.widgets import Static

from vp_tui.ssh.server import PartnerServer, ServeConfig

CODES = {"KQ7M-9XRT-H4": "ana", "W3CP-DEFG-7N": "ben"}
ANA_CODE = "kq7m 9xrt h4"  # typed carelessly: lower case, spaces instead of dashes
BEN_CODE = "W3CPDEFG7N"
WRONG_CODE = "AAAA-AAAA-AA"


class EchoApp(App[None]):
    """Shows whose app it is, how many keys it got and the last one, and its size.

    "x" raises (an app with a bug); "f" floods the screen with changing text.
    """

    def __init__(self, partner_id: str, driver_class: type[Driver]) -> None:
        super().__init__(driver_class=driver_class)
        self.partner_id = partner_id
        self.keys = 0
        self.flood = 0

    def compose(self) -> ComposeResult:
        yield Static(f"partner={self.partner_id} keys={self.keys}", id="keys", markup=False)
        yield Static("size=?", id="size", markup=False)
        yield Static("", id="flood", markup=False)

    def on_key(self, event: events.Key) -> None:
        if event.key == "x":
            raise RuntimeError("a bug in a partner's app")
        if event.key == "f":
            self.set_interval(1 / 60, self._flood)
        self.keys += 1
        self.query_one("#keys", Static).update(
            f"partner={self.partner_id} keys={self.keys} last={event.key}"
        )

    def on_resize(self, event: events.Resize) -> None:
        size = f"size={event.size.width}x{event.size.height}"
        for static in self.query("#size").results(Static):
            static.update(size)

    def _flood(self) -> None:
        self.flood += 1
        width, height = self.size
        text = "".join(chr(33 + (self.flood + cell) % 90) for cell in range(width * (height - 3)))
        self.query_one("#flood", Static).update(text)


@dataclass
class Served:
    """A running server, the connection changes it reported and every app it made."""

    server: PartnerServer
    changes: list[tuple[str, bool]] = field(default_factory=list)
    apps: weakref.WeakSet[App[Any]] = field(default_factory=weakref.WeakSet)

    @property
    def port(self) -> int:
        return self.server.port


@pytest.fixture
def base_config(tmp_path: Path) -> ServeConfig:
    """Small timeouts, so that a test never waits long."""
    return ServeConfig(
        port=0,
        state_dir=tmp_path / "state",
        codes=CODES,
        failure_delay=0.2,
        login_timeout=5.0,
        keepalive_interval=5.0,
        code_login_interval=0.05,  # tests log in with one code often (test_soak: 50 times)
    )


@pytest.fixture
async def serve(base_config: ServeConfig) -> AsyncIterator[Callable[..., Awaitable[Served]]]:
    """Start servers (closed at the end of the test); keyword arguments change the config."""
    running: list[Served] = []

    async def start(**changes: Any) -> Served:
        config = replace(base_config, **changes)
        served: Served | None = None

        def factory(partner_id: str, driver_class: type[Driver]) -> App[Any]:
            app = EchoApp(partner_id, driver_class)
            assert served is not None
            served.apps.add(app)
            return app

        server = PartnerServer(config, factory, lambda *change: served.changes.append(change))
        served = Served(server)
        await server.start()
        running.append(served)
        return served

    yield start
    for served in running:
        await served.server.close()


async def connect(port: int, code: str = ANA_CODE, **options: Any) -> asyncssh.SSHClientConnection:
    """An asyncssh client logged in with a code as its password (no keys, agent or config)."""
    options.setdefault("password", code)
    options.setdefault("agent_path", None)
    return await asyncssh.connect(
        "127.0.0.1",
        port,
        known_hosts=None,
        username="partner",
        client_keys=None,
        config=None,
        **options,
    )


class Terminal:
    """The client's side of an interactive session: everything the server sent, and keys."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes]) -> None:
        self.process = process
        self.output = bytearray()

    @classmethod
    async def open(
        cls,
        connection: asyncssh.SSHClientConnection,
        size: tuple[int, int] = (80, 24),
        term_type: str = "xterm-256color",
    ) -> Terminal:
        process = await connection.create_process(
            term_type=term_type, term_size=size, encoding=None
        )
        return cls(process)

    def press(self, keys: bytes) -> None:
        self.process.stdin.write(keys)

    async def wait_for(self, text: str, timeout: float = 10.0) -> None:
        """Read until the text has been drawn (or fail, showing the end of what was)."""
        wanted = text.encode()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while wanted not in self.output:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"{text!r} never shown; last output: {bytes(self.output[-600:])!r}"
                )
            try:
                data = await asyncio.wait_for(self.process.stdout.read(65536), remaining)
            except TimeoutError:
                continue
            if not data:
                raise AssertionError(
                    f"{text!r} never shown before the end: {bytes(self.output[-600:])!r}"
                )
            self.output += data

    async def read_to_end(self, timeout: float = 10.0) -> tuple[bytes, bytes, int | None]:
        """Everything left on stdout and stderr, and the exit status."""
        async with asyncio.timeout(timeout):
            rest = await self.process.stdout.read()
            errors = await self.process.stderr.read()
            await self.process.wait_closed()
        self.output += rest
        return bytes(self.output), errors, self.process.exit_status


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until check() holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "condition never held"
        await asyncio.sleep(0.02)


async def connect_from(
    address: str, port: int, code: str = ANA_CODE, **options: Any
) -> asyncssh.SSHClientConnection:
    """Like connect(), from another loopback address (another source to the server)."""
    return await connect(port, code, local_addr=(address, 0), **options)


def serve_log(served: Served) -> str:
    """What the server wrote to serve.log in its state folder."""
    return (served.server.config.state_dir / "serve.log").read_text(encoding="utf-8")

"""The real PartnerServer with its partners' page, and a browser speaking textual-serve's
protocol (aiohttp's websocket client) to talk to it, all on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from tests.ssh.conftest import ANA_CODE, Served, base_config, serve

__all__ = ["base_config", "serve"]  # the SSH tests' fixtures, used here too
from vp_tui.web.server import WebConfig, WebServer


@dataclass
class Hosted:
    """An SSH server and its partners' page, over one PartnerServer."""

    served: Served
    web: WebServer

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.web.port}"


@pytest.fixture
async def host_web(
    serve: Callable[..., Awaitable[Served]],
) -> AsyncIterator[Callable[..., Awaitable[Hosted]]]:
    """Start an SSH server and its page (closed at the end of the test)."""
    running: list[WebServer] = []

    async def start(**changes: Any) -> Hosted:
        served = await serve(**changes)
        web = WebServer(served.server, WebConfig(port=0))
        await web.start()
        running.append(web)
        return Hosted(served, web)

    yield start
    for web in running:
        await web.close()


class Browser:
    """A browser tab: joins with a code, then speaks textual-serve's protocol."""

    def __init__(self, hosted: Hosted, *, origin: str | None = None) -> None:
        self.hosted = hosted
        self.origin = hosted.origin if origin is None else origin
        self.http = aiohttp.ClientSession(headers={"Origin": self.origin})
        self.websocket: aiohttp.ClientWebSocketResponse | None = None
        self.output = bytearray()
        self.texts: list[Any] = []
        self.first_frame_at: float | None = None

    async def join(self, code: str = ANA_CODE) -> tuple[int, dict[str, Any]]:
        """POST the code as the page does: (status, answer)."""
        async with self.http.post(f"{self.hosted.origin}/join", json={"code": code}) as response:
            return response.status, await response.json()

    async def open(self, ticket: str, size: tuple[int, int] = (80, 24)) -> None:
        """Open the websocket as textual.js does (the size in the query)."""
        url = f"ws://127.0.0.1:{self.hosted.web.port}/ws/{ticket}"
        self.websocket = await self.http.ws_connect(
            url, params={"width": size[0], "height": size[1]}, origin=self.origin
        )

    async def join_and_open(self, code: str = ANA_CODE, size: tuple[int, int] = (80, 24)) -> None:
        status, answer = await self.join(code)
        assert status == 200, answer
        await self.open(answer["ticket"], size)

    async def send(self, *message: Any) -> None:
        assert self.websocket is not None
        await self.websocket.send_str(json.dumps(list(message)))

    async def press(self, keys: str) -> None:
        await self.send("stdin", keys)

    async def read(self, timeout: float) -> bool:
        """One message into output or texts; False once the websocket has closed."""
        assert self.websocket is not None
        message = await self.websocket.receive(timeout=timeout)
        if message.type is aiohttp.WSMsgType.BINARY:
            if self.first_frame_at is None:
                self.first_frame_at = asyncio.get_running_loop().time()
            self.output += message.data
        elif message.type is aiohttp.WSMsgType.TEXT:
            self.texts.append(json.loads(message.data))
        else:
            return False
        return True

    async def wait_for(self, text: str, timeout: float = 10.0) -> None:
        """Read until the text has been drawn (or fail, showing the end of what was)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while text.encode() not in self.output:
            remaining = deadline - loop.time()
            assert remaining > 0, f"{text!r} never shown; last: {bytes(self.output[-400:])!r}"
            try:
                if not await self.read(remaining):
                    raise AssertionError(f"{text!r} never shown before the end")
            except TimeoutError:
                continue

    async def wait_for_message(self, expected: Any, timeout: float = 10.0) -> None:
        """Read until the server has sent this JSON text message."""
        async with asyncio.timeout(timeout):
            while expected not in self.texts:
                assert await self.read(timeout), f"closed before {expected!r}"

    async def read_to_end(self, timeout: float = 10.0) -> bytes:
        """Everything until the server closes the websocket."""
        async with asyncio.timeout(timeout):
            while await self.read(timeout):
                pass
        return bytes(self.output)

    async def close(self) -> None:
        if self.websocket is not None:
            await self.websocket.close()
        await self.http.close()


@pytest.fixture
async def browsers() -> AsyncIterator[Callable[..., Browser]]:
    """Browser tabs, closed at the end of the test."""
    opened: list[Browser] = []

    def open_browser(hosted: Hosted, **options: Any) -> Browser:
        browser = Browser(hosted, **options)
        opened.append(browser)
        return browser

    yield open_browser
    for browser in opened:
        await browser.close()

"""The page and its websocket are bounded as SSH is: one connection per partner across both
transports, floods and oversized or malformed frames dropped, a strict page."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable

import aiohttp

from tests.ssh.conftest import Terminal, connect, eventually
from tests.web.conftest import Browser, Hosted
from vp_tui.ssh.lifecycle import REPLACED_BY_BROWSER_NOTICE, REPLACED_BY_TERMINAL_NOTICE


async def test_a_browser_join_replaces_the_ssh_connection_and_says_so(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    terminal = await Terminal.open(await connect(hosted.served.port))
    await terminal.wait_for("partner=ana keys=0")
    browser = browsers(hosted)
    await browser.join_and_open()
    await browser.wait_for("partner=ana keys=0")
    _, errors, _ = await terminal.read_to_end()
    assert REPLACED_BY_BROWSER_NOTICE.encode() in errors, errors
    assert hosted.served.server.connected["ana"] == 1
    assert any("joined from a browser" in line for line in hosted.served.server.log.recent)


async def test_an_ssh_join_replaces_the_browser_tab_and_says_so(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open()
    await browser.wait_for("partner=ana keys=0")
    terminal = await Terminal.open(await connect(hosted.served.port))
    await terminal.wait_for("partner=ana keys=0")
    shown = (await browser.read_to_end()).decode("utf-8", "replace")
    assert REPLACED_BY_TERMINAL_NOTICE in shown.replace("\r\n", " ")
    assert hosted.served.server.connected["ana"] == 1


async def closed_after(browser: Browser, *frames: str | bytes) -> bool:
    """Send frames as fast as possible; whether the server then closed the websocket."""
    websocket = browser.websocket
    assert websocket is not None
    try:
        for frame in frames:
            if isinstance(frame, bytes):
                await websocket.send_bytes(frame)
            else:
                await websocket.send_str(frame)
    except (ConnectionError, RuntimeError):
        return True
    try:
        await browser.read_to_end(timeout=10.0)
    except TimeoutError:
        return False
    return True


async def test_a_flood_of_messages_drops_the_browser(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open()
    await browser.wait_for("partner=ana keys=0")
    key = json.dumps(["stdin", "k"])
    assert await closed_after(browser, *([key] * 3000))
    await eventually(lambda: hosted.served.server.connected["ana"] == 0)


async def test_an_oversized_frame_drops_the_browser(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open()
    await browser.wait_for("partner=ana keys=0")
    assert await closed_after(browser, json.dumps(["stdin", "k" * 100_000]))
    await eventually(lambda: hosted.served.server.connected["ana"] == 0)


async def test_malformed_frames_drop_the_browser(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    for frame in (
        "not json",
        '["resize", {"width": "wide"}]',
        '["exec", "ls"]',
        b"\x00",
        "[" * 5000,
    ):
        browser = browsers(hosted)
        await browser.join_and_open()
        await browser.wait_for("partner=ana")
        assert await closed_after(browser, frame), frame
        await eventually(lambda: hosted.served.server.connected["ana"] == 0)


async def test_a_huge_terminal_is_drawn_at_500_by_200(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open(size=(60_000, 60_000))
    await browser.wait_for("size=500x200")


async def test_the_page_is_strict_and_needs_nothing_from_elsewhere(
    host_web: Callable[..., Awaitable[Hosted]],
) -> None:
    hosted = await host_web()
    async with aiohttp.ClientSession() as http:
        bodies = []
        for path in ("/", "/vp/join.js", "/vp/page.css", "/static/js/textual.js"):
            async with http.get(hosted.origin + path) as response:
                assert response.status == 200, path
                policy = response.headers["Content-Security-Policy"]
                bodies.append(await response.text())
        for directive in ("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"):
            assert directive in policy
        assert "default-src 'none'" in policy and "unsafe-eval" not in policy
        page, script, style = bodies[:3]
        assert not re.search(r"https?://|//fonts|<script>", page + script + style)
        assert 'src="vp/join.js"' in page and "sessionWebsocketUrl" in script
        async with http.get(hosted.origin + "/static/fonts/RobotoMono-VariableFont_wght.ttf") as r:
            assert r.status == 200
    await asyncio.sleep(0)

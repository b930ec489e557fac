"""The page behind a reverse proxy (the address and origin it counts), its options when they
cannot be served, and a browser dropped while its pongs or its last output are waiting."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.ssh.conftest import Served, eventually
from tests.web.conftest import Browser, Hosted
from vp_tui.ssh.terminal import OUTPUT_LIMIT
from vp_tui.web.server import WebConfig, WebServer
from vp_tui.web.session import BrowserSession

WRONG_CODE = "not-a-code"


@pytest.fixture
async def behind_proxy(
    serve: Callable[..., Awaitable[Served]],
) -> AsyncIterator[Callable[[str], Awaitable[Hosted]]]:
    """The page on 127.0.0.1 with a --web-public-url (a proxy in front, as the test says)."""
    running: list[WebServer] = []

    async def start(public_url: str) -> Hosted:
        served = await serve()
        web = WebServer(served.server, WebConfig(port=0, public_url=public_url))
        await web.start()
        running.append(web)
        return Hosted(served, web)

    yield start
    for web in running:
        await web.close()


async def join_forwarded(browser: Browser, *forwarded: str) -> int:
    """A wrong code, with one X-Forwarded-For header per value given: the status."""
    headers = [("X-Forwarded-For", value) for value in forwarded]
    url = f"{browser.hosted.origin}/join"
    async with browser.http.post(url, json={"code": WRONG_CODE}, headers=headers) as response:
        return response.status


async def test_behind_a_proxy_only_the_last_forwarded_address_counts(
    behind_proxy: Callable[[str], Awaitable[Hosted]],
    browsers: Callable[..., Browser],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="vp_tui.web.server")
    hosted = await behind_proxy("https://vp.example/")
    browser = browsers(hosted, origin="https://vp.example")
    # The client's own header first, the proxy's after it: the proxy's counts.
    assert await join_forwarded(browser, "10.9.9.9", "10.1.2.3") == 403
    assert "10.1.2.3: wrong join code" in caplog.text
    assert "10.9.9.9" not in caplog.text
    caplog.clear()
    # Appended to the client's in one header: the last item.
    assert await join_forwarded(browser, "10.9.9.9, 10.1.2.4 ") == 403
    assert "10.1.2.4: wrong join code" in caplog.text
    caplog.clear()
    # Not an address: it counts against the proxy itself.
    assert await join_forwarded(browser, "10.1.2.3", "unknown") == 403
    assert "127.0.0.1: wrong join code" in caplog.text
    assert "unknown" not in caplog.text


async def test_behind_a_proxy_the_origin_is_compared_as_browsers_send_it(
    behind_proxy: Callable[[str], Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await behind_proxy("https://VP.Example:443/workshop/")
    browser = browsers(hosted, origin="https://vp.example")
    status, answer = await browser.join()
    assert status == 200, answer
    await browser.open(answer["ticket"])
    await browser.wait_for("partner=ana")
    other = browsers(hosted, origin="https://vp.example:8443")
    status, _ = await other.join()
    assert status == 403


def serve_command(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    from tests.flows.conftest import write_session

    path = write_session(tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "vp_tui", "serve", "--port", "0", "--web", *options, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("cert_text", [None, "not a certificate\n"])
def test_a_tls_certificate_that_cannot_be_loaded_is_named_in_one_line(
    tmp_path: Path, cert_text: str | None
) -> None:
    cert, key = tmp_path / "page.crt", tmp_path / "page.key"
    if cert_text is not None:
        cert.write_text(cert_text)
        key.write_text(cert_text)
    done = serve_command(tmp_path, "--tls-cert", str(cert), "--tls-key", str(key))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert str(cert) in done.stderr and str(key) in done.stderr, done.stderr
    assert "cannot listen" not in done.stderr


def test_a_busy_page_port_is_named_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve_command(tmp_path, "--web-port", str(port))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert f"page cannot listen on 127.0.0.1 port {port}:" in done.stderr, done.stderr
    assert "port 0" not in done.stderr


async def the_session(hosted: Hosted) -> BrowserSession:
    await eventually(lambda: len(hosted.web._browsers) == 1)
    return next(iter(hosted.web._browsers))


async def test_a_dropped_browser_closes_without_a_cancelled_finish(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open()
    await browser.wait_for("partner=ana keys=0")
    session = await the_session(hosted)
    assert browser.websocket is not None
    key = json.dumps(["stdin", "k"])
    for _ in range(3000):  # past the allowance: dropped, its writer cancelled
        await browser.websocket.send_str(key)
    await eventually(lambda: session._closing is not None and session._closing.done())
    assert session._closing is not None
    assert not session._closing.cancelled()
    assert session._closing.exception() is None
    await eventually(lambda: hosted.served.server.connected["ana"] == 0)


async def test_pongs_to_a_browser_that_stops_reading_are_bounded(
    host_web: Callable[..., Awaitable[Hosted]],
    browsers: Callable[..., Browser],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open()
    await browser.wait_for("partner=ana keys=0")
    terminal = (await the_session(hosted)).web_terminal
    assert terminal is not None
    # ...and this tab never reads again, while pongs keep being queued for it.
    pong = json.dumps(["pong", "x" * 60_000])
    for _ in range(20 * OUTPUT_LIMIT // len(pong)):
        terminal.send_text(pong)
        if terminal.closed:
            break
        await asyncio.sleep(0.005)
    assert terminal.closed
    await eventually(lambda: hosted.served.server.connected["ana"] == 0)
    assert "stopped reading its screen" in caplog.text

"""A partner joins from a browser: the page's code for a ticket, then the app on a websocket."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
import asyncssh
import pytest

from tests.ssh.conftest import ANA_CODE, WRONG_CODE, connect
from tests.web.conftest import Browser, Hosted
from vp_tui.web import tickets
from vp_tui.web.server import WRONG


async def test_a_browser_joins_types_resizes_and_pings(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open(size=(90, 30))
    await browser.wait_for("partner=ana keys=0")
    await browser.wait_for("size=90x30")
    await browser.press("k")
    await browser.wait_for("keys=1 last=k")
    await browser.send("resize", {"width": 100, "height": 40})
    await browser.wait_for("size=100x40")
    await browser.send("ping", "12345")
    await browser.wait_for_message(["pong", "12345"])
    assert hosted.served.server.connected["ana"] == 1
    assert ("ana", True) in hosted.served.changes


async def test_the_code_never_appears_in_a_url_or_a_log_line(
    host_web: Callable[..., Awaitable[Hosted]],
    browsers: Callable[..., Browser],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    hosted = await host_web()
    browser = browsers(hosted)
    status, answer = await browser.join()
    assert status == 200 and set(answer) == {"ticket"}
    await browser.open(answer["ticket"])
    await browser.wait_for("partner=ana keys=0")
    assert browser.websocket is not None
    await browser.join(WRONG_CODE)
    serve_log = (hosted.served.server.config.state_dir / "serve.log").read_text()
    assert "wrong join code" in serve_log
    shapes = {ANA_CODE, ANA_CODE.upper(), "KQ7M9XRTH4", "KQ7M-9XRT-H4", WRONG_CODE, "AAAAAAAAAA"}
    for text in (caplog.text, serve_log, answer["ticket"]):
        assert not any(shape.lower() in text.lower() for shape in shapes)


async def test_a_ticket_opens_one_websocket_once_and_only_for_seconds(
    host_web: Callable[..., Awaitable[Hosted]],
    browsers: Callable[..., Browser],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hosted = await host_web()
    browser = browsers(hosted)
    _, answer = await browser.join()
    await browser.open(answer["ticket"])
    await browser.wait_for("partner=ana")
    again = browsers(hosted)
    with pytest.raises(aiohttp.WSServerHandshakeError) as reused:
        await again.open(answer["ticket"])
    assert reused.value.status == 403

    monkeypatch.setattr(tickets, "TICKET_SECONDS", 0.05)
    late = browsers(hosted)
    _, answer = await late.join()
    await asyncio.sleep(0.2)
    with pytest.raises(aiohttp.WSServerHandshakeError) as expired:
        await late.open(answer["ticket"])
    assert expired.value.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await late.open("made-up-ticket")


async def test_another_origin_is_refused_for_the_join_and_the_websocket(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web()
    good = browsers(hosted)
    _, answer = await good.join()
    evil = browsers(hosted, origin="http://evil.example")
    status, refusal = await evil.join()
    assert status == 403 and "ticket" not in refusal
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await evil.open(answer["ticket"])
    assert refused.value.status == 403


async def test_wrong_codes_from_the_page_count_against_the_address_over_ssh_too(
    host_web: Callable[..., Awaitable[Hosted]], browsers: Callable[..., Browser]
) -> None:
    hosted = await host_web(penalty_per_failure=6.0, penalty_threshold=10.0)
    browser = browsers(hosted)
    loop = asyncio.get_running_loop()
    started = loop.time()
    status, answer = await browser.join(WRONG_CODE)
    assert status == 403 and answer["error"] == WRONG
    assert loop.time() - started >= 0.2  # slowed as over SSH (failure_delay)
    status, answer = await browser.join(WRONG_CODE)
    assert status == 429 and "too many wrong join codes" in answer["error"]
    # The same address over SSH, even with the right code, is refused now...
    with pytest.raises(asyncssh.DisconnectError, match="too many wrong join codes"):
        await connect(hosted.served.port)
    # ...and so is the right code from the page.
    status, answer = await browser.join()
    assert status == 429 and "ticket" not in answer

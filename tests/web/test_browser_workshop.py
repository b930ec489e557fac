"""The workshop with one partner in a browser and one over SSH, rating at once."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pyte
import pytest

from tests.ssh.conftest import Served, Terminal, connect
from tests.ssh.test_hosted_workshop import CODES, RATING, hosted, shows
from tests.web.conftest import Browser, Hosted
from vp_tui.live.session import LiveSession
from vp_tui.web.server import WebConfig, WebServer

__all__ = ["hosted"]


def browser_screen(browser: Browser) -> str:
    screen = pyte.Screen(80, 24)
    pyte.ByteStream(screen).feed(bytes(browser.output))
    return "\n".join(screen.display)


async def browser_shows(browser: Browser, text: str, timeout: float = 10.0) -> str:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in (shown := browser_screen(browser)):
        assert loop.time() < deadline, f"{text!r} not in the browser:\n{shown}"
        try:
            await browser.read(0.2)
        except TimeoutError:
            continue
    return shown


@pytest.fixture
async def web_partner(hosted: LiveSession) -> AsyncIterator[Browser]:
    server = hosted.server
    web = WebServer(server, WebConfig(port=0))
    await web.start()
    browser = Browser(Hosted(Served(server), web))
    yield browser
    await browser.close()
    await web.close()


async def test_a_browser_partner_and_an_ssh_partner_rate_at_once(
    hosted: LiveSession, web_partner: Browser
) -> None:
    live = hosted
    server = live.server
    ana_code = next(code for code, who in CODES.items() if who == "ana")
    ben_code = next(code for code, who in CODES.items() if who == "ben")
    await web_partner.join_and_open(ana_code)
    ben = await Terminal.open(await connect(server.port, ben_code))
    await browser_shows(web_partner, "Hello")
    await shows(ben, "Hello")
    assert server.connected["ana"] == 1 and server.connected["ben"] == 1
    live.open_round("anticipated")
    await browser_shows(web_partner, "13 of 13 left")
    await shows(ben, "13 of 13 left")
    count = len(live.session.benefits) + len(live.session.costs)
    await web_partner.press(RATING["ana"] * count)
    ben.press(RATING["ben"].encode() * count)
    ana_screen = await browser_shows(web_partner, "1 of 13 left")
    ben_screen = await shows(ben, "1 of 13 left")
    assert f"[{RATING['ana']}]" in ana_screen and f"[{RATING['ben']}]" not in ana_screen
    assert f"[{RATING['ben']}]" in ben_screen and f"[{RATING['ana']}]" not in ben_screen
    assert live.session.benefits[0].ratings["ana"] == int(RATING["ana"])
    assert live.session.benefits[0].ratings["ben"] == int(RATING["ben"])
    live.set_phase("reveal")
    await browser_shows(web_partner, "1 Summary")
    await shows(ben, "1 Summary")


def test_serving_without_web_does_not_import_aiohttp() -> None:
    code = (
        "import sys, vp_tui.cli, vp_tui.serve, vp_tui.ssh.server, vp_tui.ui.partner_app;"
        "print(sorted(m for m in sys.modules if m.startswith(('aiohttp', 'vp_tui.web'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_page_on_a_network_address_without_tls_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    from tests.flows.conftest import write_session

    path = write_session(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "vp_tui", "serve", "--web", "--web-host", "0.0.0.0", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "without TLS" in done.stderr, done.stderr

"""A real browser: headless Chromium opens the partners' page, types the join code into its
field, and rates with real key events; the ratings reach the live session and its file."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.driver import Driver

from tests.flows.conftest import write_session
from tests.ssh.conftest import eventually
from tests.ssh.test_hosted_workshop import CODES
from tests.web.cdp import chromium, chromium_path, join
from vp_tui.live.session import LiveSession
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.ssh.server import PartnerServer, ServeConfig
from vp_tui.storage import read_session, save_session
from vp_tui.ui.partner_app import PartnerApp
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.web.server import WebConfig, WebServer

pytestmark = pytest.mark.skipif(
    chromium_path() is None, reason="chromium is not installed (CI installs it)"
)
ANA_CODE = next(code for code, who in CODES.items() if who == "ana")


class Workshop:
    """A live session in its first round, hosted over SSH and on the partners' page."""

    def __init__(self, live: LiveSession, server: PartnerServer, web: WebServer) -> None:
        self.live = live
        self.server = server
        self.web = web
        self.apps: list[App[Any]] = []


@pytest.fixture
async def workshop(tmp_path: Path, base_config: ServeConfig) -> AsyncIterator[Workshop]:
    session = new_session(
        builtin_templates()["business"],
        title="In a browser",
        partners=[("ana", "Ana"), ("ben", "Ben")],
        facilitator="Lynda",
        created=read_session(write_session(tmp_path)).created,
    )
    session.phase = "rating"
    path = tmp_path / "browser.toml"
    save_session(session, path)
    live = LiveSession.open(path)
    live.open_round("anticipated")
    apps: list[App[Any]] = []

    def factory(partner: str, driver: type[Driver]) -> App[Any]:
        app = PartnerApp(live, partner, driver_class=driver)
        apps.append(app)
        return app

    server = PartnerServer(replace(base_config, codes=CODES), factory)
    await server.start()
    web = WebServer(server, WebConfig(port=0))
    await web.start()
    found = Workshop(live, server, web)
    found.apps = apps
    yield found
    await web.close()
    await server.close()
    live.close()


async def test_chromium_joins_with_the_code_and_rates_with_real_keys(
    workshop: Workshop, tmp_path: Path
) -> None:
    live = workshop.live
    url = f"http://127.0.0.1:{workshop.web.port}/"
    async with asyncio.timeout(180), chromium(tmp_path / "profile") as page:
        await page.navigate(url)
        await page.wait_true("document.activeElement && document.activeElement.id === 'code'")
        shown = await page.evaluate("document.body.innerText")
        assert "Ctrl+W" in shown and "F5" in shown, shown
        await page.screenshot(tmp_path / "join.png")

        await join(page, url, ANA_CODE)
        await eventually(lambda: workshop.server.connected["ana"] == 1, timeout=60)
        await eventually(
            lambda: bool(workshop.apps) and isinstance(workshop.apps[-1].screen, TurnScreen),
            timeout=60,
        )
        await asyncio.sleep(0.5)  # the turn's first frame on its way to the page
        benefits = live.session.benefits
        await page.key("7")
        await eventually(lambda: benefits[0].ratings.get("ana") == 7, timeout=30)
        await page.key("3")
        await eventually(lambda: benefits[1].ratings.get("ana") == 3, timeout=30)
        await page.key("t")  # ten, typed as xterm.js sends it
        await eventually(lambda: benefits[2].ratings.get("ana") == 10, timeout=30)
        await asyncio.sleep(1.0)  # the frame showing them drawn in the page
        shot = await page.screenshot(tmp_path / "rated.png")

    live.flush()
    saved = read_session(live.path)
    assert [saved.benefits[i].ratings.get("ana") for i in range(3)] == [7, 3, 10]
    assert "ben" not in saved.benefits[0].ratings
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000

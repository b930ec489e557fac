"""A browser that stops reading is dropped as an SSH client is; a browser whose network drops
joins again with a new ticket and comes back to the same turn."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import pytest

from tests.ssh.conftest import Served, eventually
from tests.ssh.test_hosted_workshop import CODES, hosted
from tests.web.conftest import Browser, Hosted
from tests.web.test_browser_workshop import browser_shows, web_partner
from vp_tui.live.session import LiveSession
from vp_tui.model.flow import Turn, missing_in_turn
from vp_tui.ssh.terminal import OUTPUT_LIMIT

__all__ = ["hosted", "web_partner"]


async def test_a_browser_that_stops_reading_is_dropped(
    host_web: Callable[..., Awaitable[Hosted]],
    browsers: Callable[..., Browser],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    hosted = await host_web()
    browser = browsers(hosted)
    await browser.join_and_open(size=(300, 100))
    await browser.wait_for("partner=ana")
    await browser.press("f")  # the app redraws its whole screen at 60 frames a second
    # ...and this tab never reads again: its socket fills, then the server's queue does.
    await eventually(lambda: hosted.served.server.connected["ana"] == 0, timeout=30.0)
    assert "stopped reading its screen" in caplog.text
    assert f"over {OUTPUT_LIMIT // 1024} KiB waiting" in caplog.text
    # The connection is cut: what was already in flight arrives, then the end.
    await browser.read_to_end(timeout=30.0)


async def test_a_dropped_browser_joins_again_and_comes_back_to_the_same_turn(
    hosted: LiveSession, web_partner: Browser
) -> None:
    live = hosted
    server = live.server  # type: ignore[attr-defined]
    code = next(code for code, who in CODES.items() if who == "ben")
    await web_partner.join_and_open(code)
    live.open_round("anticipated")
    await browser_shows(web_partner, "13 of 13 left")
    await web_partner.press("56")
    await browser_shows(web_partner, "11 of 13 left")
    rated = dict(live.session.benefits[0].ratings), dict(live.session.benefits[1].ratings)
    assert rated == ({"ben": 5}, {"ben": 6})
    # The network drops: the connection goes without a websocket close.
    await web_partner.http.close()
    await eventually(lambda: server.connected["ben"] == 0)

    again = Browser(Hosted(Served(server), web_partner.hosted.web))
    try:
        await again.join_and_open(code)  # the page posts the code kept in the tab again
        shown = await browser_shows(again, "11 of 13 left")
        assert "[5]" in shown and "[6]" in shown, shown
        assert server.connected["ben"] == 1
        assert len(missing_in_turn(live.session, Turn("anticipated", "ben"))) == 11
        await again.press("7")
        await browser_shows(again, "10 of 13 left")
        assert live.session.benefits[2].ratings == {"ben": 7}
    finally:
        await again.close()
    await asyncio.sleep(0)

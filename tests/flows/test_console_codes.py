"""The console on a shared screen: join codes hidden until the facilitator shows one partner's,
and the server's lines (refusals, wrong codes) under the table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import screen_text
from tests.flows.conftest import frozen_clock, write_session
from vp_tui.live.session import LiveSession
from vp_tui.ui.console_app import ConsoleApp
from vp_tui.ui.screens.console import Hosting

CODES = {"ana": "AAAA-BBBB-CC", "ben": "DDDD-EEEE-FF", "cleo": "GGGG-HHHH-JJ"}


@pytest.fixture
def live(sessions_dir: Path) -> Iterator[LiveSession]:
    path = write_session(sessions_dir, partners=("ana", "ben", "cleo"), phase="rating")
    session = LiveSession.open(path, clock=frozen_clock)
    yield session
    session.close()


def shown_codes(app: ConsoleApp) -> list[str]:
    text = screen_text(app)
    return [partner for partner, code in CODES.items() if code in text]


async def test_codes_are_hidden_until_shown_one_partner_at_a_time(live: LiveSession) -> None:
    hosting = Hosting(
        codes=CODES, address="ssh -p 2222 host", fingerprint="SHA256:x", connected=dict
    )
    app = ConsoleApp(live, hosting)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown_codes(app) == []
        assert "••••-••••-••" in screen_text(app)
        await pilot.press("c")  # the partner on the cursor's row: the first
        await pilot.pause()
        assert shown_codes(app) == ["ana"]
        await pilot.press("down", "c")  # another's: the first is hidden again
        await pilot.pause()
        assert shown_codes(app) == ["ben"]
        await pilot.press("c")  # and hidden
        await pilot.pause()
        assert shown_codes(app) == []


async def test_the_servers_latest_lines_are_shown_under_the_table(live: LiveSession) -> None:
    lines: list[str] = []
    hosting = Hosting(
        codes=CODES,
        address="ssh -p 2222 host",
        fingerprint="SHA256:x",
        connected=dict,
        notices=lambda: lines,
    )
    app = ConsoleApp(live, hosting)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for number in range(1, 6):
            lines.append(f"10:00:0{number} 192.0.2.{number}: wrong join code [b]x[/b]")
            app.server_notice(lines[-1])
        await pilot.pause()
        text = screen_text(app)
        assert "192.0.2.5: wrong join code [b]x[/b]" in text  # shown as typed, no markup
        assert "192.0.2.3" in text
        assert "192.0.2.2" not in text  # the latest three

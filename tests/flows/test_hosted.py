"""A hosted session without the network: partner apps and the facilitator's console sharing one
live session, as the SSH server runs them (one app per connection, one event loop)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import screen_text
from tests.flows.conftest import frozen_clock, write_session
from tests.flows.test_whole_session import deal_keys, on_screen, type_quickly
from vp_tui.live.session import LiveSession
from vp_tui.model.flow import ROUNDS, Round, Turn, missing_in_turn
from vp_tui.model.templates import builtin_templates
from vp_tui.storage import read_session
from vp_tui.ui.console_app import ConsoleApp
from vp_tui.ui.partner_app import PartnerApp
from vp_tui.ui.screens.brings_turn import BringsTurnScreen, SuggestionList
from vp_tui.ui.screens.console import ConsoleScreen, Hosting
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.screens.review import ReviewScreen
from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.reveal_tabs import RevealTabs
from vp_tui.ui.widgets.waiting_panel import WaitingPanel

PARTNERS = ("ana", "ben", "cleo")
CODES = {"ana": "AAAA-BBBB-CC", "ben": "DDDD-EEEE-FF", "cleo": "GGGG-HHHH-JJ"}


@pytest.fixture
def live(sessions_dir: Path) -> Iterator[LiveSession]:
    path = write_session(sessions_dir, partners=PARTNERS, phase="rating")
    session = LiveSession.open(path, clock=frozen_clock)
    yield session
    session.close()


def console(live: LiveSession, connected: dict[str, int] | None = None) -> ConsoleApp:
    hosting = Hosting(
        codes=CODES,
        address="ssh -p 2222 workshop.example",
        fingerprint="SHA256:test",
        connected=lambda: connected or {},
    )
    return ConsoleApp(live, hosting)


def waits(app: Any) -> bool:
    """Whether a partner's screen is the waiting one (between rounds, or a curtain over the
    reveal made ahead of it)."""
    return any(panel.display for panel in app.screen.query(WaitingPanel))


async def settle(*pilots: Pilot[Any]) -> None:
    for pilot in pilots:
        await pilot.pause()


def shows_a_rating(screen: object, text: str) -> bool:
    """Whether a screen shows a rating: a chosen one on a turn ("[7]"), any figure while
    waiting (the progress shows only ticks)."""
    above_keys = text.rsplit("\n", 1)[0]
    if isinstance(screen, TurnScreen):
        return "[" in above_keys
    return any(character.isdigit() for character in above_keys)


async def take_turn(pilot: Pilot[Any], round_name: Round, rating: int) -> None:
    """One partner's whole turn in a round, by keys."""
    screen = await on_screen(pilot, TurnScreen)
    live = screen.live
    if round_name == "anticipated":
        count = len(live.session.benefits) + len(live.session.costs)
        await type_quickly(pilot, [str(rating)] * count + deal_keys(0))
    elif round_name == "values":
        await type_quickly(pilot, [str(rating)] * len(live.session.values))
    elif round_name == "brings":
        await type_quickly(pilot, list("Time"))
        await pilot.press("enter")
    else:
        await type_quickly(pilot, [str(rating)] * len(live.session.partners))
    # Finish: the review of the partner's own answers, then finish from it.
    await pilot.press("ctrl+s" if round_name == "brings" else "f")
    await on_screen(pilot, ReviewScreen)
    await pilot.press("f")


async def test_partners_rate_at_once_in_private_and_all_see_the_reveal(
    live: LiveSession,
) -> None:
    async with AsyncExitStack() as stack:
        host = await stack.enter_async_context(console(live).run_test(size=(80, 24)))
        pilots = {
            partner: await stack.enter_async_context(
                PartnerApp(live, partner).run_test(size=(80, 24))
            )
            for partner in PARTNERS
        }
        await settle(host, *pilots.values())
        for pilot in pilots.values():  # nothing open yet: everyone waits
            assert waits(pilot.app)
            assert "will open the first round" in screen_text(pilot.app)
        assert isinstance(host.app.screen, ConsoleScreen)
        # Codes are hidden until the facilitator shows one (c, on the highlighted partner).
        assert "AAAA-BBBB-CC" not in screen_text(host.app)
        await host.press("c")
        assert "AAAA-BBBB-CC" in screen_text(host.app)
        await host.press("c")

        for number, round_name in enumerate(ROUNDS):
            await host.press("s")  # the facilitator opens the round
            await settle(host, *pilots.values())
            for partner, pilot in pilots.items():
                await take_turn(pilot, round_name, number + 3 + PARTNERS.index(partner))
                await settle(*pilots.values())
                assert waits(pilot.app), screen_text(pilot.app)
                # The others' screens show who finished, never a rating.
                for other in pilots.values():
                    assert not shows_a_rating(other.app.screen, screen_text(other.app))
            await settle(host)
        await settle(host)
        assert "press r to reveal" in screen_text(host.app)
        await host.press("r")
        await settle(host, *pilots.values())
        await settle(*pilots.values())
        for pilot in [host, *pilots.values()]:
            assert isinstance(pilot.app.screen, EqualityScreen), screen_text(pilot.app)
        # A partner looks but does not finish the session or write notes.
        await pilots["ana"].press("f", "n")
        await settle(pilots["ana"])
        assert isinstance(pilots["ana"].app.screen, EqualityScreen)
        assert live.session.phase == "reveal"
    live.flush()
    saved = read_session(live.path)  # type: ignore[arg-type]
    assert saved.model_dump() == live.session.model_dump()


async def test_a_round_opens_only_when_everyone_finished_the_one_before(
    live: LiveSession,
) -> None:
    async with AsyncExitStack() as stack:
        host = await stack.enter_async_context(console(live).run_test(size=(80, 24)))
        ana = await stack.enter_async_context(PartnerApp(live, "ana").run_test(size=(80, 24)))
        await host.press("s")
        await settle(host, ana)
        await take_turn(ana, "anticipated", 5)
        await settle(host, ana)
        await host.press("s")  # ben and cleo are still rating: nothing opens
        await settle(host, ana)
        assert waits(ana.app)
        assert "Still rating: Ben, Cleo" in screen_text(host.app)


async def test_a_partner_who_pauses_goes_back_to_the_same_turn(live: LiveSession) -> None:
    async with AsyncExitStack() as stack:
        host = await stack.enter_async_context(console(live).run_test(size=(80, 24)))
        ben = await stack.enter_async_context(PartnerApp(live, "ben").run_test(size=(80, 24)))
        await host.press("s")
        await settle(host, ben)
        await on_screen(ben, TurnScreen)
        await ben.press("7", "escape")
        await settle(ben)
        assert waits(ben.app)
        assert "Paused" in screen_text(ben.app)
        await ben.press("enter")
        screen = await on_screen(ben, TurnScreen)
        await settle(ben)
        assert live.session.benefits[0].ratings == {"ben": 7}
        assert screen.turn.round == "anticipated"


async def test_the_console_shows_who_is_connected(live: LiveSession) -> None:
    connected = {"ana": 1}
    app = console(live, connected)
    async with app.run_test(size=(80, 24)) as host:
        await settle(host)
        lines = screen_text(app).splitlines()
        assert any("Ana" in line and "● here" in line for line in lines)
        assert any("Ben" in line and "○ away" in line for line in lines)
        connected["ben"] = 1
        app.connection_changed("ben", True)
        await settle(host)
        lines = screen_text(app).splitlines()
        assert any("Ben" in line and "● here" in line for line in lines)


async def test_a_turn_still_open_at_the_reveal_gives_way_to_the_equality_view(
    live: LiveSession,
) -> None:
    async with AsyncExitStack() as stack:
        host = await stack.enter_async_context(console(live).run_test(size=(80, 24)))
        cleo = await stack.enter_async_context(PartnerApp(live, "cleo").run_test(size=(80, 24)))
        await host.press("s")
        await settle(host, cleo)
        await on_screen(cleo, TurnScreen)
        live.set_phase("reveal")
        await settle(cleo)
        assert await on_screen(cleo, EqualityScreen)


async def test_the_reveal_made_ahead_shows_nothing_until_the_reveal(live: LiveSession) -> None:
    async with AsyncExitStack() as stack:
        host = await stack.enter_async_context(console(live).run_test(size=(80, 24)))
        ana = await stack.enter_async_context(PartnerApp(live, "ana").run_test(size=(80, 24)))
        for number, round_name in enumerate(ROUNDS):
            live.open_round(round_name)
            await settle(host, ana)
            await take_turn(ana, round_name, 4 + number)
            for other in ("ben", "cleo"):  # the others answer too (not by keys here)
                answer_round(live, other, round_name)
            await settle(host, ana)
        made_ahead = [s for s in ana.app.screen_stack if isinstance(s, EqualityScreen)]
        assert len(made_ahead) == 1 and made_ahead[0].curtained
        # It is on show, the waiting panel a curtain over the whole of it, and no key
        # reaches the view beneath.
        assert ana.app.screen is made_ahead[0] and waits(ana.app)
        curtain = made_ahead[0].query_one("#eq-curtain")
        assert curtain.display and curtain.region.size == made_ahead[0].size
        table = made_ahead[0].query_one("#summary-table", ItemTable)
        await ana.press("down", "2", "tab", "enter", "n", "down")
        await settle(ana)
        assert not {"Show Summary", "Write a note", "Maximize"} & palette(ana.app)
        made_ahead[0].action_maximize()  # as the palette would, were it offered
        await ana.click(offset=(33, 1))  # where the tab "3 Values" is
        await settle(ana)
        assert made_ahead[0].maximized is None and waits(ana.app)
        text = screen_text(ana.app)
        assert "Hello Ana" in text and "Summary" not in text
        assert ana.app.screen is made_ahead[0]  # no row opened, no note asked for
        assert made_ahead[0].query_one(RevealTabs).active == "summary"
        assert table.cursor_row == 0
        live.set_phase("reveal")
        await settle(ana)
        await settle(ana)
        assert ana.app.screen is made_ahead[0] and not made_ahead[0].curtained
        assert "1 Summary" in screen_text(ana.app)
        # Now the keys work: on the table and the screen's.
        await ana.press("down")
        assert table.cursor_row == 1
        await ana.press("2")
        assert made_ahead[0].query_one(RevealTabs).active == "anticipated"
        # The command palette offers a partner what the keys do: the views, no writing.
        offered = palette(ana.app)
        assert {"Show Summary", "Show Notes", "Help"} <= offered
        assert not offered & {
            "Write a note",
            "Record an action",
            "Export",
            "Finish the session",
            "Back home",
        }


async def test_a_turn_given_back_behind_the_curtain_is_taken_then_the_curtain_returns(
    live: LiveSession,
) -> None:
    for round_name in ROUNDS:
        live.open_round(round_name)
        for partner in PARTNERS:
            answer_round(live, partner, round_name)
    async with PartnerApp(live, "ana").run_test(size=(80, 24)) as ana:
        made_ahead = await on_screen(ana, EqualityScreen)
        assert made_ahead.curtained and waits(ana.app)
        live.reopen_turn("ana", "values")
        await settle(ana)
        turn = await on_screen(ana, TurnScreen)
        assert turn.turn == Turn("values", "ana")
        await take_turn(ana, "values", 8)
        await settle(ana)
        again = await on_screen(ana, EqualityScreen)
        assert again.curtained and waits(ana.app)
        live.set_phase("reveal")
        await settle(ana)
        await settle(ana)
        assert ana.app.screen is again and not again.curtained
        assert "1 Summary" in screen_text(ana.app)


async def test_a_hosted_partners_brings_turn_offers_the_templates_suggestions(
    live: LiveSession,
) -> None:
    template = builtin_templates()[live.session.kind]
    for round_name in ROUNDS[:2]:
        live.open_round(round_name)
        for partner in PARTNERS:
            answer_round(live, partner, round_name)
    live.open_round("brings")
    app = PartnerApp(live, "ana", prompts=template.prompts, suggestions=template.brings)
    async with app.run_test(size=(80, 24)) as ana:
        screen = await on_screen(ana, BringsTurnScreen)
        await settle(ana)
        assert screen.query_one("#brings-suggested").display
        assert template.brings[0] in screen_text(app)
        # Enter on a suggestion lists it.
        screen.query_one(SuggestionList).focus()
        await ana.press("enter")
        await settle(ana)
        listed = live.session.contribution_of("ana")
        assert listed is not None and listed.brings == [template.brings[0]]


def palette(app: Any) -> set[str]:
    """The titles of the commands the command palette offers on the current screen."""
    return {command.title for command in app.get_system_commands(app.screen)}


def answer_round(live: LiveSession, partner: str, round_name: Round) -> None:
    """A partner's whole turn, straight through the live session."""
    for target in missing_in_turn(live.session, Turn(round_name, partner)):
        if round_name == "brings":
            live.set_brings(partner, ["Time"])
        else:
            live.rate(partner, target, 0 if target == "deal" else 6)
    live.finish_turn(partner, round_name)

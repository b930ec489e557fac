"""The workshop itself over SSH: partner apps on one live session, driven by asyncssh clients."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pyte
import pytest

from tests.flows.conftest import write_session
from tests.ssh.conftest import Terminal, connect
from vp_tui.live.session import LiveSession
from vp_tui.model.events import Round
from vp_tui.model.flow import Turn, missing_in_turn
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.ssh.server import PartnerServer, ServeConfig
from vp_tui.storage import read_session, save_session
from vp_tui.ui.partner_app import PartnerApp

HOSTILE = "[b]Cy[/b]"
CODES = {"AAAA-CCCC-22": "ana", "DDDD-EEEE-33": "ben", "FFFF-GGGG-44": "cy"}
RATING = {"ana": "3", "ben": "6", "cy": "8"}
RIGHT = b"\x1b[C"


@pytest.fixture
async def hosted(tmp_path: Path, base_config: ServeConfig) -> AsyncIterator[LiveSession]:
    session = new_session(
        builtin_templates()["business"],
        title="Hosted over SSH",
        partners=[("ana", "Ana"), ("ben", "Ben"), ("cy", HOSTILE)],
        facilitator="Lynda",
        created=read_session(write_session(tmp_path)).created,
    )
    session.phase = "rating"
    path = tmp_path / "hosted.toml"
    save_session(session, path)
    live = LiveSession.open(path)
    server = PartnerServer(
        replace(base_config, codes=CODES),
        lambda partner, driver: PartnerApp(live, partner, driver_class=driver),
    )
    await server.start()
    live.server = server  # type: ignore[attr-defined]
    yield live
    await server.close()
    live.close()


async def partner_terminal(live: LiveSession, partner: str) -> Terminal:
    code = next(code for code, who in CODES.items() if who == partner)
    connection = await connect(live.server.port, code)  # type: ignore[attr-defined]
    terminal = await Terminal.open(connection)
    terminal.connection = connection  # type: ignore[attr-defined]
    return terminal


def anticipated_keys(live: LiveSession, partner: str) -> bytes:
    count = len(live.session.benefits) + len(live.session.costs)
    return RATING[partner].encode() * count + RIGHT + b"f"


def drawn(terminal: Terminal) -> str:
    """Everything the server sent, as text (escape sequences included)."""
    return terminal.output.decode("utf-8", "replace")


def on_screen(terminal: Terminal) -> str:
    """What the partner's 80x24 terminal shows now, read by a terminal emulator."""
    screen = pyte.Screen(80, 24)
    pyte.ByteStream(screen).feed(bytes(terminal.output))
    return "\n".join(screen.display)


async def shows(terminal: Terminal, text: str, timeout: float = 10.0) -> str:
    """Wait until the partner's screen shows ``text``; the screen."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in (shown := on_screen(terminal)):
        assert loop.time() < deadline, f"{text!r} not on the screen:\n{shown}"
        try:
            data = await asyncio.wait_for(terminal.process.stdout.read(65536), 0.2)
        except TimeoutError:
            continue
        terminal.output += data
    return shown


async def test_three_partners_rate_at_once_in_private_and_all_see_the_reveal(
    hosted: LiveSession,
) -> None:
    live = hosted
    terminals = {p: await partner_terminal(live, p) for p in ("ana", "ben", "cy")}
    await asyncio.gather(*(shows(t, "Hello") for t in terminals.values()))
    live.open_round("anticipated")
    await asyncio.gather(*(shows(t, "13 of 13 left") for t in terminals.values()))
    for partner, terminal in terminals.items():  # all typing at once, one line short
        terminal.press(anticipated_keys(live, partner)[: -len(RIGHT + b"f")])
    screens = await asyncio.gather(*(shows(t, "1 of 13 left") for t in terminals.values()))
    for partner, shown in zip(terminals, screens, strict=True):
        assert f"[{RATING[partner]}]" in shown, shown
        others = [rating for who, rating in RATING.items() if who != partner]
        assert not any(f"[{rating}]" in shown for rating in others), partner
    for terminal in terminals.values():
        terminal.press(RIGHT + b"f")  # the deal (even), and finish: the review first
    await asyncio.gather(*(shows(t, "Review your answers") for t in terminals.values()))
    for terminal in terminals.values():
        terminal.press(b"f")
    await asyncio.gather(*(shows(t, "You have finished") for t in terminals.values()))
    assert {p: live.session.benefits[0].ratings[p] for p in RATING} == {
        p: int(r) for p, r in RATING.items()
    }

    live.set_phase("reveal")
    await asyncio.gather(*(shows(t, "1 Summary") for t in terminals.values()))
    live.flush()
    assert read_session(live.path).model_dump() == live.session.model_dump()  # type: ignore[arg-type]


async def test_a_hostile_name_reaches_the_others_inert(hosted: LiveSession) -> None:
    ana = await partner_terminal(hosted, "ana")
    await shows(ana, HOSTILE)  # the waiting screen lists every partner, by name
    shown = drawn(ana)
    assert not any(unicodedata.category(ch) == "Cc" and 0x80 <= ord(ch) <= 0x9F for ch in shown)


async def test_a_dropped_partner_comes_back_where_they_were(hosted: LiveSession) -> None:
    live = hosted
    ben = await partner_terminal(live, "ben")
    live.open_round("anticipated")
    await shows(ben, "13 of 13 left")
    ben.press(b"56")
    await shows(ben, "11 of 13 left")
    ben.connection.close()  # type: ignore[attr-defined]
    await asyncio.sleep(0.3)
    again = await partner_terminal(live, "ben")
    shown = await shows(again, "11 of 13 left")
    assert "[5]" in shown and "[6]" in shown


HOSTILE_NOTE = "[@click=app.quit]Stop[/] [b]now[/b] \\x1b[31m"
HOSTILE_ACTION = "[link=https://example.com]Call Ben[/link]"


async def test_notes_and_actions_reach_the_partners_live_and_inert(hosted: LiveSession) -> None:
    live = hosted
    live.set_phase("reveal")
    ana = await partner_terminal(live, "ana")
    await shows(ana, "1 Summary")
    ana.press(b"5")
    shown = await shows(ana, "No notes yet")
    assert "press n" not in shown and "press a" not in shown  # keys a partner does not have
    # The facilitator writes while the partner looks: it shows without a key pressed.
    live.add_note("general", HOSTILE_NOTE)
    live.add_action(HOSTILE_ACTION, owner="ben")
    shown = await shows(ana, HOSTILE_ACTION)
    assert HOSTILE_NOTE in shown  # literally: no markup, no link, no action run
    assert not any(
        unicodedata.category(ch) == "Cc" and 0x80 <= ord(ch) <= 0x9F for ch in drawn(ana)
    )
    assert b"\x1b]8;" not in ana.output  # no hyperlink reached the terminal
    ana.press(b"1")
    await shows(ana, "1 note, 1 action")  # the app did not quit: it still answers keys


INVISIBLE = ["\u202e", "\u202c", "\u200b", "\u2060", "\ufeff", "\u00ad"]
"""Bidi override and pop, zero-width space, word joiner, byte order mark, soft hyphen."""
ALLOWED = "Family 👨\u200d👩\u200d👧 time ❤\ufe0f"
"""A zero-width joiner and a variation selector: emoji need them."""
PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"
ENTER = b"\r"
CLEAR_LINE = b"\x1b[F" + b"\x7f" * 40  # end, then backspace over the line


def answer_round(live: LiveSession, round_name: Round, partner: str) -> None:
    """Answer a partner's whole turn in a round without keys (7s, an even deal), and finish."""
    for target in missing_in_turn(live.session, Turn(round_name, partner)):
        live.rate(partner, target, 0 if target == "deal" else 7)
    live.finish_turn(partner, round_name)


def paste(terminal: Terminal, text: str) -> None:
    terminal.press(PASTE_START + text.encode() + PASTE_END)


def invisible_in(output: bytes | bytearray) -> list[str]:
    """The invisible formatting characters in what a terminal was sent."""
    text = bytes(output).decode("utf-8", "replace")
    return [f"U+{ord(char):04X}" for char in INVISIBLE if char in text]


async def test_invisible_characters_a_partner_pastes_are_refused_in_words_and_reach_nobody(
    hosted: LiveSession,
) -> None:
    live = hosted
    live.open_round("anticipated")
    answer_round(live, "anticipated", "ana")
    live.open_round("values")
    ben = await partner_terminal(live, "ben")
    ana = await partner_terminal(live, "ana")
    await shows(ana, "m Meaning")
    # What a value means to ana in practice: m opens the line.
    ana.press(b"m")
    await shows(ana, "in practice (one line")
    await asyncio.sleep(0.3)  # the line has the focus
    for char in INVISIBLE:
        ana.press(CLEAR_LINE)
        await asyncio.sleep(0.2)
        paste(ana, f"answers{char} by noon")
        await shows(ana, "answers")
        ana.press(ENTER)
        shown = await shows(ana, f"(U+{ord(char):04X})")
        assert "contains an invisible" in shown
    ana.press(b"\x1b")  # nothing was taken: leave the line
    await asyncio.sleep(0.3)
    assert not live.session.values[0].meaning
    ana.press(b"m")
    await shows(ana, "in practice (one line")
    await asyncio.sleep(0.3)  # the line has the focus
    paste(ana, ALLOWED)
    await shows(ana, "Family")
    ana.press(ENTER)
    await shows(ana, "In practice, ")
    assert live.session.values[0].meaning == {"ana": ALLOWED}

    # What ana brings, the facilitator's notes and actions: refused the same way.
    for char in INVISIBLE:
        with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
            live.set_brings("ana", [f"Time{char}"])
        with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
            live.add_note("general", f"Ben{char} agrees")
        with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
            live.add_action(f"Call{char} Ben", owner="ben")
    live.flush()
    await asyncio.sleep(0.5)
    ben.output += await _drain(ben)
    assert invisible_in(ben.output) == []
    assert invisible_in(Path(live.path).read_bytes()) == []  # type: ignore[arg-type]


async def _drain(terminal: Terminal) -> bytes:
    try:
        return await asyncio.wait_for(terminal.process.stdout.read(1 << 20), 0.5)
    except TimeoutError:
        return b""


async def test_invisible_characters_in_what_a_partner_brings_are_refused_in_words(
    hosted: LiveSession,
) -> None:
    live = hosted
    for round_name in ("anticipated", "values"):
        live.open_round(round_name)
        answer_round(live, round_name, "ana")
    live.open_round("brings")
    ben = await partner_terminal(live, "ben")
    ana = await partner_terminal(live, "ana")
    await shows(ana, "What you bring")
    await asyncio.sleep(0.3)  # the box has the focus
    for char in INVISIBLE:
        paste(ana, f"Know{char}-how")
        await shows(ana, "Know")
        ana.press(ENTER)
        shown = await shows(ana, f"(U+{ord(char):04X})")
        assert "contains an invisible" in shown
        ana.press(CLEAR_LINE)
        await asyncio.sleep(0.2)
    paste(ana, ALLOWED)
    await shows(ana, "Family")
    ana.press(ENTER)
    await shows(ana, "Listed: ")
    contribution = live.session.contribution_of("ana")
    assert contribution is not None and contribution.brings == [ALLOWED]
    live.flush()
    ben.output += await _drain(ben)
    assert invisible_in(ben.output) == []
    assert invisible_in(Path(live.path).read_bytes()) == []  # type: ignore[arg-type]


def raw_controls_in(output: bytes | bytearray) -> list[str]:
    """C1 controls and DEL in what a terminal was sent (a terminal may act on either)."""
    text = bytes(output).decode("utf-8", "replace")
    return sorted({f"U+{ord(char):04X}" for char in text if 0x7F <= ord(char) <= 0x9F})


async def test_control_characters_a_partner_types_or_pastes_never_come_back_to_them(
    hosted: LiveSession,
) -> None:
    live = hosted
    for round_name in ("anticipated", "values"):
        live.open_round(round_name)
        answer_round(live, round_name, "ana")
    live.open_round("brings")
    ana = await partner_terminal(live, "ana")
    await shows(ana, "What you bring")
    await asyncio.sleep(0.3)  # the box has the focus
    mark = len(ana.output)
    # Pasted: a NEL, DEL, an 8-bit CSI that would turn the text red, and the rest of C1.
    paste(ana, "Time\x85 off\x7f\x9b31m now " + "".join(map(chr, range(0x80, 0xA0))))
    await shows(ana, "Time off")
    ana.press("\x9b\x90\x9c\x85".encode())  # typed: CSI, DCS, ST and NEL, as UTF-8
    ana.press(b"!")
    await shows(ana, "now !")
    ana.press(ENTER)
    await shows(ana, "Listed: Time off31m now !")
    assert raw_controls_in(ana.output[mark:]) == []
    contribution = live.session.contribution_of("ana")
    assert contribution is not None and contribution.brings == ["Time off31m now !"]

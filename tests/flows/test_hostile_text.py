"""Hostile names, items and notes at 80×24: shown literally, and the layout holds.

Markup is covered screen by screen in test_home, test_turns and test_equality; here the
same sessions also carry very long words (a 40-character partner name and an
80-character item, neither with a space) and wide characters (CJK, an emoji sequence).
On every screen each text appears as typed, or cut with an ellipsis, or folded onto
the next line; nothing reaches past the 80 columns, no widget needs a horizontal
scrollbar, and the footer is still the last line.
(Control characters and escape sequences never get this far: the model refuses them,
see tests/unit/test_load.py and test_setup.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tests.conftest import screen_lines, screen_strips
from tests.flows.conftest import FROZEN
from vp_tui.model import changes
from vp_tui.model.flow import ROUNDS, Round
from vp_tui.model.session import Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.item_detail import ItemDetailScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.key_bar import KeyBar

MakeApp = Callable[..., VpTuiApp]
COLUMNS, LINES = 80, 24

MARKUP = "[b]x[/b]"
CLICK = "[@click=app.quit]y[/]"
LONG_NAME = "Wolfeschlegelsteinhausenbergerdorffvoral"
LONG_ITEM = "Donaudampfschifffahrtselektrizitaetenhauptbetriebswerkbauunterbeamtengesellschaf"
CJK = "李小龍"
EMOJI = "👩‍🔬 Zoë"
CLICK_VALUE = "[@click=app.quit]v[/]"
CJK_VALUE = "誠實與信任"
TITLE = f"{CJK} & 👩‍🔬 {MARKUP} {CLICK} {'W' * 40}"
NOTE = f"{CLICK} {CJK} 👩‍🔬 {'N' * 60}"
ACTION = f"[red]Call[/red] {CJK} {'A' * 50}"
PARTNERS = [("bold", MARKUP), ("click", CLICK), ("long", LONG_NAME), ("li", CJK), ("sci", EMOJI)]
NAMES = [name for _, name in PARTNERS]
BRINGS = [LONG_ITEM, f"{CJK}的時間", f"👩‍🔬 {MARKUP}"]

assert len(LONG_NAME) == 40 and len(LONG_ITEM) == 80 and " " not in LONG_ITEM + LONG_NAME
assert len(TITLE) <= 120


# Building sessions -----------------------------------------------------------------------


def hostile_session() -> Session:
    """A custom session of five hostile partners, with hostile items."""
    session = new_session(
        builtin_templates()["custom"],
        title=TITLE,
        partners=PARTNERS,
        facilitator=CLICK,
        created=FROZEN,
    )
    session.benefits[0].item = LONG_ITEM
    session.values[0].item = CLICK_VALUE
    session.values[1].item = CJK_VALUE
    session.values[2].item = LONG_ITEM
    return session


def finish_turn(session: Session, round_name: Round, partner: str, position: int) -> None:
    """One partner's turn, answered (ratings that differ by partner) and finished."""
    if round_name == "anticipated":
        for list_name in ("benefits", "costs"):
            for index, entry in enumerate(session.rated_list(list_name)):
                changes.rate(session, partner, f"{list_name}/{entry.item}", (index + position) % 11)
        changes.rate(session, partner, "deal", position % 3 - 1)
    elif round_name == "values":
        for index, entry in enumerate(session.values):
            changes.rate(session, partner, f"values/{entry.item}", (index * 3 + position * 2) % 11)
        if position == 0:
            changes.set_dealbreaker(session, partner, LONG_ITEM, True)
    elif round_name == "brings":
        changes.set_brings(session, partner, BRINGS)
    else:
        for other in session.partner_ids:
            changes.rate(session, partner, f"contributions/{other}", 6 + position % 3)
    changes.finish_turn(session, partner, round_name)


def session_at(folder: Path, round_name: Round, partner: str) -> Path:
    """A hostile session saved at one partner's turn (everything before it done)."""
    session = hostile_session()
    ids = session.partner_ids
    for earlier in ROUNDS[: ROUNDS.index(round_name)]:
        for position, pid in enumerate(ids):
            finish_turn(session, earlier, pid, position)
    for position, pid in enumerate(ids[: ids.index(partner)]):
        finish_turn(session, round_name, pid, position)
    session.phase = "rating"
    path = folder / "hostile.toml"
    save_session(session, path)
    return path


def revealed_session(folder: Path) -> Path:
    """A hostile session in reveal, every turn taken, with a note and an action."""
    session = hostile_session()
    for round_name in ROUNDS:
        for position, pid in enumerate(session.partner_ids):
            finish_turn(session, round_name, pid, position)
    changes.add_note(session, "values", NOTE, item=LONG_ITEM, at=FROZEN)
    changes.add_action(session, ACTION, owner="long", at=FROZEN)
    session.phase = "reveal"
    path = folder / "revealed.toml"
    save_session(session, path)
    return path


# What the screen shows -------------------------------------------------------------------


BORDERS = " │▊▎▌▐┃▸"
"""What may stand before a line's text: padding, the borders of boxes, the highlight."""


def common_length(one: str, other: str) -> int:
    """How many characters two strings share at their start."""
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )


def folded(lines: list[str], text: str) -> bool:
    """Whether ``text`` starts on one line and goes on at the start of the next ones."""
    for row, line in enumerate(lines):
        column = line.find(text[:8])
        while column >= 0:
            chunk, rest, at = line[column:], text, row
            while True:
                same = common_length(chunk, rest)
                rest = rest[same:]
                if not rest:
                    return True
                if not same or at + 1 == len(lines):
                    break
                at += 1
                chunk, rest = lines[at].lstrip(BORDERS), rest.lstrip(" ")
            column = line.find(text[:8], column + 1)
    return False


def shows(app: App[Any], text: str) -> bool:
    """Whether the screen shows ``text`` literally: whole, cut with an ellipsis, or folded."""
    lines = screen_lines(app)
    whole = "\n".join(lines)
    if text in whole:
        return True
    # cut: at least its first eight characters, then the ellipsis
    if any(text[:length] + "…" in whole for length in range(8, len(text))):
        return True
    # folded onto the next lines (a line too narrow, a word too long for the width)
    return folded(lines, text)


def assert_shows(app: App[Any], *texts: str) -> None:
    screen = "\n".join(screen_lines(app))
    for text in texts:
        assert shows(app, text), f"{text!r} not shown on:\n{screen}"


def assert_layout_intact(app: App[Any]) -> None:
    """Nothing reaches past the 80 columns or needs a scrollbar; the footer is the last line."""
    screen = app.screen
    strips = screen_strips(screen)
    shown = "\n".join(strip.text for strip in strips)
    assert len(strips) == LINES
    assert all(strip.cell_length == COLUMNS for strip in strips), shown
    for widget in screen.query("*"):
        assert not widget.show_horizontal_scrollbar, f"{widget} scrolls sideways:\n{shown}"
        if widget.display and widget.region:
            assert widget.region.right <= COLUMNS, f"{widget} is too wide:\n{shown}"
    bottom, _ = screen.get_widget_at(COLUMNS // 2, LINES - 1)
    assert isinstance(bottom, KeyBar), shown


def row_texts(screen: Screen[Any], table_id: str) -> list[list[str]]:
    """The cells of a table as plain text, row by row."""
    table = screen.query_one(f"#{table_id}", ItemTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return [[str(getattr(cell, "plain", cell)) for cell in row] for row in rows]


async def settle(pilot: Pilot[Any], *keys: str) -> None:
    if keys:
        await pilot.press(*keys)
    await pilot.pause()


# The tests -----------------------------------------------------------------------------


async def test_home_lists_hostile_sessions_literally(make_app: MakeApp, sessions_dir: Path) -> None:
    # Given a session in rating and one in reveal, both with hostile titles and names
    session_at(sessions_dir, "anticipated", "bold")
    revealed_session(sessions_dir)
    app = make_app()
    app.animation_level = "none"
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        # When the home screen has read them
        await pilot.pause()
        loading = [worker for worker in app.workers if worker.group == "home-load"]
        if loading:
            await app.workers.wait_for_complete(loading)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # Then the table shows each title cut with an ellipsis, and the panel below it whole
        rows = [line for line in screen_lines(app) if "custom" in line]
        assert len(rows) == 2
        assert all(f"{CJK} & 👩‍🔬 {MARKUP} {CLICK}"[:20] in row and "…" in row for row in rows)
        assert_shows(app, TITLE, "Partners: " + ", ".join(NAMES))
        assert_layout_intact(app)
        first = app.screen.highlighted
        await settle(pilot, "down")
        assert app.screen.highlighted not in (None, first)
        assert_shows(app, TITLE, "Partners: " + ", ".join(NAMES))
        assert_layout_intact(app)
        assert app.is_running


@pytest.mark.parametrize(
    ("round_name", "partner", "title"),
    [
        ("anticipated", "bold", "Anticipated value"),
        ("values", "long", "Shared values"),
        ("brings", "li", "What you bring"),
        ("contribution", "sci", "Contribution value"),
    ],
)
async def test_hand_off_and_turn_show_hostile_text_literally(
    make_app: MakeApp, sessions_dir: Path, round_name: Round, partner: str, title: str
) -> None:
    # Given a hostile session at one partner's turn
    path = session_at(sessions_dir, round_name, partner)
    name = dict(PARTNERS)[partner]
    app = make_app("open", path)
    app.animation_level = "none"
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        # When the app opens it: the hand-off names the partner exactly as typed
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        prose = " ".join(line.strip(" │") for line in screen_lines(app))
        assert f"Pass the keyboard to {name} — press Enter when {name} is ready" in prose
        assert_shows(app, title)
        assert TITLE.replace(" ", "") in prose.replace(" ", "")  # the title, wrapped in the card
        assert_layout_intact(app)
        # And the turn screen shows the partner, the items and the names literally
        await settle(pilot, "enter")
        assert isinstance(app.screen, TurnScreen)
        assert_shows(app, f"{title} · {name}, partner ")
        if round_name == "anticipated":
            assert_shows(app, LONG_ITEM, "Reputation")
        elif round_name == "values":
            assert_shows(app, CLICK_VALUE, CJK_VALUE, LONG_ITEM)
            await settle(pilot, "d", "down", "down", "d")  # marked: the tag fits too
            assert_shows(app, f"Marked as a dealbreaker: {LONG_ITEM}")
        elif round_name == "brings":
            for text in BRINGS:  # pasted, as a terminal sends an emoji sequence
                app.screen.query_one(Input).post_message(events.Paste(text))
                await settle(pilot, "enter")
            assert_shows(app, *BRINGS)
        else:
            assert_shows(app, f"{name} (you)", *NAMES[:-1], f"brings: {LONG_ITEM}")
        assert_layout_intact(app)
        # And pressing on through the turn runs nothing hidden in the text
        await settle(pilot, "end", "f")
        assert app.is_running


async def test_equality_view_shows_hostile_text_literally(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    # Given a hostile session at the reveal, with a note and an action
    path = revealed_session(sessions_dir)
    app = make_app("open", path)
    app.animation_level = "none"
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
        # Then every tab shows the names, items, note and action literally, and fits
        assert_shows(app, TITLE)
        assert_layout_intact(app)
        await settle(pilot, "2")
        assert_shows(app, *NAMES, LONG_ITEM)
        assert_layout_intact(app)
        await settle(pilot, "3")
        assert_shows(app, CLICK_VALUE, CJK_VALUE, LONG_ITEM)
        assert_layout_intact(app)
        await settle(pilot, "4")
        assert_shows(app, *NAMES, *(f"{name} brings:" for name in NAMES[:2]), LONG_ITEM)
        assert_layout_intact(app)
        await settle(pilot, "5")
        assert_shows(app, f"Shared values › {LONG_ITEM}", NOTE, ACTION, f"owner: {LONG_NAME}")
        assert_layout_intact(app)
        # And drilling into the long value shows it, the ratings and the note
        await settle(pilot, "3")
        rows = [row[0] for row in row_texts(app.screen, "values-table")]
        position = next(i for i, row in enumerate(rows) if row.startswith(LONG_ITEM[:20]))
        await settle(pilot, *["down"] * position, "enter")
        assert isinstance(app.screen, ItemDetailScreen)
        assert_shows(app, NOTE)
        assert_layout_intact(app)
        assert app.is_running

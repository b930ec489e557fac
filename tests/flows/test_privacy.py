"""Privacy in the room (DESIGN.md section 7): until the reveal, nobody's ratings but one's own.

A partner at a turn or a hand-off has the keyboard. Whatever they press, and whatever
the command palette offers them, they never see another partner's ratings nor another
client's session, and the session stays open for the next partner; leaving it takes the
facilitator's confirmation (and PIN). Before the reveal, replay, the home screen, the
partnerships view and export show progress at most.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import ModalScreen

import vp_tui.ui
from tests.conftest import screen_strips, screen_text
from tests.flows.conftest import FROZEN, write_session
from tests.flows.test_home import loaded
from vp_tui.model import changes
from vp_tui.model.flow import ROUNDS, Round
from vp_tui.model.session import Session, parse_target
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import read_session, save_session
from vp_tui.storage.config import Config, hash_pin, write_config
from vp_tui.ui.app import Start, VpTuiApp
from vp_tui.ui.screens.handoff import HandoffScreen
from vp_tui.ui.screens.paused import PausedScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.widgets.rating_list import RatingList

MakeApp = Callable[..., VpTuiApp]
SIZE = (80, 24)
PARTNERS = ("ana", "ben", "dana")
NAMES = ("Ana", "Ben", "Dana")
TURN = "ben"
"""Whose turn it is at the start: Ana has finished the round, Dana has rated but not finished."""
OTHER_TITLE = "Zephyr Holdings — confidential merger"
"""Another client's session in the same folder."""
ANA, DANA, OWN = 9, 1, 5
"""Ana's and Dana's ratings in the round under way, and everyone's in the rounds before."""

NOT_BEFORE_THE_REVEAL = {
    "HomeScreen",
    "ReplayScreen",
    "EqualityScreen",
    "PortfolioScreen",
    "ProgressScreen",
    "SetupScreen",
}
"""Screens that show sessions, ratings or other clients: never reachable from a turn."""
TABLE_HEADING = re.compile(
    "|".join(rf"\b{one}\b[\s│┃|]+\b{other}\b" for one in NAMES for other in NAMES if one != other)
)
"""Two partners' names side by side as column headings ("Ana  Ben  Dana  gap"); a list of
names ("still to answer: Ana, Ben") is not a table."""
TEXTUAL_COMMANDS = {"Quit", "Theme", "Screenshot", "Keys", "Maximize", "Minimize"}


# The keys ------------------------------------------------------------------------------


def _subclasses(cls: type[Any]) -> Iterator[type[Any]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def bound_keys() -> list[str]:
    """Every key bound by any screen, widget or app class of vp-tui (and of the Textual
    widgets it uses), so that a key added later is pressed here too."""
    for module in pkgutil.walk_packages(vp_tui.ui.__path__, "vp_tui.ui."):
        importlib.import_module(module.name)
    keys = {"ctrl+p"}  # the command palette: Textual binds it outside BINDINGS
    for cls in set(_subclasses(DOMNode)):
        if cls.__module__.startswith(("vp_tui", "textual")):
            keys.update(BindingsMap(cls.BINDINGS).key_to_bindings)
    return sorted(keys)


def test_the_keys_include_every_screens_keys() -> None:
    keys = bound_keys()
    for key in ("escape", "enter", "f1", "ctrl+q", "ctrl+p", "r", "p", "e", "l", "tab", "7"):
        assert key in keys


# The session under way -----------------------------------------------------------------


def rate_round(session: Session, partner: str, name: Round, value: int) -> None:
    """Answer a whole round as one partner (without finishing it)."""
    if name == "anticipated":
        for list_name in ("benefits", "costs"):
            for entry in session.rated_list(list_name):
                changes.rate(session, partner, f"{list_name}/{entry.item}", value)
        changes.rate(session, partner, "deal", 3 if value > OWN else -3 if value < OWN else 0)
    elif name == "values":
        for entry in session.values:
            changes.rate(session, partner, f"values/{entry.item}", value)
    elif name == "brings":
        changes.set_brings(session, partner, [f"{partner.title()} brings item {value}"])
    else:
        for other in session.partner_ids:
            changes.rate(session, partner, f"contributions/{other}", value)


def session_at(path: Path, round_name: Round) -> bytes:
    """Ben's turn in ``round_name``: the rounds before finished by all, Ana finished this one
    with 9s, Dana answered it with 1s without finishing. Returns the file's bytes."""
    session = read_session(path)
    for name in ROUNDS[: ROUNDS.index(round_name)]:
        for partner in PARTNERS:
            rate_round(session, partner, name, OWN)
            changes.finish_turn(session, partner, name)
    rate_round(session, "ana", round_name, ANA)
    changes.finish_turn(session, "ana", round_name)
    rate_round(session, "dana", round_name, DANA)
    save_session(session, path)
    return path.read_bytes()


def other_session(folder: Path) -> Path:
    """Another client's session, revealed, in the same folder."""
    session = new_session(
        builtin_templates()["business"],
        title=OTHER_TITLE,
        partners=[("zoe", "Zoe"), ("yan", "Yan")],
        facilitator="Lynda",
        created=FROZEN,
    )
    session.phase = "complete"
    path = folder / "zephyr.toml"
    save_session(session, path)
    return path


# What is on screen ---------------------------------------------------------------------


def everything_shown(app: VpTuiApp) -> str:
    """Every screen of the stack as a person would read it, and every notification."""
    texts = []
    for screen in app.screen_stack:
        texts.append("\n".join(strip.text for strip in screen_strips(screen)))
    for notification in app._notifications:
        texts.append(f"{notification.title}\n{notification.message}")
    return "\n".join(texts)


def own_rating(session: Session, partner: str, target: str) -> int | None:
    """What ``partner`` answered for ``target`` (None if nothing yet)."""
    list_name, name = parse_target(target)
    if list_name == "deal":
        return session.deal.get(partner)
    if list_name == "contributions":
        contribution = session.contribution_of(name)
        return contribution.ratings.get(partner) if contribution else None
    entry = next(e for e in session.rated_list(list_name) if e.item == name)
    return entry.ratings.get(partner)


def leaks(app: VpTuiApp) -> list[str]:
    """Whatever on screen shows someone's ratings to another partner, or another client."""
    found = []
    names = {screen.__class__.__name__ for screen in app.screen_stack}
    found += sorted(names & NOT_BEFORE_THE_REVEAL)
    text = everything_shown(app)
    if OTHER_TITLE.split()[0] in text:
        found.append("another client's session")
    for line in text.splitlines():
        if re.search(r"\brated\b", line):  # replay: "Dana rated the cost “Time”: 1"
            found.append(f"a replay sentence: {line.strip()}")
        if TABLE_HEADING.search(line):  # the equality view's or a replay's table
            found.append(f"a table of partners' answers: {line.strip()}")
        if re.search(r"\b\d+\.\d\d\b", line):
            found.append(f"a gap or an average: {line.strip()}")
    # A turn's list shows the answers of the partner whose turn it is, and nobody else's.
    for screen in app.screen_stack:
        if isinstance(screen, TurnScreen):
            session = screen.live.session
            for ratings in screen.query(RatingList):
                for item in ratings.items:
                    shown = ratings.value_of(item.target)
                    if shown != own_rating(session, screen.turn.partner, item.target):
                        found.append(f"{item.target} shows {shown} at {screen.turn.partner}'s turn")
    return found


# Driving the app -----------------------------------------------------------------------

Place = str
"""Where each key is pressed from: "handoff", "turn" or "paused"."""


def at_start(app: VpTuiApp, start: Place) -> bool:
    """Whether the app is where the keys are pressed from (Ben's hand-off, turn, or paused)."""
    screen = app.screen
    if start == "handoff":
        return isinstance(screen, HandoffScreen) and screen.partner_name == "Ben"
    if start == "turn":
        return isinstance(screen, TurnScreen) and screen.turn.partner == TURN
    return isinstance(screen, PausedScreen)


async def close_dialogs(pilot: Pilot[None]) -> None:
    """Escape out of help, the palette, a confirmation or a PIN (escape says no to each)."""
    for _ in range(4):
        if not isinstance(pilot.app.screen, ModalScreen):
            return
        await pilot.press("escape")
        await pilot.pause()


async def go_back_to(pilot: Pilot[None], app: VpTuiApp, start: Place) -> None:
    """Return to the starting screen where one key does it (resume, or pause)."""
    if at_start(app, start):
        return
    if isinstance(app.screen, PausedScreen) and start in ("handoff", "turn"):
        await pilot.press("enter")
    elif start == "paused" and isinstance(app.screen, TurnScreen | HandoffScreen):
        await pilot.press("escape")
    await pilot.pause()


async def reach(pilot: Pilot[None], app: VpTuiApp, start: Place) -> None:
    """From the app just opened (at Ben's hand-off) to the starting screen."""
    await pilot.pause()
    assert at_start(app, "handoff")
    if start == "turn":
        await pilot.press("enter")
    elif start == "paused":
        await pilot.press("enter", "escape")
    await pilot.pause()
    assert at_start(app, start)


def gone(app: VpTuiApp, path: Path) -> list[str]:
    """What says the session is no longer open for the next partner (left, or quit)."""
    if not app.is_running:
        return ["the app quit"]
    if app.live is None or app.live.path != path:
        return ["the session was left"]
    if not isinstance(app.screen, HandoffScreen | TurnScreen | PausedScreen):
        return [f"a partner is at {type(app.screen).__name__}"]
    return [] if app.in_private() else ["not private"]


async def press_everything(
    make_app: MakeApp, path: Path, pristine: bytes, start: Place, keys: list[str]
) -> list[str]:
    """Press each key from the starting screen, reopening the session where a key moved on.

    Returns what leaked, with the key that showed it.
    """
    found: list[str] = []
    pending = list(keys)
    while pending:
        path.write_bytes(pristine)
        app = make_app("open", path)
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            await reach(pilot, app, start)
            while pending and at_start(app, start):
                key = pending.pop(0)
                await pilot.press(key)
                await pilot.pause()
                found += [f"{key}: {leak}" for leak in leaks(app)]
                await close_dialogs(pilot)
                found += [f"{key}: {leak}" for leak in [*leaks(app), *gone(app, path)]]
                if not app.is_running:
                    break
                await go_back_to(pilot, app, start)
    return found


async def run_every_command(
    make_app: MakeApp, path: Path, pristine: bytes, start: Place
) -> tuple[set[str], list[str]]:
    """Run every command the palette offers at the starting screen, one app each."""
    path.write_bytes(pristine)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, app, start)
        offered = [command.title for command in app.get_system_commands(app.screen)]
    found = []
    for title in offered:
        path.write_bytes(pristine)
        app = make_app("open", path)
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            await reach(pilot, app, start)
            # Through the palette, as a partner would: open it, type the title, Enter.
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*title)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            found += [f"{title}: {leak}" for leak in leaks(app)]
            await close_dialogs(pilot)
            found += [f"{title}: {leak}" for leak in [*leaks(app), *gone(app, path)]]
    return set(offered), found


STARTS = [
    ("anticipated", "turn"),
    ("values", "turn"),
    ("brings", "turn"),
    ("contribution", "turn"),
    ("values", "handoff"),
    ("values", "paused"),
]


@pytest.mark.parametrize(("round_name", "start"), STARTS)
async def test_no_key_at_a_turn_or_hand_off_shows_others_ratings_or_other_sessions(
    make_app: MakeApp, sessions_dir: Path, round_name: Round, start: Place
) -> None:
    # Given Ben's turn, Ana's and Dana's answers saved, and another client's session
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    pristine = session_at(path, round_name)
    other_session(sessions_dir)
    # When every key bound anywhere in the app is pressed from Ben's hand-off, turn or pause
    found = await press_everything(make_app, path, pristine, start, bound_keys())
    # Then nothing of Ana's or Dana's answers nor the other session ever showed, and the
    # session stayed open (checked after each key)
    assert found == []
    # And nothing was exported nor pictured (export waits for the reveal)
    assert sorted(p.name for p in sessions_dir.iterdir()) == [
        "test-partnership.toml",
        "zephyr.toml",
    ]


@pytest.mark.parametrize(("round_name", "start"), [("values", "turn"), ("values", "handoff")])
async def test_the_palette_at_a_turn_offers_only_a_partners_commands(
    make_app: MakeApp, sessions_dir: Path, round_name: Round, start: Place
) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    pristine = session_at(path, round_name)
    other_session(sessions_dir)
    offered, found = await run_every_command(make_app, path, pristine, start)
    assert "Help" in offered and "Pause" in offered
    assert not offered & TEXTUAL_COMMANDS
    assert not {title for title in offered if "PIN" in title}
    assert found == []


async def test_the_palette_when_paused_offers_resume_and_leave_only(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    pristine = session_at(path, "values")
    offered, found = await run_every_command(make_app, path, pristine, "paused")
    assert offered == {"Help", "Resume", "Leave the session"}
    assert found == []


# Pausing and leaving ---------------------------------------------------------------------


async def test_escape_at_a_turn_pauses_and_enter_resumes_the_same_turn(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    session_at(path, "values")
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, app, "turn")
        await pilot.press("7", "escape")
        await pilot.pause()
        assert isinstance(app.screen, PausedScreen)
        text = everything_shown(app)
        assert "Paused" in text and "Ben's turn" in text and "Leave the session" in text
        await pilot.press("enter")
        await pilot.pause()
        assert at_start(app, "turn")
        assert (
            app.screen.query_one(RatingList).value_of(
                app.screen.query_one(RatingList).items[0].target
            )
            == 7
        )


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> bool:
    """Whether ``condition`` comes true within a second (the flow's worker runs on its own)."""
    for _ in range(20):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, letting the app settle."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


@pytest.mark.parametrize("answer", ["escape", "n", "enter"])
async def test_leaving_asks_the_facilitator_and_the_default_is_to_stay(
    make_app: MakeApp, sessions_dir: Path, answer: str
) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    session_at(path, "values")
    app = make_app("home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "enter", "enter", "escape", "l")  # open, ready, pause, leave
        assert "Only the facilitator should answer" in everything_shown(app)
        await press(pilot, answer)
        assert isinstance(app.screen, PausedScreen)
        assert app.live is not None


async def test_the_facilitator_leaves_to_the_home_screen_after_confirming(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    session_at(path, "values")
    app = make_app("home")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press(pilot, "enter", "escape", "l", "y")  # open, pause at the hand-off, leave
        assert await until(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        assert app.live is None
        assert any(f"vp-tui open {path}" in n.message for n in app._notifications)


async def test_leaving_with_a_pin_set_needs_the_pin(
    make_app: MakeApp, sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vp_tui.ui.guard.WRONG_PIN_DELAY", 0)
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    session_at(path, "values")
    app = make_app("open", path)
    write_config(Config(pin=hash_pin("2468")), app.config_file)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, app, "paused")
        await press(pilot, "l", "y", *"1357", "enter")
        assert isinstance(app.screen, PausedScreen) and app.live is not None
        assert "Wrong PIN" in everything_shown(app)
        await press(pilot, "l", "y", *"2468", "enter")
        # Started with vp-tui open: leaving the session leaves the app
        assert await until(pilot, lambda: not app.is_running)
        assert app.live is None


async def test_ctrl_q_at_a_turn_asks_the_facilitator(make_app: MakeApp, sessions_dir: Path) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    session_at(path, "values")
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, app, "turn")
        await press(pilot, "ctrl+q")
        assert app.is_running
        assert "Only the facilitator should answer" in everything_shown(app)
        await press(pilot, "enter")  # the default: stay
        assert at_start(app, "turn")
        await press(pilot, "ctrl+q", "y")
        assert await until(pilot, lambda: not app.is_running)


# The checks above see ratings where the app shows them ------------------------------------


def shown_in_text(app: VpTuiApp) -> list[str]:
    """What ``leaks`` finds in the text alone (not by the screens' names)."""
    return [leak for leak in leaks(app) if leak not in NOT_BEFORE_THE_REVEAL]


def revealed(path: Path) -> None:
    """Everyone has answered every round (Ana 9s, Ben 5s, Dana 1s) and it is revealed."""
    session = read_session(path)
    for name in ROUNDS:
        for partner, value in zip(PARTNERS, (ANA, OWN, DANA), strict=True):
            rate_round(session, partner, name, value)
            changes.finish_turn(session, partner, name)
    changes.set_phase(session, "reveal")
    save_session(session, path)


async def test_the_checks_see_the_ratings_on_the_equality_view_and_in_a_replay(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    revealed(path)
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "EqualityScreen"
        assert shown_in_text(app)
    replay = VpTuiApp(sessions_dir=sessions_dir, start=Start("replay", path=path))
    async with replay.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end", "left")
        await pilot.pause()
        assert any("replay sentence" in leak for leak in shown_in_text(replay))


# Before the reveal: home, partnerships, replay -------------------------------------------


def everyone_answered(folder: Path) -> Path:
    """A session whose partners have all finished every round, far apart, not revealed."""
    path = write_session(folder, partners=PARTNERS, kind="custom")
    revealed(path)
    session = read_session(path)
    changes.set_phase(session, "rating")
    save_session(session, path)
    return path


VERDICTS = ("aligned", "at risk", "out of sync", "incomplete", "✓", "▲", "✗")


async def test_the_home_screen_shows_no_verdict_before_the_reveal(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    everyone_answered(sessions_dir)
    app = make_app("home")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        home = await loaded(pilot)
        [row] = home.table.session_rows.values()
        assert row.verdict == "unrevealed"
        text = everything_shown(app)
        assert "unrevealed" in text
        assert not [word for word in VERDICTS if word in text]


async def test_the_partnerships_view_shows_no_verdict_nor_gap_before_the_reveal(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    everyone_answered(sessions_dir)
    app = make_app("home")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "PortfolioScreen"
        shown = screen_text(app)
        assert "overall unrevealed" in shown
        assert not re.search(r"\d+\.\d\d", shown)  # no gap
        legend = next(line for line in shown.splitlines() if "since the session before" in line)
        rest = shown.replace(legend, "")
        assert not [word for word in VERDICTS if word in rest]


async def test_replay_before_the_reveal_shows_who_finished_what_only(
    make_app: MakeApp, sessions_dir: Path
) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    session_at(path, "values")
    app = make_app("home")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProgressScreen"
        text = everything_shown(app)
        assert "Not revealed yet" in text
        rows = {
            line.split()[0]: line.split()[1:]
            for line in text.splitlines()
            if line.split()[:1] and line.split()[0] in NAMES
        }
        assert rows == {
            "Ana": ["done", "done", "-", "-"],
            "Ben": ["done", "-", "-", "-"],
            "Dana": ["done", "-", "-", "-"],
        }
        assert shown_in_text(app) == []
        await pilot.press("e")  # no export before the reveal
        await pilot.pause()
        assert sorted(p.name for p in sessions_dir.iterdir()) == ["test-partnership.toml"]
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_vp_tui_replay_before_the_reveal_shows_progress_only(sessions_dir: Path) -> None:
    path = write_session(sessions_dir, partners=PARTNERS, kind="custom")
    session_at(path, "values")
    app = VpTuiApp(sessions_dir=sessions_dir, start=Start("replay", path=path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "ProgressScreen"
        assert shown_in_text(app) == []

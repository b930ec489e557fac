"""A prospective alliance's decision: a go with conditions needs its conditions, and the
decision can change after the session is complete.

The conditions of a go with conditions are the session's actions (DESIGN.md section 3):
with none open, the dialog asks for them right there, each one becomes an action (owner
optional), and the decision is refused without any, in words. A complete prospective
session opened again offers its decision on the key that finished it (f), recorded as a
``decision`` event.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Select

from tests.flows.conftest import FROZEN
from tests.flows.test_hostile_text import assert_layout_intact, assert_shows
from tests.flows.test_statement_decision import revealed_example, settle, type_text
from vp_tui.model import changes
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.choose import ChooseScreen
from vp_tui.ui.screens.decision import ConditionsScreen
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.lines import LinesScreen
from vp_tui.ui.screens.statement import NEEDS_CONDITIONS

MakeApp = Callable[..., VpTuiApp]

CONDITION = "Sign the [b]support[/b] policy <i>first</i>"
GO_WITH_CONDITIONS = ("down", "down", "enter")
"""The keys that choose "Go with conditions" (go, no-go, go with conditions)."""


def without_actions(path: Path) -> Path:
    """The session at ``path`` with no action at all."""
    session = read_session(path)
    session.actions = []
    save_session(session, path)
    return path


def toasts(app: VpTuiApp) -> list[str]:
    return [toast.message for toast in app._notifications]


async def test_a_go_with_conditions_asks_for_its_conditions_and_records_them_as_actions(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    # Given an alliance being considered, at the reveal, with no action at all
    path = without_actions(revealed_example(sessions_dir, prospective=True))
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
        # When the facilitator finishes with a go with conditions
        await settle(pilot, "f", *GO_WITH_CONDITIONS)
        # Then the conditions are asked right there
        assert isinstance(app.screen, ConditionsScreen)
        assert_shows(app, "The conditions", "Condition 1")
        assert_layout_intact(app)
        # And saving none is refused, in words
        await settle(pilot, "ctrl+s")
        assert isinstance(app.screen, ConditionsScreen)
        assert_shows(app, "A go with conditions needs at least one condition")
        # When one condition is written, owned by Ben, and a second with no owner
        await type_text(pilot, CONDITION)
        await settle(pilot, "tab", "enter")  # the owner's list: Ana, Ben, ..., Nobody
        await settle(pilot, "up", "up", "up", "enter")
        assert app.screen.query_one("#condition-owner-0", Select).value == "ben"
        await settle(pilot, "tab")  # on to the next line
        await type_text(pilot, "Agree the price list")
        await settle(pilot, "ctrl+s")
        # Then each is an action already, and the reason is asked with them counted
        assert isinstance(app.screen, LinesScreen)
        assert_shows(app, "The conditions are the session's actions: 2 open now")
        await settle(pilot, "enter")
        assert not isinstance(app.screen, (EqualityScreen, LinesScreen))
    session = read_session(path)
    assert session.phase == "complete"
    assert session.decision is not None
    assert session.decision.outcome == "go-with-conditions"
    assert [(a.text, a.owner, a.status) for a in session.actions] == [
        (CONDITION, "ben", "open"),
        ("Agree the price list", None, "open"),
    ]
    kinds = [event.kind for event in session.events if event.kind in ("action", "decision")]
    assert kinds[-3:] == ["action", "action", "decision"], kinds


async def test_a_go_with_conditions_without_any_is_refused_and_nothing_is_decided(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = without_actions(revealed_example(sessions_dir, prospective=True))
    app = make_app("open", path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await settle(pilot, "f", *GO_WITH_CONDITIONS)
        assert isinstance(app.screen, ConditionsScreen)
        # When the facilitator leaves the conditions without writing one
        await settle(pilot, "escape")
        # Then the view says why nothing was decided, and the session is still at the reveal
        assert isinstance(app.screen, EqualityScreen)
        assert NEEDS_CONDITIONS in toasts(app)
    session = read_session(path)
    assert session.phase == "reveal"
    assert session.decision is None
    assert session.actions == []


def completed_prospective(folder: Path) -> Path:
    """The Ana & Ben example as a complete prospective session decided "go"."""
    path = revealed_example(folder, prospective=True)
    session = read_session(path)
    changes.set_decision(session, "go", "Both of us are ready.", at=FROZEN)
    session.phase = "complete"
    save_session(session, path)
    return path


async def test_a_complete_prospective_session_changes_its_decision(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    # Given an alliance decided "go" in a complete session, opened again
    path = completed_prospective(sessions_dir)
    before = len(read_session(path).events)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
        # Then the summary shows the decision and the key that changes it
        assert_shows(app, "Decision: Go: Both of us are ready.", "f changes the decision.")
        # When the facilitator presses f, chooses no-go and gives a reason
        await settle(pilot, "f")
        assert isinstance(app.screen, ChooseScreen)
        await settle(pilot, "down", "enter")
        assert isinstance(app.screen, LinesScreen)
        await settle(pilot, *["backspace"] * 40)
        await type_text(pilot, "Ben's studio fell through")
        await settle(pilot, "enter")
        # Then the view is back, with the new decision, and says so
        assert isinstance(app.screen, EqualityScreen)
        assert_shows(app, "Decision: No-go: Ben's studio fell through")
        assert any("Decision: No-go." in message for message in toasts(app))
        assert_layout_intact(app)
    session = read_session(path)
    assert session.phase == "complete"
    assert session.decision is not None
    assert (session.decision.outcome, session.decision.reason) == (
        "no-go",
        "Ben's studio fell through",
    )
    (event,) = session.events[before:]
    assert event.kind == "decision"


async def test_a_complete_prospective_session_changed_to_go_with_conditions_asks_for_them(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = without_actions(completed_prospective(sessions_dir))
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot, "f", *GO_WITH_CONDITIONS)
        assert isinstance(app.screen, ConditionsScreen)
        await type_text(pilot, CONDITION)
        await settle(pilot, "ctrl+s", "enter")
        assert isinstance(app.screen, EqualityScreen)
    session = read_session(path)
    assert session.decision is not None and session.decision.outcome == "go-with-conditions"
    assert [a.text for a in session.actions] == [CONDITION]

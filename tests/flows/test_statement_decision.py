"""What values mean in practice, the Value Proposition statement and a prospective
alliance's decision, as the partners and the facilitator meet them (issue 13, points 4-5).

Every text here is hostile (markup, a click action, HTML): it must show literally on the
screen and reach the file and the reports as typed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.conftest import EXAMPLES, screen_lines
from tests.flows.conftest import FROZEN, frozen_clock, write_session
from tests.flows.test_hostile_text import assert_layout_intact, assert_shows
from vp_tui.live.session import LiveSession
from vp_tui.model import changes
from vp_tui.model.flow import Turn, missing_in_turn
from vp_tui.model.templates import builtin_templates
from vp_tui.report.text_report import render_text
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.partner_app import PartnerApp
from vp_tui.ui.screens.choose import ChooseScreen
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.item_detail import ItemDetailScreen
from vp_tui.ui.screens.lines import LinesScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.screens.values_turn import ValuesTurnScreen

MakeApp = Callable[..., VpTuiApp]
EXAMPLE = "2026-11-02-ana-ben-online-course.toml"

MEANING = "a reply [b]within[/b] a day <script>x</script>"
OTHER_MEANING = "[@click=app.quit]a week[/]"
SENTENCE = "We share [red]fairly[/red] & <b>openly</b>"
REASON = "Only once [@click=app.quit]the policy[/] is <i>written</i>"


def revealed_example(folder: Path, *, prospective: bool = False) -> Path:
    """The Ana & Ben example in reveal (a prospective alliance, when asked)."""
    path = folder / EXAMPLE
    shutil.copy(EXAMPLES / EXAMPLE, path)
    text = path.read_text(encoding="utf-8").replace('phase = "complete"', 'phase = "reveal"')
    if prospective:  # a version 2 field
        text = text.replace("version = 1", "version = 2", 1)
        text = text.replace('phase = "reveal"', 'phase = "reveal"\nstage = "prospective"', 1)
    path.write_text(text, encoding="utf-8")
    return path


async def settle(pilot: Pilot[object], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot[object], text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


def values_round(folder: Path) -> Path:
    """A business session of Ana and Ben whose anticipated round is over; Ben has said what
    the first value means to him."""
    path = write_session(folder)
    live = LiveSession.open(path, clock=frozen_clock)
    for who in ("ana", "ben"):
        for target in missing_in_turn(live.session, Turn("anticipated", who)):
            live.rate(who, target, 0 if target == "deal" else 5)
        live.finish_turn(who, "anticipated")
    live.set_meaning("ben", live.session.values[0].item, OTHER_MEANING)
    live.close()
    return path


async def test_a_partner_says_what_a_value_means_and_sees_only_their_own_line(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    # Given Ana's values turn, Ben having written a line for the first value
    path = values_round(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, "enter")
        assert isinstance(app.screen, ValuesTurnScreen)
        # Then Ben's line is nowhere on Ana's screen
        assert "a week" not in "\n".join(screen_lines(app))
        # When she presses m on the first value and types hers
        await settle(pilot, "m")
        assert isinstance(app.screen, LinesScreen)
        await type_text(pilot, MEANING)
        await settle(pilot, "enter")
        # Then it shows under the value, literally, and the file has it with its event
        assert isinstance(app.screen, ValuesTurnScreen)
        assert_shows(app, f"In practice: {MEANING}")
        assert_layout_intact(app)
        assert "a week" not in "\n".join(screen_lines(app))
    session = read_session(path)
    first = session.values[0]
    assert first.meaning == {"ana": MEANING, "ben": OTHER_MEANING}
    assert session.events[-1].kind == "meaning"
    assert session.events[-1].target == f"values/{first.item}"


async def test_the_reveal_shows_different_lines_side_by_side_and_asks_for_a_talk(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    # Given a revealed session where Ana and Ben mean different things by one value
    path = revealed_example(sessions_dir)
    session = read_session(path)
    item = session.values[0].item
    changes.set_meaning(session, "ana", item, MEANING, at=FROZEN)
    changes.set_meaning(session, "ben", item, OTHER_MEANING, at=FROZEN)
    save_session(session, path)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
        # When the facilitator opens the values tab
        await settle(pilot, "3")
        # Then both lines show with the partners' names, and a prompt to talk
        assert_shows(app, f"Ana Ruiz:   {MEANING}", f"Ben Okafor: {OTHER_MEANING}")
        assert_shows(app, f"≠ Different lines: talk about what {item}")
        assert_layout_intact(app)
        # And the talk tab asks about it
        await settle(pilot, "6")
        assert_shows(app, f"For {item}, Ana Ruiz says “{MEANING}” and Ben Okafor")
        # And the value's detail shows both lines by name
        await settle(pilot, "3")
        table = app.screen.query_one("#values-table")
        keys = [row.value for row in table.rows]  # type: ignore[attr-defined]
        await settle(pilot, *["down"] * keys.index(f"values/{item}"), "enter")
        assert isinstance(app.screen, ItemDetailScreen)
        assert_shows(app, "Ana Ruiz, in practice", MEANING, OTHER_MEANING)
        assert app.is_running


async def test_the_partners_agree_the_statement_and_it_heads_the_reports(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    # Given the Ana & Ben example at the reveal
    path = revealed_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
        assert_shows(app, "Not agreed yet: s writes one sentence per component.")
        # When the facilitator presses s: three lines, hinted by what the view found
        await settle(pilot, "s")
        dialog = app.screen
        assert isinstance(dialog, LinesScreen)
        assert_shows(app, "The view found: aligned.", "The view found: at risk.")
        # And types a sentence for the first and the last component (not the values)
        await type_text(pilot, SENTENCE)
        await settle(pilot, "enter", "enter")
        await type_text(pilot, "Ana writes; Ben sells.")
        await settle(pilot, "enter")
        # Then the summary shows them literally under "Our Value Proposition"
        assert isinstance(app.screen, EqualityScreen)
        assert_shows(app, "Our Value Proposition", f"Anticipated value: {SENTENCE}")
        assert_shows(app, "Contribution: Ana writes; Ben sells.")
        assert_layout_intact(app)
    session = read_session(path)
    assert session.statement is not None
    assert session.statement.anticipated == SENTENCE
    assert session.statement.values is None
    assert session.statement.contribution == "Ana writes; Ben sells."
    assert [e.target for e in session.events if e.kind == "statement"] == [
        "anticipated",
        "contribution",
    ]
    report = render_text(session)
    assert report.index("Our Value Proposition") < report.index("Overall:")
    assert SENTENCE in report


async def test_finishing_a_prospective_session_asks_for_the_decision_first(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    # Given an alliance being considered, at the reveal
    path = revealed_example(sessions_dir, prospective=True)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EqualityScreen)
        # When the facilitator presses f: the decision is asked, and cancelling finishes nothing
        await settle(pilot, "f")
        assert isinstance(app.screen, ChooseScreen)
        await settle(pilot, "escape")
        assert isinstance(app.screen, EqualityScreen)
        assert read_session(path).phase == "reveal"
        # When f again, go with conditions, and a reason
        await settle(pilot, "f", "down", "down", "enter")
        assert isinstance(app.screen, LinesScreen)
        assert_shows(app, "The conditions are the session's actions: 2 open now")
        await type_text(pilot, REASON)
        await settle(pilot, "enter")
        # Then the session is complete, with the decision
        assert not isinstance(app.screen, EqualityScreen)
    session = read_session(path)
    assert session.phase == "complete"
    assert session.decision is not None
    assert session.decision.outcome == "go-with-conditions"
    assert session.decision.reason == REASON
    assert f"Decision: Go with conditions: {REASON}" in " ".join(render_text(session).split())


async def test_a_current_session_finishes_without_a_decision(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = revealed_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot, "f")
        assert not isinstance(app.screen, (EqualityScreen, ChooseScreen))
    assert read_session(path).decision is None
    assert read_session(path).phase == "complete"


async def test_the_next_session_of_the_partnership_opens_with_the_statement(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    # Given a completed session of a partnership that agreed a statement
    earlier = read_session(write_session(sessions_dir, phase="complete"))
    earlier.created = FROZEN.replace(year=2025)
    changes.set_statement(earlier, "values", SENTENCE, at=FROZEN)
    save_session(earlier, sessions_dir / "earlier.toml")
    # And the next session of the same partnership, about to be rated
    path = write_session(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        # When it opens
        messages: list[str] = []
        for _ in range(50):  # read in a thread
            await pilot.pause(0.05)
            messages = [toast.message for toast in app._notifications]
            if messages:
                break
        # Then the statement agreed last time is shown, literally
        assert any(f"Shared values: {SENTENCE}" in message for message in messages), messages


async def test_a_hosted_partner_sees_the_templates_words_for_the_round(
    sessions_dir: Path,
) -> None:
    # Given a hosted business session of two partners, the first round open
    live = LiveSession.open(write_session(sessions_dir), clock=frozen_clock)
    live.open_round("anticipated")
    prompts = builtin_templates()["business"].prompts
    try:
        # When Ana connects
        app = PartnerApp(live, "ana", prompts=prompts)
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(20):
                await pilot.pause()
                if isinstance(app.screen, TurnScreen):
                    break
            # Then her turn shows the business words, worded for two partners
            assert isinstance(app.screen, TurnScreen)
            assert_shows(app, "Each of you now rates, for yourself alone")
            assert "your partner" in app.screen.prompt
            assert "the others" not in app.screen.prompt
    finally:
        live.close()

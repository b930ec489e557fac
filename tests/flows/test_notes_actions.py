"""Notes and actions on the notes tab: written, changed, deleted; actions done or dropped."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot

from tests.conftest import EXAMPLES, screen_text
from tests.flows.conftest import frozen_clock
from tests.flows.test_equality import copy_example, reveal
from vp_tui.live.session import LiveSession
from vp_tui.model.replay import replay_steps
from vp_tui.storage import read_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.action import ActionScreen
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.note import NoteScreen
from vp_tui.ui.widgets.notes_pane import RecordList

MakeApp = Callable[..., VpTuiApp]


async def notes_tab(pilot: Pilot[object]) -> RecordList:
    """Open the notes tab; return its list (the keyboard is on it)."""
    screen = await reveal(pilot)
    await pilot.press("5")
    await pilot.pause()
    records = screen.query_one(RecordList)
    assert records.has_focus
    return records


async def highlight(pilot: Pilot[object], records: RecordList, option_id: str) -> None:
    """Move the highlight with the arrow keys onto a note or an action."""
    await pilot.press("home")
    for _ in range(records.option_count):
        option = records.highlighted_option
        if option is not None and option.id == option_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{option_id} is not listed")


def saved(app: VpTuiApp, path: Path) -> dict[str, object]:
    """The session file as written to disk once the app has saved what it holds."""
    assert app.live is not None
    app.live.flush()
    return tomllib.loads(path.read_text(encoding="utf-8"))


def lines_with(app: VpTuiApp, text: str) -> str:
    """The line of the screen that shows ``text`` and the line below it."""
    lines = screen_text(app).splitlines()
    at = next(number for number, line in enumerate(lines) if text in line)
    return " / ".join(line.strip() for line in lines[at : at + 2])


async def test_a_note_is_written_changed_and_deleted(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        records = await notes_tab(pilot)
        await pilot.press("n", *"Ask the lawyer", "ctrl+s")
        await pilot.pause()
        assert "Notes (3)" in screen_text(app)
        assert records.highlighted_option is not None
        assert records.highlighted_option.id == "note/n3"  # the new note

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert "Change the note" in screen_text(app)
        assert "Ask the lawyer" in screen_text(app)
        await pilot.press(*" by Friday", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        assert "Ask the lawyer by Friday" in screen_text(app)

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ask the lawyer by Friday" in screen_text(app)
        await pilot.press("enter")  # the default answer keeps it
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        assert "Notes (3)" in screen_text(app)

        await pilot.press("delete", "y")
        await pilot.pause()
        assert "Notes (2)" in screen_text(app)
        assert "Ask the lawyer" not in screen_text(app)
        data = saved(app, path)
    notes = data["notes"]
    assert isinstance(notes, list)
    assert [note["id"] for note in notes] == ["n1", "n2"]
    kinds = [event["kind"] for event in data["events"]]  # type: ignore[attr-defined]
    assert kinds[-3:] == ["note", "note-edit", "note-delete"]


async def test_an_action_for_everyone_is_done_then_dropped(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir, phase="complete")  # as shipped: its history is whole
    assert all(step.kind != "edited" for step in replay_steps(read_session(path)))
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        records = await notes_tab(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionScreen)
        assert "today is 2026-11-27" in screen_text(app)  # the app's clock
        await pilot.press(*"Sign the contract", "tab", "enter")
        await pilot.pause()
        for name in ("Ana Ruiz", "Ben Okafor", "Facilitator (Lynda Carter)", "Everyone", "Nobody"):
            assert name in screen_text(app)
        await pilot.press("up", "enter", "tab", *"2026-12-15", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        assert records.highlighted_option is not None
        assert records.highlighted_option.id == "action/a3"
        shown = lines_with(app, "Sign the contract")
        assert shown == "○ Sign the contract / owner: Everyone  due 2026-12-15"

        await pilot.press("d")
        await pilot.pause()
        shown = lines_with(app, "Sign the contract")
        assert shown == "✓ Sign the contract / owner: Everyone  due 2026-12-15  done"
        await pilot.press("space")
        await pilot.pause()
        shown = lines_with(app, "Sign the contract")
        assert shown == "✗ Sign the contract / owner: Everyone  due 2026-12-15  dropped"
        data = saved(app, path)
    assert data["version"] == 2
    action = data["actions"][-1]  # type: ignore[index]
    assert action == {
        "id": "a3",
        "text": "Sign the contract",
        "owner": "everyone",
        "due": date(2026, 12, 15),
        "status": "dropped",
    }
    # The older actions of the version 1 file got the ids their listing showed.
    assert [a["id"] for a in data["actions"]] == ["a1", "a2", "a3"]  # type: ignore[attr-defined]
    steps = replay_steps(read_session(path))
    assert all(step.kind != "edited" for step in steps)
    assert all("Edited by hand" not in step.says for step in steps)


async def test_an_action_is_changed_in_its_prefilled_dialog(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        records = await notes_tab(pilot)
        await highlight(pilot, records, "action/a1")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionScreen)
        text = screen_text(app)
        assert "Change the action" in text
        assert "Agree a written support policy with response times" in text
        assert "Ben Okafor" in text
        await pilot.press("tab", "tab", *"2026-12-01", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        assert lines_with(app, "Agree a written support policy") == (
            "○ Agree a written support policy with response times"
            " / owner: Ben Okafor  due 2026-12-01"
        )
        data = saved(app, path)
    first = data["actions"][0]  # type: ignore[index]
    assert first["owner"] == "ben"
    assert first["due"] == date(2026, 12, 1)
    assert first.get("status", "open") == "open"  # the default is left out


async def test_a_bad_due_date_is_refused_and_nothing_saved(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir)
    before = read_session(path)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await notes_tab(pilot)
        await pilot.press("a", *"Sign the contract", "tab", "tab", *"2026-02-30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionScreen)
        message = "Not a date: write YYYY-MM-DD, like 2026-11-27, or leave it empty."
        assert message in screen_text(app)
        await pilot.press("backspace", "1")  # typing again clears the message
        await pilot.pause()
        assert "Not a date" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        assert "Sign the contract" not in screen_text(app)
        assert app.live is not None
        app.live.flush()
    after = read_session(path)
    assert after.actions == before.actions
    assert after.events == before.events


async def test_the_keys_for_a_record_are_in_the_key_bar(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await notes_tab(pilot)
        bar = screen_text(app).splitlines()[-1]
        # n, a and s (the statement) share one description to fit 80 columns
        for words in ("Edit", "x Delete", "d Status", "n a s Write", "b Back"):
            assert words in bar


class PartnerReveal(App[None]):
    """The reveal as a partner of a hosted session sees it: to look at, not to write."""

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live

    def on_mount(self) -> None:
        self.push_screen(EqualityScreen(self.live, facilitator=False))


async def test_a_partner_changes_no_note_or_action(sessions_dir: Path) -> None:
    path = copy_example(sessions_dir)
    live = LiveSession.open(path, clock=frozen_clock)
    try:
        async with PartnerReveal(live).run_test(size=(80, 24)) as pilot:
            await notes_tab(pilot)
            bar = screen_text(pilot.app).splitlines()[-1]
            assert "Edit" not in bar and "Delete" not in bar and "Status" not in bar
            await pilot.press("down", "enter", "x", "delete", "d", "space")
            await pilot.pause()
            assert isinstance(pilot.app.screen, EqualityScreen)
    finally:
        live.close()
    assert len(live.session.events) == len(read_session(EXAMPLES / path.name).events)

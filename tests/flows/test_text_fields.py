"""Typed text is never dropped: limits are shown and refused in words, and keys of one read
(text and a Tab, or a paste) each land where the person meant them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.widgets import Input, Select, Static, TabbedContent, TextArea

from tests.conftest import screen_text
from tests.flows.conftest import write_session
from tests.flows.test_setup import add_entry, go_to, item_list, names, setup_screen
from tests.flows.test_turns import prepare, saved
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.action import ActionDraft, ActionScreen
from vp_tui.ui.screens.brings_turn import BringsTurnScreen
from vp_tui.ui.screens.note import NoteScreen
from vp_tui.ui.widgets.reveal import Focus

SIZE = (80, 24)
MakeApp = Callable[..., VpTuiApp]


def one_read(app: App[object], text: str) -> None:
    """Keys that reach the app in one read of the terminal (tmux send-keys, a fast typist)."""
    names = {"\t": "tab", "\r": "enter", " ": "space"}
    for character in text:
        app.post_message(events.Key(names.get(character, character), character))


def pasted(app: App[object], text: str) -> None:
    """A bracketed paste, as the terminal delivers it to the focused widget."""
    app.post_message(events.Paste(text))


# Keys of one read -----------------------------------------------------------------------


async def test_a_fast_tab_after_a_name_puts_the_rest_in_the_role(make_app: MakeApp) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await go_to(pilot, "partners")
        await pilot.press("a")
        await pilot.pause()
        # Given the new partner's name box, when "Ana⇥CEO" arrives in one read
        one_read(pilot.app, "Ana Ruiz\tCEO")
        await pilot.pause()
        # then the name is the name and the role is the role
        assert screen.query_one("#name", Input).value == "Ana Ruiz"
        assert screen.query_one("#detail", Input).value == "CEO"
        await pilot.press("enter")
        await pilot.pause()
        assert [(e.name, e.detail) for e in item_list(screen, "partners").entries] == [
            ("Ana Ruiz", "CEO")
        ]


async def test_a_pasted_name_and_role_fill_both_boxes(make_app: MakeApp) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await go_to(pilot, "partners")
        await pilot.press("a")
        await pilot.pause()
        # A row copied from a spreadsheet: name, Tab, role (and its line break)
        pasted(pilot.app, "Ben Okafor\tHead of\nsales\n")
        await pilot.pause()
        assert screen.query_one("#name", Input).value == "Ben Okafor"
        assert screen.query_one("#detail", Input).value == "Head of sales"


# Limits ---------------------------------------------------------------------------------


async def test_a_long_partner_name_is_kept_counted_and_refused(make_app: MakeApp) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await go_to(pilot, "partners")
        await pilot.press("a")
        await pilot.pause()
        name = "Anastasia Konstantinopoulou-Papadimitriou"  # 41 characters
        pasted(pilot.app, name)
        await pilot.pause()
        box = screen.query_one("#name", Input)
        assert box.value == name
        assert "41/40: 1 too many" in screen_text(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        assert "The name is too long: 41 characters, at most 40" in screen_text(pilot.app)
        assert box.value == name  # still there, to be shortened
        assert names(screen, "partners") == []


async def test_a_ninth_partner_is_refused_in_words(make_app: MakeApp) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await go_to(pilot, "partners")
        for number in range(1, 9):
            await add_entry(pilot, f"P{number}")
        await pilot.press("a")
        await pilot.pause()
        assert "At most 8 partners: remove one to add another." in screen_text(pilot.app)
        assert len(names(screen, "partners")) == 8
        await pilot.press("x")
        await pilot.pause()
        assert "At most 8 partners" not in screen_text(pilot.app)


async def test_setup_tabs_change_by_keys_shown_in_the_key_bar(make_app: MakeApp) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        assert "f2 f3 Tabs" in screen_text(pilot.app).splitlines()[-1]
        tabs = screen.query_one(TabbedContent)
        await pilot.press("f3")
        await pilot.pause()
        assert tabs.active == "partners"
        await pilot.press("f3", "f2", "f2")
        await pilot.pause()
        assert tabs.active == "session"


async def test_a_long_paste_of_what_you_bring_is_kept_and_refused(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = write_session(sessions_dir)
    prepare(path, ["anticipated", "values"])
    app = make_app("open", path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BringsTurnScreen)
        text = ("Ten years of wholesale contacts in the north " * 13)[:560]
        pasted(app, text)
        await pilot.pause()
        box = app.screen.query_one("#brings-input", Input)
        assert box.value == text
        assert "560/80: 480 too many" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "At most 80 characters: this has 560 (480 too many)." in screen_text(app)
        assert box.value == text
        contribution = saved(app, path).contribution_of("ana")
        assert contribution is None or contribution.brings == []


class DialogApp(App[object]):
    """An app that shows one dialog and keeps what it returns."""

    def __init__(self, dialog: ActionScreen | NoteScreen) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


PARTNERS = [(f"p{n}", f"Partner {n}") for n in range(1, 9)]


async def test_the_action_dialog_says_only_what_is_still_wrong() -> None:
    app = DialogApp(ActionScreen(PARTNERS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#action-error", Static)
        assert "Write something first." in screen_text(app)
        await pilot.press(*"Call")
        await pilot.pause()
        assert "Write something first." not in screen_text(app)
        # A paste longer than the file takes is kept whole, counted, and refused
        text = "x" * 2100
        pasted(app, text)
        await pilot.pause()
        assert app.screen.query_one("#action-text", Input).value == "Call" + text
        assert "2,104/2,000: 104 too many" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "At most 2,000 characters: this text has 2,104." in str(error.render())
        await pilot.press(*["backspace"] * 104, "enter")
        await pilot.pause()
    assert app.results == [ActionDraft("Call" + "x" * 1996, None)]


async def test_the_owner_list_opens_inside_the_action_dialog() -> None:
    app = DialogApp(ActionScreen(PARTNERS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "enter")
        await pilot.pause()
        select = app.screen.query_one(Select)
        assert select.expanded
        overlay = select.query_one("SelectOverlay")
        dialog = app.screen.query_one("#action-dialog")
        # Every owner is listed within the dialog's border, none drawn over it
        assert dialog.content_region.contains_region(overlay.region)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert select.value == "p2"


async def test_a_long_note_is_counted_and_refused_without_cutting() -> None:
    app = DialogApp(NoteScreen([Focus("general")]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Write something first." in screen_text(app)
        area = app.screen.query_one(TextArea)
        area.insert("y" * 2001)
        await pilot.pause()
        assert "Write something first." not in screen_text(app)
        assert "2,001/2,000: 1 too many" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "At most 2,000 characters: this text has 2,001." in screen_text(app)
        assert len(area.text) == 2001
    assert app.results == []

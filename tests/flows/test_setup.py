"""Setting up a new session by keys, as a facilitator would, at 80×24."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select, TabbedContent

from tests.conftest import screen_text
from vp_tui.model.templates import builtin_templates
from vp_tui.storage import read_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.screens.home import HomeScreen
from vp_tui.ui.screens.setup import SetupScreen
from vp_tui.ui.widgets.item_list import ItemList

SIZE = (80, 24)
BUSINESS = builtin_templates()["business"]
JOINT_VENTURE = builtin_templates()["joint-venture"]


async def setup_screen(pilot: Pilot[object]) -> SetupScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen)
    return screen


async def type_text(pilot: Pilot[object], text: str) -> None:
    await pilot.press(*text)


async def paste(pilot: Pilot[object], text: str) -> None:
    """Paste into the focused widget, as a terminal does (quicker than typing it)."""
    focused = pilot.app.focused
    assert focused is not None
    focused.post_message(events.Paste(text))
    await pilot.pause()


async def go_to(pilot: Pilot[object], pane: str) -> None:
    """Press ctrl+pagedown until the tab is shown."""
    tabs = pilot.app.screen.query_one(TabbedContent)
    for _ in range(5):
        if tabs.active == pane:
            break
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
    assert tabs.active == pane


async def add_entry(pilot: Pilot[object], name: str, detail: str | None = None) -> None:
    """Press a, type the name (tab, the role), enter."""
    await pilot.press("a")
    await type_text(pilot, name)
    if detail is not None:
        await pilot.press("tab")
        await type_text(pilot, detail)
    await pilot.press("enter")
    await pilot.pause()


def item_list(screen: SetupScreen, name: str) -> ItemList:
    return screen.query_one(f"#{name}-list", ItemList)


def names(screen: SetupScreen, name: str) -> list[str]:
    return [entry.name for entry in item_list(screen, name).entries]


def shown_error(screen: SetupScreen, selector: str) -> str:
    """The error label's text when it is shown, else ''."""
    label = screen.query_one(selector, Label)
    return str(label.render()) if label.display else ""


def session_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


async def fill_session_tab(pilot: Pilot[object], title: str = "Ana & Ben JV") -> None:
    await type_text(pilot, title)
    await pilot.press("tab", "tab")
    await type_text(pilot, "Lynda")
    await pilot.press("enter")
    await pilot.pause()


async def test_a_session_is_set_up_by_keys_and_saved_ready_for_rating(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        assert app.focused is screen.query_one("#title", Input)
        # Given a title and the joint-venture kind picked from the list
        await type_text(pilot, "Ana & Ben: online course")
        await pilot.press("tab", "enter", "down", "down", "enter")
        await pilot.pause()
        assert screen.query_one("#kind", Select).value == "joint-venture"
        assert names(screen, "benefits") == JOINT_VENTURE.benefits
        await pilot.press("tab")
        await type_text(pilot, "Lynda")
        # When three partners are added (enter from the facilitator goes to the partners)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "partners"
        await add_entry(pilot, "Ana Ruiz", "Course author")
        await add_entry(pilot, "Ben Okafor")
        await add_entry(pilot, "Ana-Ruiz")
        # and the benefits edited: the first renamed, the second removed, the last moved up
        await go_to(pilot, "benefits")
        await pilot.press("home", "r", "ctrl+u")
        await type_text(pilot, "Income from course sales")
        await pilot.press("enter", "down", "x", "end", "ctrl+up")
        await pilot.pause()
        expected = ["Income from course sales", *JOINT_VENTURE.benefits[2:]]
        expected[-2], expected[-1] = expected[-1], expected[-2]
        assert names(screen, "benefits") == expected
        # and the rounds are started
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.live is not None
        app.live.flush()
        # Then the session file holds what was typed, in phase rating
        [path] = session_files(sessions_dir)
        assert path.name == "2026-11-27-ana-ben-online-course.toml"
        session = read_session(path)
        assert session.phase == "rating"
        assert session.title == "Ana & Ben: online course"
        assert session.kind == "joint-venture"
        assert session.facilitator == "Lynda"
        assert [(p.id, p.name, p.role) for p in session.partners] == [
            ("ana-ruiz", "Ana Ruiz", "Course author"),
            ("ben-okafor", "Ben Okafor", None),
            ("ana-ruiz-2", "Ana-Ruiz", None),
        ]
        assert [item.item for item in session.benefits] == expected
        assert [item.item for item in session.costs] == JOINT_VENTURE.costs
        assert [item.item for item in session.values] == JOINT_VENTURE.values
        assert [c.partner for c in session.contributions] == [
            "ana-ruiz",
            "ben-okafor",
            "ana-ruiz-2",
        ]
        assert session.created.isoformat() == "2026-11-27T10:00:00+00:00"


async def test_a_too_long_title_is_refused_next_to_the_field(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await paste(pilot, "T" * 121)
        assert shown_error(screen, "#title-error") == (
            "The title is too long: 121 characters, at most 120"
        )
        await go_to(pilot, "partners")
        await add_entry(pilot, "Ana")
        await add_entry(pilot, "Ben")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Still setting up, on the Session tab with the title focused, and no file
        assert pilot.app.screen is screen
        assert screen.query_one(TabbedContent).active == "session"
        assert pilot.app.focused is screen.query_one("#title", Input)
        assert "The title is too long" in screen_text(pilot.app)
        assert session_files(sessions_dir) == []
        # Deleting one character clears the error
        await pilot.press("end", "backspace")
        await pilot.pause()
        assert shown_error(screen, "#title-error") == ""


async def test_a_duplicate_partner_is_refused_and_one_partner_cannot_start(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await fill_session_tab(pilot)
        await add_entry(pilot, "Ana Ruiz")
        # The same name again, in other case and spacing, is refused under the editor
        await add_entry(pilot, "ana  RUIZ")
        assert shown_error(screen, "#partners-list #edit-error") == "Duplicate partner 'ana  RUIZ'"
        assert names(screen, "partners") == ["Ana Ruiz"]
        assert isinstance(pilot.app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SetupScreen)
        assert shown_error(screen, "#partners-list #edit-error") == ""
        # With one partner, start is refused with the error next to the list
        await go_to(pilot, "session")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.query_one(TabbedContent).active == "partners"
        assert pilot.app.focused is item_list(screen, "partners").options
        assert shown_error(screen, "#partners-list #list-error") == (
            "There must be at least 2 partners (now 1)"
        )
        assert session_files(sessions_dir) == []
        # A second partner clears it
        await add_entry(pilot, "Ben")
        assert shown_error(screen, "#partners-list #list-error") == ""


async def test_a_duplicate_item_is_refused_next_to_the_list(
    make_app: Callable[..., VpTuiApp],
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await go_to(pilot, "costs")
        await add_entry(pilot, " money  INVESTED")
        assert shown_error(screen, "#costs-list #edit-error") == (
            "Duplicate item 'money  INVESTED'"
        )
        assert "Duplicate item 'money  INVESTED'" in screen_text(pilot.app)
        assert names(screen, "costs") == BUSINESS.costs
        # Renaming an item to another's name is refused too
        await pilot.press("escape", "home", "r", "ctrl+u")
        await type_text(pilot, "effort")
        await pilot.press("enter")
        await pilot.pause()
        assert shown_error(screen, "#costs-list #edit-error") == "Duplicate item 'Effort'"
        assert names(screen, "costs") == BUSINESS.costs


async def test_an_emptied_list_and_a_control_character_are_refused_at_start(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await fill_session_tab(pilot, "Fine title")
        # As if pasted: an escape sequence in the facilitator's name
        screen.query_one("#facilitator", Input).value = "Lyn\x1b[31mda"
        await add_entry(pilot, "Ana")
        await add_entry(pilot, "Ben")
        await go_to(pilot, "values")
        await pilot.press(*["x"] * len(BUSINESS.values))
        await pilot.pause()
        assert names(screen, "values") == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session_files(sessions_dir) == []
        assert shown_error(screen, "#facilitator-error") == (
            "The facilitator's name contains a control character (U+001B)"
        )
        assert shown_error(screen, "#values-list #list-error") == "Add at least one value"
        # The first problem is focused: the facilitator, on the Session tab
        assert screen.query_one(TabbedContent).active == "session"
        assert pilot.app.focused is screen.query_one("#facilitator", Input)


async def test_escape_with_nothing_typed_goes_home(make_app: Callable[..., VpTuiApp]) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        await setup_screen(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_escape_after_typing_asks_first(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await type_text(pilot, "Half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.query_one("#title", Input).value == "Half typed"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        assert session_files(sessions_dir) == []


async def test_changing_the_kind_asks_before_replacing_edited_lists(
    make_app: Callable[..., VpTuiApp],
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await go_to(pilot, "benefits")
        await add_entry(pilot, "Fun")
        await go_to(pilot, "session")
        kind = screen.query_one("#kind", Select)
        kind.value = "personal"
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        # Kept: the edited lists stay, and the session takes the new kind
        assert names(screen, "benefits") == [*BUSINESS.benefits, "Fun"]
        kind.value = "team"
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert names(screen, "benefits") == builtin_templates()["team"].benefits
        # Unedited lists are replaced without a question
        kind.value = "affiliate"
        await pilot.pause()
        assert pilot.app.screen is screen
        assert names(screen, "benefits") == builtin_templates()["affiliate"].benefits


async def test_a_partner_named_with_markup_is_kept_literally(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        await setup_screen(pilot)
        await fill_session_tab(pilot)
        await add_entry(pilot, "[b]x[/b]", "[@click=app.quit]y[/]")
        await add_entry(pilot, "Ben")
        text = screen_text(app)
        assert "1. [b]x[/b]  · [@click=app.quit]y[/]" in text
        assert isinstance(app.focused, OptionList)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.live is not None
        app.live.flush()
        [path] = session_files(sessions_dir)
        session = read_session(path)
        assert [(p.id, p.name, p.role) for p in session.partners] == [
            ("b-x-b", "[b]x[/b]", "[@click=app.quit]y[/]"),
            ("ben", "Ben", None),
        ]


async def test_the_partner_list_stops_at_eight(make_app: Callable[..., VpTuiApp]) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await go_to(pilot, "partners")
        for number in range(1, 9):
            await add_entry(pilot, f"P{number}")
        await pilot.press("a")
        await pilot.pause()
        assert names(screen, "partners") == [f"P{n}" for n in range(1, 9)]
        assert item_list(screen, "partners").editing is None


async def test_a_click_highlights_a_partner_and_a_double_click_edits_them(
    make_app: Callable[..., VpTuiApp],
) -> None:
    async with make_app("new").run_test(size=SIZE) as pilot:
        screen = await setup_screen(pilot)
        await fill_session_tab(pilot)
        await add_entry(pilot, "Ana Ruiz")
        await add_entry(pilot, "Ben Okafor")
        partners = item_list(screen, "partners")
        partners.focus_entry(0)
        await pilot.pause()
        # One click on Ben: highlighted, nothing opened for editing.
        assert await pilot.click(partners.options, offset=(4, 2))  # under the top border
        await pilot.pause()
        assert (partners.options.highlighted, partners.editing) == (1, None)
        # Two clicks: Ben is opened for editing, his name in the box.
        assert await pilot.click(partners.options, offset=(4, 2), times=2)
        await pilot.pause()
        assert partners.editing == 1
        assert isinstance(pilot.app.focused, Input) and pilot.app.focused.value == "Ben Okafor"

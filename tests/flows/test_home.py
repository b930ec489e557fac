"""The home screen as a user meets it: the sessions listed, opened, deleted; help and palette."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from tests.conftest import BROKEN, screen_strips, screen_text, shows
from tests.flows.conftest import FROZEN, frozen_clock
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.storage import SessionLock, save_session
from vp_tui.ui import screens
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens import home
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.screens.help import HelpScreen, screen_keys
from vp_tui.ui.screens.home import HomeChoice, HomeScreen
from vp_tui.ui.screens.setup import SetupScreen
from vp_tui.ui.widgets.session_table import SessionRow, SessionTable, fit_widths

HOSTILE = "[b]x[/b] [@click=app.quit]y[/]"

EXAMPLE_VERDICTS = {
    "Greenleaf Tea & Wanderblog — affiliate programme": "unrevealed",
    "River FC under-18s — coach and captains": "aligned",
    "Ana & Ben — online course joint venture": "at risk",
    "Northwind Foods & Bloom Bakery — wholesale partnership": "aligned",
    "Sam & Alex — our shared home": "out of sync",
    "Northwind Foods & Bloom Bakery — summer review": "at risk",
    "Northwind Foods & Bloom Bakery — first look": "at risk",
}
"""The shipped examples, newest first, and their overall verdicts."""


class HomeOnly(App[None]):
    """The home screen alone, with the app's styles; remembers what it was dismissed with."""

    CSS_PATH = [
        str(Path(screens.__file__).parent.parent / "app.tcss"),
        str(Path(screens.__file__).parent.parent / "styles" / "home.tcss"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.animation_level = "none"
        self.folder = folder
        self.choices: list[HomeChoice] = []

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.folder, clock=frozen_clock), self.choices.append)


def still(app: VpTuiApp) -> VpTuiApp:
    """The app without animations: scrolling and dialogs settle at once."""
    app.animation_level = "none"
    return app


async def loaded(pilot: Pilot[object]) -> HomeScreen:
    """Wait until the home screen has read the folder; return it."""
    await pilot.pause()
    app = pilot.app
    loading = [worker for worker in app.workers if worker.group == "home-load"]
    if loading:  # (an empty list would wait for every worker, the app's flow included)
        await app.workers.wait_for_complete(loading)
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def palette_ready(pilot: Pilot[object]) -> None:
    """Wait until the command palette has gathered the commands that match the search."""
    await pilot.pause()
    app = pilot.app
    group = CommandPalette._GATHER_COMMANDS_GROUP
    gathering = [worker for worker in app.workers if worker.group == group]
    if gathering:
        await app.workers.wait_for_complete(gathering)
    await pilot.pause()


def titles(screen: HomeScreen) -> list[str]:
    return [row.title for row in screen.query_one(SessionTable).session_rows.values()]


def rows(screen: HomeScreen) -> list[SessionRow]:
    return list(screen.query_one(SessionTable).session_rows.values())


def write_titled(folder: Path, title: str, name: str = "hostile.toml") -> Path:
    session = new_session(
        builtin_templates()["business"],
        title=title,
        partners=[("ana", "[red]Ana[/red]"), ("ben", "Ben")],
        created=FROZEN,
    )
    path = folder / name
    save_session(session, path)
    return path


async def test_the_examples_are_listed_newest_first_with_their_verdicts(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    async with still(make_app()).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert [(row.title, row.verdict) for row in rows(screen)] == list(EXAMPLE_VERDICTS.items())
        text = screen_text(pilot.app)
        assert shows(pilot.app, f"7 files in {example_sessions}")
        for verdict in ("unrevealed", "aligned", "at risk", "out of sync"):
            assert verdict in text
        assert "2026-11-02" in text and "joint-ve" in text and "complete" in text
        # At 80 columns a long title is cut with an ellipsis; the panel below shows it whole.
        assert "Greenleaf Tea & Wanderb…" in text
        assert "Greenleaf Tea & Wanderblog — affiliate programme" in text
        assert "Partners: Greenleaf Tea, Wanderblog" in text


async def test_a_wide_terminal_shows_whole_titles_and_partners(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    async with still(make_app()).run_test(size=(160, 30)) as pilot:
        await loaded(pilot)
        text = screen_text(pilot.app)
        for line in text.splitlines():
            if "River FC" in line:
                assert "River FC under-18s — coach and captains" in line
                assert "Jo Hartley, Mia Santos, Leo Novak, Kai Tanaka" in line


def test_the_title_gets_the_spare_width() -> None:
    row = SessionRow(Path("a.toml"), "T" * 100, "joint-venture", ("P" * 50,), "2026-11-02")
    narrow, wide = fit_widths([row], 78), fit_widths([row], 200)
    assert sum(narrow.values()) + 6 == 78 and sum(wide.values()) + 6 == 200
    assert narrow["date"] == wide["date"] == 10 and narrow["verdict"] == len("invalid")
    assert narrow["title"] >= 20 and narrow["partners"] >= 10
    assert wide["title"] > 100 and wide["partners"] == 50


async def test_an_empty_folder_says_how_to_start(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with still(make_app()).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        hint = screen.query_one("#home-empty", Static)
        assert str(hint.content) == f"No sessions yet in {sessions_dir} — press n to start one."
        text = screen_text(pilot.app)
        assert "No sessions yet in" in text and "Title" not in text


async def test_a_broken_file_is_listed_as_invalid_and_cannot_be_opened(
    sessions_dir: Path, example_sessions: Path
) -> None:
    shutil.copy(BROKEN / "deal-4.toml", sessions_dir / "broken.toml")
    app = HomeOnly(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        broken = rows(screen)[-1]
        assert (broken.title, broken.verdict) == ("broken.toml", "invalid")
        assert broken.error is not None and "deal answer must be a whole number" in broken.error
        await pilot.press("end")
        text = screen_text(app)
        assert "broken.toml cannot be opened (it can only be deleted)" in text
        assert "deal.ana: a deal answer must be a whole number from -3 to 3, got 4" in text
        await pilot.press("enter", "o", "r")
        await pilot.double_click(SessionTable, offset=(3, 8))  # the broken row
        await pilot.pause()
        assert app.choices == [] and app.screen is screen
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)


async def test_enter_opens_the_highlighted_session(
    sessions_dir: Path, example_sessions: Path
) -> None:
    app = HomeOnly(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        second = rows(screen)[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.choices == [HomeChoice("open", second.path)]


@pytest.mark.parametrize(("key", "action"), [("o", "open"), ("r", "replay")])
async def test_o_opens_and_r_replays(
    sessions_dir: Path, example_sessions: Path, key: str, action: str
) -> None:
    app = HomeOnly(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        first = rows(await loaded(pilot))[0]
        await pilot.press(key)
        await pilot.pause()
        assert app.choices == [HomeChoice(action, first.path)]  # type: ignore[arg-type]


async def test_a_click_selects_and_a_double_click_opens(
    sessions_dir: Path, example_sessions: Path
) -> None:
    app = HomeOnly(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        second, third = rows(screen)[1:3]
        # The table's first line is its header: the third session is on line 3.
        await pilot.click(SessionTable, offset=(5, 3))
        await pilot.pause()
        assert app.choices == [] and screen.highlighted == third
        await pilot.click(SessionTable, offset=(5, 3))
        await pilot.pause()
        assert app.choices == []
        # A double click opens the row it is on, wherever the cursor was.
        await pilot.double_click(SessionTable, offset=(5, 2))
        await pilot.pause()
        assert app.choices == [HomeChoice("open", second.path)]


async def test_delete_asks_and_deletes_only_on_yes(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    async with still(make_app()).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        first = rows(screen)[0].path
        # No, escape, enter on the focused "Keep" button, and any other key keep the file.
        for keys in (["n"], ["escape"], ["x", "space", "enter"]):
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmScreen)
            question = pilot.app.screen.query_one("#confirm-question", Static)
            assert str(question.content).startswith(
                f"Delete the session “{rows(screen)[0].title}”?"
            )
            assert "Delete the session “Greenleaf" in screen_text(pilot.app)
            await pilot.press(*keys)
            await pilot.pause()
            assert pilot.app.screen is screen and first.exists()
        await pilot.press("d", "y")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert not first.exists()
        assert first not in [row.path for row in rows(screen)]
        assert "6 files in" in screen_text(pilot.app)


async def test_the_delete_buttons_work_with_the_mouse(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    async with still(make_app()).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        first = rows(screen)[0].path
        await pilot.press("d")
        await pilot.click("#confirm-no")
        await pilot.pause()
        assert first.exists()
        await pilot.press("d")
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert not first.exists()


async def test_a_session_open_elsewhere_is_not_deleted(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    async with still(make_app()).run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        first = rows(screen)[0].path
        with SessionLock(first, holder="another vp-tui"):
            await pilot.press("d", "y")
            await pilot.pause()
        assert first.exists() and first in [row.path for row in rows(screen)]
        assert pilot.app.screen is screen
        text = screen_text(pilot.app)
        assert "Not deleted" in text and "already open for writing by" in text


async def test_q_quits(make_app: Callable[..., VpTuiApp], example_sessions: Path) -> None:
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


async def test_n_goes_to_the_setup_of_a_new_session(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_a_hostile_title_shows_literally_and_clicking_it_does_nothing(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    write_titled(sessions_dir, HOSTILE)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        text = screen_text(app)
        cell = next(line for line in text.splitlines() if "business" in line)
        assert "[b]x[/b] [@click=app.quit]y[" in cell  # the table, cut at 80 columns
        assert HOSTILE in text  # the panel below, whole
        assert "Partners: [red]Ana[/red], Ben" in text
        await pilot.click(SessionTable, offset=(12, 1))
        await pilot.click("#home-detail", offset=(14, 1))
        await pilot.pause()
        assert app.return_code is None and app.screen is screen


async def test_refresh_reads_the_folder_again(
    make_app: Callable[..., VpTuiApp], sessions_dir: Path
) -> None:
    async with still(make_app()).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert titles(screen) == []
        write_titled(sessions_dir, "Added meanwhile", "added.toml")
        await pilot.press("f5")
        await loaded(pilot)
        assert titles(screen) == ["Added meanwhile"]
        (sessions_dir / "added.toml").unlink()
        await pilot.press("ctrl+r")
        await loaded(pilot)
        assert titles(screen) == []


async def test_refresh_keeps_the_cursor_on_its_session(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    async with still(make_app()).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("down", "down")
        third = screen.highlighted
        assert third is not None and third.title.startswith("Ana & Ben")
        await pilot.press("f5")
        await loaded(pilot)
        assert screen.highlighted == third


async def test_the_screen_answers_while_files_are_still_loading(
    make_app: Callable[..., VpTuiApp], example_sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    summarise = home.SummaryCache.summary

    def slow_summarise(self: home.SummaryCache, path: Path) -> SessionRow:
        release.wait(timeout=10)
        return summarise(self, path)

    monkeypatch.setattr(home.SummaryCache, "summary", slow_summarise)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Reading 0 of 7 files in" in screen_text(app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        release.set()
        screen = await loaded(pilot)
        assert len(titles(screen)) == 7


async def test_a_second_start_lists_known_sessions_in_its_first_frame(
    make_app: Callable[..., VpTuiApp], example_sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with still(make_app()).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)  # reads every file and keeps the summaries

    def no_reading(path: Path) -> SessionRow:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr("vp_tui.storage.summary.read_summary", no_reading)
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#home-status", Static)
        assert str(status.content) == f"7 files in {example_sessions}"
        assert "Partners: Greenleaf Tea, Wanderblog" in screen_text(app)
        assert not [worker for worker in app.workers if worker.group == "home-load"]


def footer_keys(screen: Screen[object]) -> dict[str, bool]:
    """The words on the bottom line: True when drawn like "New" (always allowed), False when
    drawn fainter (Textual draws dim text in a colour closer to the background)."""
    bottom = [segment for segment in screen_strips(screen)[-1] if segment.style]
    colours = {segment.text.strip(): segment.style.color for segment in bottom}  # type: ignore[union-attr]
    return {text: colour == colours["New"] for text, colour in colours.items() if text}


async def test_the_footer_dims_what_the_highlighted_file_does_not_allow(
    sessions_dir: Path, example_sessions: Path
) -> None:
    shutil.copy(BROKEN / "deal-4.toml", sessions_dir / "zz-broken.toml")
    app = HomeOnly(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        shown = footer_keys(screen)
        assert shown["Open"] and shown["Replay"] and shown["Delete"] and shown["New"]
        await pilot.press("end")
        await pilot.pause()
        shown = footer_keys(screen)
        assert not shown["Open"] and not shown["Replay"] and shown["Delete"]
        await pilot.press("home")
        await pilot.pause()
        assert footer_keys(screen)["Open"]


async def test_an_empty_folder_dims_open_and_delete(sessions_dir: Path) -> None:
    app = HomeOnly(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        shown = footer_keys(screen)
        assert not shown["Open"] and not shown["Delete"] and shown["New"] and shown["Quit"]


async def test_help_lists_the_keys_of_the_screen_below_and_the_scales(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = [str(static.content) for static in app.screen.query(Static)]
        for words in ("New", "Open", "Delete", "Refresh", "Quit", "Command palette"):
            assert any(words in line for line in shown), words
        assert "Cursor up" not in shown
        text = screen_text(app)
        assert "⏎ / o" in text and "n " in text
        for key in ("escape", "f1", "q"):
            if not isinstance(app.screen, HelpScreen):
                await pilot.press("f1")
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        await pilot.press("f1")
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "my partners get a much better deal" in text
        assert "incomplete" in text and "out of sync" in text


async def test_help_lists_a_screens_own_hidden_keys_but_not_textuals() -> None:
    class Rating(Screen[None]):
        BINDINGS = [
            Binding("f3", "rate(1)", "Rate 1", show=False),
            Binding("ctrl+s", "done", "Done"),
        ]

        def compose(self) -> ComposeResult:
            yield Input()

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Rating())

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Input)
        keys = {line.description: line for line in screen_keys(app.screen)}
        assert keys["Done"].in_footer and keys["Done"].keys == "^s"
        assert keys["Rate 1"].keys == "f3" and not keys["Rate 1"].in_footer
        assert "Move cursor left and select" not in keys and "Focus Next" not in keys
        assert "Command palette: search every action" in keys


async def test_the_command_palette_offers_new_session_and_help(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"help")
        await palette_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"new s")
        await palette_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_confirm_shows_the_question_literally() -> None:
    answers: list[bool | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ConfirmScreen(f"Delete {HOSTILE}?", yes="[b]Go"), answers.append)

    app = Host()
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"Delete {HOSTILE}?" in text and "[b]Go (y)" in text
        await pilot.press("y")
        await pilot.pause()
        assert answers == [True]


# --- the shipped examples, the folder's full path, the cursor after a replay ---------------


@pytest.fixture
def shipped_examples(tmp_path: Path) -> Path:
    """A copy of the examples the package ships, so that nothing here can change them."""
    from tests.conftest import EXAMPLES

    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    return folder


def app_with_examples(sessions_dir: Path, examples: Path) -> VpTuiApp:
    return still(
        VpTuiApp(
            sessions_dir=sessions_dir,
            clock=frozen_clock,
            templates=builtin_templates(),
            examples_dir=examples,
        )
    )


async def test_the_examples_are_tagged_and_listed_after_the_users_own_sessions(
    sessions_dir: Path, shipped_examples: Path
) -> None:
    own = write_titled(sessions_dir, "Our own partnership", "own.toml")
    async with app_with_examples(sessions_dir, shipped_examples).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert rows(screen)[0].path == own
        assert titles(screen)[1:] == list(EXAMPLE_VERDICTS)
        text = screen_text(pilot.app)
        assert "Example · Greenleaf" in text
        assert shows(pilot.app, f"1 file in {sessions_dir} · 7 examples")
        # The user's own session has no tag; an example says what it is below the table
        assert "Example · Our own" not in text
        await pilot.press("down")
        assert "Example, read-only" in screen_text(pilot.app)


async def test_the_folder_is_shown_with_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    Path("sessions").mkdir()
    app = HomeOnly(Path("sessions"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert shows(pilot.app, f"0 files in {tmp_path / 'sessions'}")
        assert shows(pilot.app, f"No sessions yet in {tmp_path / 'sessions'}")


async def test_under_the_home_folder_the_full_path_starts_with_a_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    Path("sessions").mkdir()
    async with HomeOnly(Path("sessions")).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "0 files in ~/sessions" in screen_text(pilot.app)


async def test_opening_an_example_offers_a_copy_and_opens_the_copy(
    sessions_dir: Path, shipped_examples: Path
) -> None:
    import stat

    example = shipped_examples / "2026-11-26-greenleaf-affiliate.toml"
    before = example.read_bytes()
    app = app_with_examples(sessions_dir, shipped_examples)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        # No for a start: nothing is copied, nothing opened
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "is an example, read-only" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert list(sessions_dir.iterdir()) == []
        # Yes: the copy is made in the sessions folder, private, and opened
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        copy = sessions_dir / example.name
        assert copy.exists()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert app.live is not None and app.live.path == copy
    assert example.read_bytes() == before


async def test_an_example_cannot_be_deleted(sessions_dir: Path, shipped_examples: Path) -> None:
    app = app_with_examples(sessions_dir, shipped_examples)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert not screen.check_action("delete", ())
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
    assert len(list(shipped_examples.glob("*.toml"))) == 7


async def test_back_from_a_replay_the_cursor_is_on_the_replayed_session(
    make_app: Callable[..., VpTuiApp], example_sessions: Path
) -> None:
    from vp_tui.ui.screens.replay import ReplayScreen

    app = still(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("down", "down")
        third = screen.highlighted
        assert third is not None
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("b")
        back = await loaded(pilot)
        assert back is not screen
        assert back.highlighted is not None and back.highlighted.path == third.path


def test_sessions_a_user_creates_in_the_repository_folder_are_ignored_by_git() -> None:
    import subprocess

    from tests.conftest import ROOT

    def ignored(name: str) -> bool:
        result = subprocess.run(
            ["git", "check-ignore", "--no-index", "-q", name], cwd=ROOT, check=False
        )
        return result.returncode == 0

    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    assert ignored("sessions/2026-12-01-a-client.toml")
    assert ignored("sessions/.vp-tui/codes/x.json")
    assert not ignored("sessions/README.md")
    assert not ignored("src/vp_tui/examples/2026-11-02-ana-ben-online-course.toml")

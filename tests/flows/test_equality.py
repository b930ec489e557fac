"""The reveal as the facilitator meets it: verdicts, tables, drill-in, notes, actions, finish."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.conftest import EXAMPLES, screen_text
from tests.flows.conftest import FROZEN
from vp_tui.model import changes
from vp_tui.model.scoring import Verdict, equality_view
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.report.json_report import view_to_dict
from vp_tui.storage import read_session, save_session
from vp_tui.ui.app import VpTuiApp
from vp_tui.ui.screens.action import ActionScreen
from vp_tui.ui.screens.equality import EqualityScreen
from vp_tui.ui.screens.item_detail import ItemDetailScreen
from vp_tui.ui.screens.note import NoteScreen
from vp_tui.ui.widgets.bars import AXIS, bar, signed_bar, signed_bar_cell
from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.verdict import VerdictBadge, verdict_label

EXAMPLE = "2026-11-02-ana-ben-online-course.toml"
MakeApp = Callable[..., VpTuiApp]


def copy_example(folder: Path, phase: str = "reveal") -> Path:
    """The Ana & Ben example in ``folder``, in the given phase."""
    path = folder / EXAMPLE
    shutil.copy(EXAMPLES / EXAMPLE, path)
    text = path.read_text(encoding="utf-8").replace('phase = "complete"', f'phase = "{phase}"')
    path.write_text(text, encoding="utf-8")
    return path


def rated_session(
    folder: Path,
    partners: list[tuple[str, str]],
    *,
    missing: tuple[str, str] | None = None,
) -> Path:
    """A business session in reveal with every rating given (but ``missing``: (target, partner))."""
    session = new_session(
        builtin_templates()["business"],
        title="Rated partnership",
        partners=partners,
        facilitator="Lynda",
        created=FROZEN,
    )
    ids = session.partner_ids
    for list_name in ("benefits", "costs", "values"):
        for index, entry in enumerate(session.rated_list(list_name)):
            for position, pid in enumerate(ids):
                target = f"{list_name}/{entry.item}"
                if missing != (target, pid):
                    changes.rate(session, pid, target, (index * 3 + position * 2) % 11)
    for position, pid in enumerate(ids):
        changes.rate(session, pid, "deal", position % 2)
        changes.set_brings(session, pid, [f"Work of {pid}"])
        for other in ids:
            changes.rate(session, other, f"contributions/{pid}", 6 + (position % 2))
    session.phase = "reveal"
    path = folder / "rated.toml"
    save_session(session, path)
    return path


async def reveal(pilot: Pilot[object]) -> EqualityScreen:
    """Wait until the app shows the equality screen; return it."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, EqualityScreen)
    return screen


def row_texts(screen: EqualityScreen, table_id: str) -> list[list[str]]:
    """The cells of a table as plain text, row by row as shown."""
    table = screen.query_one(f"#{table_id}", ItemTable)
    rows = (table.get_row_at(index) for index in range(table.row_count))
    return [[str(getattr(cell, "plain", cell)) for cell in row] for row in rows]


async def test_verdicts_equal_the_json_report(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    expected = view_to_dict(equality_view(read_session(path)))
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reveal(pilot)
        assert screen.query_one("#eq-overall", VerdictBadge).verdict.value == expected["overall"]
        text = screen_text(app)
        assert "Overall: " + verdict_label(Verdict(expected["overall"])) in text
        summary = {row[0]: row[1:3] for row in row_texts(screen, "summary-table")}
        for component, title in (
            ("anticipated", "Anticipated value"),
            ("values", "Shared values"),
            ("contribution", "Contribution"),
        ):
            shown = verdict_label(Verdict(expected[component]["verdict"]))
            assert summary[title] == [shown, f"{expected[component]['gap']:.2f}"]
            assert shown in next(line for line in text.splitlines() if f"  {title}  " in line)
        for key, component in (("2", "anticipated"), ("3", "values"), ("4", "contribution")):
            await pilot.press(key)
            await pilot.pause()
            assert screen.query_one(TabbedContent).active == component
            shown = verdict_label(Verdict(expected[component]["verdict"]))
            assert shown in screen_text(app)


async def test_values_are_listed_worst_first(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    items = view_to_dict(equality_view(read_session(path)))["values"]["items"]
    severity = {verdict.value: verdict.severity for verdict in Verdict}
    worst_first = sorted(items, key=lambda item: (-severity[item["verdict"]], -item["gap"]))
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reveal(pilot)
        await pilot.press("3")
        await pilot.pause()
        rows = row_texts(screen, "values-table")
        assert rows[0][0].startswith("Customer service criteria")
        assert [row[-1] for row in rows] == [
            verdict_label(Verdict(item["verdict"])) for item in worst_first
        ]
        assert [float(row[-2]) for row in rows] == [item["gap"] for item in worst_first]
        text = screen_text(app)
        assert text.index("Customer service") < text.index("Work ethic") < text.index("Honesty")


async def test_note_and_action_by_keys_reach_screen_and_file(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("3", "down", "n")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Ask Ben", "enter", *"again")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionScreen)
        await pilot.press(*"Call the bank", "enter")
        await pilot.pause()
        screen = await reveal(pilot)
        values = row_texts(screen, "values-table")
        assert values[1][0] == "Work ethic ✎2"
        await pilot.press("5")
        await pilot.pause()
        text = screen_text(app)
        assert "Shared values › Work ethic" in text
        assert "Ask Ben" in text and "again" in text
        lines = [line.strip() for line in text.splitlines()]
        assert lines[lines.index("○ Call the bank") + 1] == "owner: Unassigned"
        assert app.live is not None
        app.live.flush()
        saved = read_session(path)
        assert saved.notes[-1].component == "values"
        assert saved.notes[-1].item == "Work ethic"
        assert saved.notes[-1].text == "Ask Ben\nagain"
        assert saved.actions[-1].text == "Call the bank"
        assert saved.actions[-1].owner is None


async def test_action_owner_is_the_highlighted_partner(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("4", "down", "a", *"Send the list")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.live is not None
        app.live.flush()
        assert read_session(path).actions[-1].owner == "ben"


async def test_note_about_the_whole_component(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("2", "n")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteScreen)
        # The first row is highlighted: the choices are that partner, the component, general.
        await pilot.press("shift+tab", "enter", "down", "enter")
        await pilot.press("tab", *"Both nets are low")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.live is not None
        app.live.flush()
        saved = read_session(path).notes[-1]
        assert (saved.component, saved.item, saved.text) == (
            "anticipated",
            None,
            "Both nets are low",
        )


async def test_empty_note_is_refused_in_the_dialog(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("n", "space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert "Write something first." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        assert app.live is not None
        assert len(app.live.session.notes) == 2


async def test_drill_into_a_value(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemDetailScreen)
        text = screen_text(app)
        assert "Customer service criteria" in text
        assert "Ana Ruiz" in text and "Ben Okafor" in text
        assert verdict_label(Verdict.AT_RISK) in text
        assert "Customer service is the sore point" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)


async def test_drill_into_a_partner(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemDetailScreen)
        text = screen_text(app)
        assert "Course content, Recording studio" in text
        assert "+2.00" in text


async def test_finish_completes_the_session(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert not isinstance(app.screen, EqualityScreen)
    assert read_session(path).phase == "complete"


async def test_finish_of_a_complete_session_says_so(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir, phase="complete")
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, EqualityScreen)
        assert any("already complete" in toast.message for toast in app._notifications)
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(app.screen, EqualityScreen)


async def test_back_leaves_the_session_in_reveal(sessions_dir: Path, make_app: MakeApp) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EqualityScreen)
    assert read_session(path).phase == "reveal"


async def test_hostile_names_and_notes_are_shown_literally(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = rated_session(sessions_dir, [("ana", "[b]x[/b]"), ("ben", "Ben")])
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert "[b]x[/b]" in screen_text(app)
        await pilot.press("n", *"[@click=app.quit]y[/]", "ctrl+s")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert "[@click=app.quit]y[/]" in screen_text(app)
        # Clicking where a link would be does nothing: the app is still running, on the same screen.
        await pilot.click("#notes-list", offset=(4, 2))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, EqualityScreen)
        await pilot.press("3", "enter")
        await pilot.pause()
        assert "[b]x[/b]" in screen_text(app)


async def test_missing_ratings_show_incomplete(sessions_dir: Path, make_app: MakeApp) -> None:
    path = rated_session(
        sessions_dir, [("ana", "Ana"), ("ben", "Ben")], missing=("values/Honesty", "ben")
    )
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reveal(pilot)
        incomplete = verdict_label(Verdict.INCOMPLETE)
        assert f"Overall: {incomplete}" in screen_text(app)
        assert screen.query_one("#eq-overall", VerdictBadge).verdict is Verdict.INCOMPLETE
        await pilot.press("3")
        await pilot.pause()
        rows = row_texts(screen, "values-table")
        assert rows[0][0] == "Honesty"
        assert rows[0][2] == "-"
        assert rows[0][-1] == incomplete


async def test_eight_partners_fit_80_columns(sessions_dir: Path, make_app: MakeApp) -> None:
    names = ["Alexandra Konstantinopoulou", "Bo", "Chidimma", "Dmitri", "Eve", "Fatima"]
    partners = [(name.split()[0].lower(), name) for name in [*names, "Gunnar", "Hiroshi"]]
    path = rated_session(sessions_dir, partners)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await reveal(pilot)
        for key, table_id in (("3", "values-table"), ("4", "contribution-table")):
            await pilot.press(key)
            await pilot.pause()
            table = screen.query_one(f"#{table_id}", ItemTable)
            assert table.virtual_size.width <= table.size.width
            assert "Status" in screen_text(app) or "Recog." in screen_text(app)


async def test_other_changes_to_the_session_show_at_once(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await reveal(pilot)
        await pilot.press("5")
        assert app.live is not None
        app.live.add_action("Written elsewhere", owner="ana")
        await pilot.pause()
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert lines[lines.index("○ Written elsewhere") + 1] == "owner: Ana Ruiz"


async def test_at_120_by_40_deal_answers_are_in_words(
    sessions_dir: Path, make_app: MakeApp
) -> None:
    path = copy_example(sessions_dir)
    app = make_app("open", path)
    async with app.run_test(size=(120, 40)) as pilot:
        await reveal(pilot)
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "0 even" in text
        assert "-1 a bit better for my partners" in text


def test_bars_share_one_scale() -> None:
    assert bar(10, 10, 8) == "█" * 8
    assert bar(5, 10, 8) == "████    "
    assert bar(0.625, 10, 8) == "▌       "
    assert bar(None, 10, 4) == "    "
    assert signed_bar(5, 10, 8) == (" " * 8, "████    ")
    assert signed_bar(-5, 10, 8) == ("    ████", " " * 8)
    cell = signed_bar_cell("-2.50", -2.5, 10, 4, ("red", "blue")).plain
    assert cell == " -2.50    █" + AXIS + "    "

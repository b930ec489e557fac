"""Settings that last: the theme chosen in the palette, and the facilitator's PIN."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.flows.test_home import loaded
from vp_tui.storage.config import Config, check_pin, hash_pin, read_config, write_config
from vp_tui.ui.app import VpTuiApp

MakeApp = Callable[..., VpTuiApp]
SIZE = (80, 24)


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, letting the app settle after each."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def command(pilot: Pilot[None], title: str) -> None:
    """Run a palette command by typing its title."""
    await press(pilot, "ctrl+p")
    await pilot.press(*title)
    await pilot.pause(0.3)
    await press(pilot, "enter")


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> bool:
    """Whether ``condition`` comes true within a second."""
    for _ in range(20):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def stored_pin(app: VpTuiApp) -> str | None:
    return read_config(app.config_file)[0].pin


def titles(app: VpTuiApp) -> set[str]:
    return {command.title for command in app.get_system_commands(app.screen)}


@pytest.fixture(autouse=True)
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vp_tui.ui.guard.WRONG_PIN_DELAY", 0)


async def test_the_theme_chosen_in_the_palette_is_there_next_time(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.theme != "gruvbox"
        app.theme = "gruvbox"  # what the palette's theme picker does
        await pilot.pause()
    assert read_config(app.config_file)[0].theme == "gruvbox"
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert again.theme == "gruvbox"


async def test_a_broken_settings_file_is_said_in_one_line_and_the_app_starts(
    make_app: MakeApp,
) -> None:
    app = make_app()
    app.config_file.parent.mkdir(parents=True, exist_ok=True)
    app.config_file.write_text("theme = ")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        [said] = [n for n in app._notifications if n.title == "Settings"]
        assert "not valid TOML" in said.message and "\n" not in said.message


async def test_set_a_pin_from_the_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Set a PIN" in titles(app) and "Remove the PIN" not in titles(app)
        await command(pilot, "Set a PIN")
        await press(pilot, *"2468", "enter", *"2468", "enter")
        assert await until(pilot, lambda: stored_pin(app) is not None)
        assert check_pin("2468", stored_pin(app) or "")
        assert "2468" not in app.config_file.read_text()
        assert {"Change the PIN", "Remove the PIN"} <= titles(app)


async def test_two_different_pins_set_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await command(pilot, "Set a PIN")
        await press(pilot, *"2468", "enter", *"2469", "enter")
        assert await until(pilot, lambda: any("differ" in n.message for n in app._notifications))
        assert stored_pin(app) is None


async def test_changing_the_pin_asks_the_current_one_first(make_app: MakeApp) -> None:
    app = make_app()
    write_config(Config(pin=hash_pin("2468")), app.config_file)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        before = stored_pin(app)
        await command(pilot, "Change the PIN")
        await press(pilot, *"1111", "enter")  # wrong: nothing changes
        assert await until(pilot, lambda: any("Wrong PIN" in n.message for n in app._notifications))
        assert stored_pin(app) == before
        await command(pilot, "Change the PIN")
        await press(pilot, *"2468", "enter", *"9753", "enter", *"9753", "enter")
        assert await until(pilot, lambda: stored_pin(app) != before)
        assert check_pin("9753", stored_pin(app) or "")


async def test_removing_the_pin_asks_for_it(make_app: MakeApp) -> None:
    app = make_app()
    write_config(Config(theme="nord", pin=hash_pin("2468")), app.config_file)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await command(pilot, "Remove the PIN")
        await press(pilot, *"2468", "enter")
        assert await until(pilot, lambda: stored_pin(app) is None)
        assert read_config(app.config_file)[0].theme == "nord"

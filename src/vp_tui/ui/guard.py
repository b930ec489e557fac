"""Leaving a session under way is the facilitator's act (DESIGN.md section 7).

A partner at a turn has the keyboard: leaving the session would show them the home
screen, other clients' sessions and a way to the shell. So it takes a confirmation
whose default is to stay and, when the facilitator has set one, their PIN. The PIN
commands live here too: setting, changing and removing it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.app import App

from vp_tui.storage.config import (
    ConfigError,
    check_pin,
    hash_pin,
    pin_problem,
    read_config,
    update_config,
)
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.screens.pin import PinScreen

WRONG_PIN_DELAY = 1.0
"""Seconds a wrong PIN costs, so that guessing at the keyboard is slow and seen."""


async def facilitator_allows(app: App[Any], question: str, config_file: Path, *, yes: str) -> bool:
    """Ask the facilitator to confirm (default: stay) and for the PIN when one is set.

    Must run in a worker (it waits for the dialogs).
    """
    if not await app.push_screen_wait(ConfirmScreen(question, yes=yes, no="Stay")):
        return False
    config, _problem = read_config(config_file)
    if config.pin is None:
        return True
    return await pin_is_right(app, config.pin, "The facilitator's PIN, please.")


async def pin_is_right(app: App[Any], stored: str, question: str) -> bool:
    """Ask for the PIN and check it; a wrong one is said, and costs a moment."""
    typed = await app.push_screen_wait(PinScreen(question))
    if typed is None:
        return False
    if await asyncio.to_thread(check_pin, typed, stored):
        return True
    await asyncio.sleep(WRONG_PIN_DELAY)
    app.notify("Wrong PIN: nothing changed.", title="Wrong PIN", severity="error", markup=False)
    return False


async def set_pin(app: App[Any], config_file: Path) -> None:
    """Set or change the facilitator's PIN (the current one first, when there is one)."""
    config, _problem = read_config(config_file)
    if config.pin is not None and not await pin_is_right(
        app, config.pin, "Changing the PIN: type the current PIN first."
    ):
        return
    new = await app.push_screen_wait(
        PinScreen(
            "The new PIN (4 to 32 characters).",
            detail="It is asked before anyone leaves a session under way.",
        )
    )
    if new is None:
        return
    problem = pin_problem(new)
    if problem is not None:
        app.notify(problem, title="PIN not set", severity="error", markup=False)
        return
    again = await app.push_screen_wait(PinScreen("The new PIN again, to be sure."))
    if again != new:
        app.notify("The two PINs differ: nothing changed.", title="PIN not set", markup=False)
        return
    stored = await asyncio.to_thread(hash_pin, new)
    _save(app, config_file, stored, "PIN set", "Leaving a session under way now asks for it.")


async def remove_pin(app: App[Any], config_file: Path) -> None:
    """Remove the facilitator's PIN, once the current one is typed."""
    config, _problem = read_config(config_file)
    if config.pin is None:
        app.notify("No PIN is set.", title="PIN", markup=False)
        return
    if await pin_is_right(app, config.pin, "Removing the PIN: type the current PIN."):
        _save(app, config_file, None, "PIN removed", "Leaving a session asks for no PIN now.")


def _save(app: App[Any], config_file: Path, pin: str | None, title: str, message: str) -> None:
    try:
        update_config(config_file, pin=pin)
    except ConfigError as error:
        app.notify(str(error), title="Not saved", severity="error", markup=False, timeout=10)
        return
    app.notify(message, title=title, markup=False)

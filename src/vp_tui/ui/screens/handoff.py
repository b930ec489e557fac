"""Between turns: pass the keyboard to the next person. Nobody's ratings are on this screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from vp_tui.ui.widgets.key_bar import KeyBar

REOPEN = "reopen"
"""The hand-off's result when the facilitator wants to give a partner a finished turn back."""


class HandoffScreen(Screen[bool | str]):
    """Between turns: pass the keyboard; shows nobody's ratings.

    True when the next person is ready, False when the session is paused here, ``REOPEN``
    when the facilitator asks to reopen a finished turn (only offered when one is).
    """

    CSS_PATH = "../styles/turns.tcss"
    PRIVATE: ClassVar[bool] = True
    """A partner may have the keyboard (see ``WorkshopApp.in_private``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "ready", "Ready", id="ready"),
        Binding("enter", "reveal", "Reveal", id="reveal"),
        Binding("escape", "pause", "Pause", id="pause"),
        Binding("o", "reopen", "Reopen a turn", id="reopen"),
    ]
    AUTO_FOCUS = ""
    HELP = """\
## Hand-off

Pass the keyboard to the person named on the screen; they press Enter when they
are ready. Their answers stay private until the reveal: this screen shows nobody's
ratings. Escape pauses the session: everything so far is saved, and only the
facilitator can leave it from there (`vp-tui open FILE` resumes it at this turn).
"""

    def __init__(
        self,
        name: str,
        what: str,
        *,
        session_title: str,
        reveal: bool = False,
        progress: str = "",
        can_reopen: bool = False,
    ) -> None:
        super().__init__()
        self.partner_name = name
        self.what = what
        self.session_title = session_title
        self.reveal = reveal
        self.can_reopen = can_reopen
        self.progress = progress
        """Where the session stands: ``Round 2 of 4 · Ben, partner 2 of 3 · 9 of 9 left``."""

    def invitation(self) -> Content:
        """What to do now, with the name shown exactly as typed."""
        name = (self.partner_name, "bold")
        if self.reveal:
            return Content.assemble(
                "Everyone has finished. Pass the keyboard to ",
                name,
                " — press Enter to reveal the equality view.",
            )
        return Content.assemble(
            "Pass the keyboard to ", name, " — press Enter when ", name, " is ready."
        )

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="handoff-card"):
            yield Static(Content(self.session_title), id="handoff-session", classes="muted")
            yield Static(
                Content(self.what[:1].upper() + self.what[1:]), id="handoff-what", classes="title"
            )
            if self.progress:
                yield Static(Content(self.progress), id="handoff-progress", classes="muted")
            yield Static(self.invitation(), id="handoff-invitation")
            yield Static(
                "The equality view shows everyone's answers side by side."
                if self.reveal
                else "Answers stay private until the reveal: nobody's ratings are shown here.",
                id="handoff-privacy",
                classes="muted",
            )
            with Center():
                yield Button(
                    Content("Reveal" if self.reveal else "Ready"),
                    id="handoff-ready",
                    variant="primary",
                )
            yield Static(
                "Escape pauses: everything so far is saved.",
                id="handoff-pause",
                classes="muted",
            )
        yield KeyBar(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    def system_commands(self) -> Iterator[SystemCommand]:
        """Ready (or reveal) and pause, for the command palette."""
        if self.reveal:
            yield SystemCommand("Reveal", "Show the equality view", self.action_reveal)
        else:
            yield SystemCommand("Ready", "The next partner has the keyboard", self.action_ready)
        yield SystemCommand("Pause", "Pause the session here", self.action_pause)
        if self.can_reopen:
            yield SystemCommand(
                "Reopen a turn",
                "The facilitator gives a partner a finished turn back",
                self.action_reopen,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter reads "Ready" between turns and "Reveal" before the equality view."""
        if action in ("ready", "reveal"):
            return (action == "reveal") == self.reveal
        if action == "reopen":
            return self.can_reopen
        return True

    def action_reopen(self) -> None:
        """The facilitator gives a partner a finished turn back (they are asked to confirm)."""
        self.dismiss(REOPEN)

    def action_ready(self) -> None:
        """The named person has the keyboard."""
        self.dismiss(True)

    def action_reveal(self) -> None:
        """The facilitator has the keyboard: on to the equality view."""
        self.dismiss(True)

    def action_pause(self) -> None:
        """Pause here (the session is already saved); the app shows the paused screen."""
        self.dismiss(False)

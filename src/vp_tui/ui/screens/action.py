"""Record an agreed action and who owns it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from vp_tui.ui.limits import TEXT_LIMIT
from vp_tui.ui.screens.note import clean_text, text_problem
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.limited_input import LimitedInput

UNASSIGNED = ""
"""The owner choice for an action nobody owns yet (no partner id is empty)."""


@dataclass(frozen=True)
class ActionDraft:
    """An action the user wrote, and its owner's partner id (None: unassigned)."""

    text: str
    owner: str | None


class ActionScreen(ModalScreen[ActionDraft | None]):
    """What will be done and by whom; Enter or ctrl+s saves."""

    CSS_PATH = "../styles/equality.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save-action", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel-action"),
    ]

    def __init__(self, partners: list[tuple[str, str]], owner: str | None = None) -> None:
        """``partners`` are (id, name) pairs; ``owner`` is the partner chosen at first."""
        super().__init__(classes="dialog-screen")
        self.partners = partners
        self.owner = owner

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="action-dialog"):
            yield Static("Record an action", classes="title")
            yield Static("What will be done", classes="muted")
            yield LimitedInput(id="action-text", limit=TEXT_LIMIT)
            yield Static("Owner", classes="muted")
            yield Select(
                [
                    (Text("Unassigned"), UNASSIGNED),
                    *((Text(name), pid) for pid, name in self.partners),
                ],
                value=self.owner or UNASSIGNED,
                allow_blank=False,
                id="action-owner",
                compact=True,
            )
            yield Static(id="action-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="action-save", variant="primary", compact=True)
                yield Button("Cancel", id="action-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    @on(Input.Changed, "#action-text")
    def _typed(self) -> None:
        """A message about the text is stale once the text changes."""
        self.query_one("#action-error", Static).update("")

    @on(Input.Submitted, "#action-text")
    @on(Button.Pressed, "#action-save")
    def action_save(self) -> None:
        """Keep the action, unless the file would refuse it."""
        text = clean_text(self.query_one("#action-text", Input).value)
        problem = text_problem(text)
        if problem is not None:
            self.query_one("#action-error", Static).update(plain(problem))
            return
        owner = self.query_one("#action-owner", Select).value
        self.dismiss(ActionDraft(text, owner if isinstance(owner, str) and owner else None))

    @on(Button.Pressed, "#action-cancel")
    def action_cancel(self) -> None:
        """Close without an action."""
        self.dismiss(None)

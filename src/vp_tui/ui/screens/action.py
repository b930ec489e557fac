"""Record an agreed action, who owns it and when it is due; or change one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from vp_tui.model.wording import EVERYONE, FACILITATOR
from vp_tui.ui.limits import TEXT_LIMIT
from vp_tui.ui.screens.note import clean_text, text_problem
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.limited_input import LimitedInput

UNASSIGNED = ""
"""The owner choice for an action nobody owns yet (no partner id is empty)."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def due_date(text: str, today: date | None = None) -> date | None:
    """The due date typed (None when left empty); ValueError saying how to write it."""
    text = text.strip()
    if not text:
        return None
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    example = (today or date(2026, 12, 15)).isoformat()
    raise ValueError(f"Not a date: write YYYY-MM-DD, like {example}, or leave it empty.")


def owner_choices(
    partners: list[tuple[str, str]], facilitator: str | None
) -> list[tuple[Text, str]]:
    """Who may own an action: every partner by name (``partners``: (id, name) pairs), the
    facilitator (by their name when known), everyone, or nobody."""
    named = FACILITATOR + (f" ({facilitator})" if facilitator else "")
    return [
        *((Text(name), pid) for pid, name in partners),
        (Text(named), "facilitator"),
        (Text(EVERYONE), "everyone"),
        (Text("Nobody"), UNASSIGNED),
    ]


@dataclass(frozen=True)
class ActionDraft:
    """An action as the dialog holds it: its text, its owner (a partner id, ``facilitator``,
    ``everyone``; None: nobody) and its due date."""

    text: str = ""
    owner: str | None = None
    due: date | None = None


class ActionScreen(ModalScreen[ActionDraft | None]):
    """What will be done, by whom and by when; Enter or ctrl+s saves.

    Given an ``action``, the dialog starts from it (to change an action); ``facilitator``
    is the facilitator's name and ``today`` the date to give as an example.
    """

    CSS_PATH = "../styles/equality.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save-action", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel-action"),
    ]

    def __init__(
        self,
        partners: list[tuple[str, str]],
        owner: str | None = None,
        *,
        action: ActionDraft | None = None,
        facilitator: str | None = None,
        today: date | None = None,
    ) -> None:
        """``partners`` are (id, name) pairs; ``owner`` is the owner chosen at first."""
        super().__init__(classes="dialog-screen")
        self.partners = partners
        self.editing = action is not None
        self.action = action or ActionDraft(owner=owner)
        self.facilitator = facilitator
        self.today = today

    def owner_choices(self) -> list[tuple[Text, str]]:
        """Every partner by name, the facilitator, everyone, or nobody."""
        return owner_choices(self.partners, self.facilitator)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="action-dialog"):
            title = "Change the action" if self.editing else "Record an action"
            yield Static(title, classes="title")
            yield Static("What will be done", classes="muted")
            yield LimitedInput(self.action.text, id="action-text", limit=TEXT_LIMIT)
            yield Static("Owner", classes="muted")
            choices = self.owner_choices()
            owner = self.action.owner or UNASSIGNED
            yield Select(
                choices,
                value=owner if owner in (value for _label, value in choices) else UNASSIGNED,
                allow_blank=False,
                id="action-owner",
                compact=True,
            )
            today = f"; today is {self.today.isoformat()}" if self.today else ""
            yield Static(f"Due date (YYYY-MM-DD, may stay empty{today})", classes="muted")
            due = self.action.due
            yield Input(
                due.isoformat() if due else "",
                placeholder="YYYY-MM-DD",
                id="action-due",
            )
            yield Static(id="action-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="action-save", variant="primary", compact=True)
                yield Button("Cancel", id="action-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    @on(Input.Changed, "#action-text")
    @on(Input.Changed, "#action-due")
    def _typed(self) -> None:
        """A message about the text is stale once the text changes."""
        self.query_one("#action-error", Static).update("")

    @on(Input.Submitted, "#action-text")
    @on(Input.Submitted, "#action-due")
    @on(Button.Pressed, "#action-save")
    def action_save(self) -> None:
        """Keep the action, unless the file would refuse it."""
        text = clean_text(self.query_one("#action-text", Input).value)
        problem = text_problem(text)
        if problem is not None:
            self.query_one("#action-error", Static).update(plain(problem))
            return
        try:
            due = due_date(self.query_one("#action-due", Input).value, self.today)
        except ValueError as error:
            self.query_one("#action-error", Static).update(plain(str(error)))
            self.query_one("#action-due", Input).focus()
            return
        owner = self.query_one("#action-owner", Select).value
        self.dismiss(ActionDraft(text, owner if isinstance(owner, str) and owner else None, due))

    @on(Button.Pressed, "#action-cancel")
    def action_cancel(self) -> None:
        """Close without an action."""
        self.dismiss(None)

"""The conditions of a "go with conditions", asked when the session has none yet.

The framework's go with conditions is a go once some things are done: those things are
the session's actions. A decision of go with conditions with no open action would be a
go in disguise, so the dialog asks for them right there: up to three lines, each with an
owner (optional), each recorded as an action. Saving with none is refused, in words.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from vp_tui.ui.limits import TEXT_LIMIT
from vp_tui.ui.screens.action import UNASSIGNED, ActionDraft, owner_choices
from vp_tui.ui.screens.note import clean_text, text_problem
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.limited_input import LimitedInput

CONDITION_LINES = 3
"""How many conditions the dialog offers at once (more: press a on the view)."""

CONDITIONS_INTRO = (
    "A go with conditions is a go once these are done. Write at least one; each becomes "
    "an action of the session, with its owner (on the right) if you choose one."
)

NO_CONDITION = (
    "A go with conditions needs at least one condition: write one, or choose go or no-go."
)


class ConditionsScreen(ModalScreen[list[ActionDraft] | None]):
    """Up to three conditions and their owners; Enter in the last line or ctrl+s saves,
    Escape cancels (None)."""

    CSS = """
    ConditionsScreen .condition-row {
        height: auto;
    }
    ConditionsScreen .condition-row LimitedInput {
        width: 1fr;
    }
    ConditionsScreen .condition-row Select {
        width: 24;
        margin: 1 0 0 1;
    }
    """

    CSS_PATH = "../styles/equality.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="conditions.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="conditions.cancel"),
    ]

    def __init__(self, partners: list[tuple[str, str]], facilitator: str | None = None) -> None:
        """``partners`` are (id, name) pairs, the owners to choose from with the
        facilitator, everyone and nobody."""
        super().__init__(classes="dialog-screen")
        self.partners = partners
        self.facilitator = facilitator

    def compose(self) -> ComposeResult:
        choices = owner_choices(self.partners, self.facilitator)
        with Vertical(classes="dialog", id="conditions-dialog"):
            yield Static("The conditions", classes="title")
            yield Static(CONDITIONS_INTRO, classes="muted")
            for index in range(CONDITION_LINES):
                with Horizontal(classes="condition-row"):
                    yield LimitedInput(
                        placeholder=f"Condition {index + 1}",
                        limit=TEXT_LIMIT,
                        id=f"condition-{index}",
                    )
                    yield Select(
                        choices,
                        value=UNASSIGNED,
                        allow_blank=False,
                        id=f"condition-owner-{index}",
                        compact=True,
                    )
            yield Static(id="conditions-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="conditions-save", variant="primary", compact=True)
                yield Button("Cancel", id="conditions-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#condition-0", Input).focus()

    @on(Input.Changed)
    def _typed(self) -> None:
        """A message about the text is stale once the text changes."""
        self.query_one("#conditions-error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the last line saves; in another, it moves on to the next line."""
        event.stop()
        index = int((event.input.id or "0").rpartition("-")[2])
        if index == CONDITION_LINES - 1:
            self.action_save()
        else:
            self.query_one(f"#condition-{index + 1}", Input).focus()

    def _refuse(self, why: str, index: int) -> None:
        self.query_one("#conditions-error", Static).update(plain(why))
        self.query_one(f"#condition-{index}", Input).focus()

    @on(Button.Pressed, "#conditions-save")
    def action_save(self) -> None:
        """Return the conditions written, with their owners; refuse none, or a text the
        file would refuse (saying why)."""
        drafts: list[ActionDraft] = []
        for index in range(CONDITION_LINES):
            text = clean_text(self.query_one(f"#condition-{index}", Input).value)
            if not text:
                continue
            problem = text_problem(text)
            if problem is not None:
                self._refuse(f"Condition {index + 1}: {problem}", index)
                return
            owner = self.query_one(f"#condition-owner-{index}", Select).value
            drafts.append(ActionDraft(text, owner if isinstance(owner, str) and owner else None))
        if not drafts:
            self._refuse(NO_CONDITION, 0)
            return
        self.dismiss(drafts)

    @on(Button.Pressed, "#conditions-cancel")
    def action_cancel(self) -> None:
        """Close without conditions (and so without the decision)."""
        self.dismiss(None)

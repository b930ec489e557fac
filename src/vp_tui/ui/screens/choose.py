"""Pick one of a few choices over the current screen (Escape picks none)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChooseScreen(ModalScreen[str | None]):
    """A question and its choices (id, words): the chosen id, or None on Escape.

    The words may quote user text (names): they are shown literally.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choose.cancel"),
    ]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-dialog"):
            yield Static(Content(self.question), id="choose-question")
            yield OptionList(
                *(Option(Content(words), id=choice) for choice, words in self.choices),
                id="choose-options",
            )
            yield Static("Enter chooses · Escape cancels", classes="muted")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Choose nothing."""
        self.dismiss(None)

"""Ask for the facilitator's PIN: typed hidden, never shown nor kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PinScreen(ModalScreen[str | None]):
    """One hidden line: the PIN typed (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pin.cancel")]

    def __init__(self, question: str, *, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(Content(self.question), id="confirm-question")
            if self.detail:
                yield Static(Content(self.detail), id="pin-detail", classes="muted")
            yield Input(password=True, max_length=32, id="pin-input", placeholder="PIN, then Enter")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Give up: nothing is checked nor changed."""
        self.dismiss(None)

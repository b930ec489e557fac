"""A dialog of one-line answers: what a value means in practice, the statement, a reason.

Each line has its label, a hint (what the equality view found, or an example) and the
model's field type, which says how long it may be and which characters it refuses; an
empty line means "none". The dialog returns every line, trimmed, or None when cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import TypeAdapter, ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from vp_tui.ui.limits import max_length
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.limited_input import LimitedInput


@dataclass(frozen=True)
class LineField:
    """One line to write: its label, what is there now, a hint, and the model's type."""

    label: str
    value: str
    field_type: Any
    hint: str = ""


def line_problem(label: str, text: str, field_type: Any) -> str | None:
    """Why the file would refuse this line, in words; None when it fits (or is empty)."""
    if not text:
        return None
    try:
        TypeAdapter(field_type).validate_python(text)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        if first["type"] == "string_too_long":
            limit = (first.get("ctx") or {}).get("max_length", 0)
            return f"{label}: at most {limit:,} characters, this has {len(text):,}."
        return f"{label}: " + str(first["msg"]).removeprefix("Value error, ") + "."
    return None


class LinesScreen(ModalScreen[tuple[str, ...] | None]):
    """One-line boxes under a title; Enter (or ctrl+s) saves every line, Escape cancels."""

    CSS_PATH = "../styles/equality.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="lines.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="lines.cancel"),
    ]

    def __init__(self, title: str, fields: list[LineField], *, intro: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.intro = intro
        self.fields = fields

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog lines-dialog"):
            yield Static(plain(self.title_text), classes="title")
            if self.intro:
                yield Static(plain(self.intro), classes="muted")
            for index, field in enumerate(self.fields):
                limit = max_length(field.field_type)
                yield Static(
                    Content.assemble((field.label, "bold"), f" (one line, up to {limit:,})"),
                    classes="lines-label",
                )
                if field.hint:
                    yield Static(plain(field.hint), classes="muted lines-hint")
                yield LimitedInput(
                    field.value, limit=limit, id=f"line-{index}", select_on_focus=False
                )
            yield Static(id="lines-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="lines-save", variant="primary", compact=True)
                yield Button("Cancel", id="lines-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#line-0", Input).focus()

    @on(Input.Changed)
    def _typed(self) -> None:
        """A message about the text is stale once the text changes."""
        self.query_one("#lines-error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the last box saves; in another, it moves on to the next."""
        event.stop()
        if event.input.id == f"line-{len(self.fields) - 1}":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#lines-save")
    def action_save(self) -> None:
        """Return every line, unless the file would refuse one (then say why)."""
        texts = tuple(
            self.query_one(f"#line-{index}", Input).value.strip()
            for index in range(len(self.fields))
        )
        for field, text in zip(self.fields, texts, strict=True):
            problem = line_problem(field.label, text, field.field_type)
            if problem is not None:
                self.query_one("#lines-error", Static).update(plain(problem))
                return
        self.dismiss(texts)

    @on(Button.Pressed, "#lines-cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

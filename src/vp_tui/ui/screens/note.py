"""Write a note about a component or one of its items, or change what one says."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static, TextArea

from vp_tui.model.fields import FreeText
from vp_tui.ui.limits import TEXT_LIMIT
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.limited_input import LimitedTextArea
from vp_tui.ui.widgets.reveal import Focus, component_title

_FREE_TEXT: TypeAdapter[str] = TypeAdapter(FreeText)


def clean_text(text: str) -> str:
    """Text as typed or pasted, made fit for the file: one kind of newline, no tabs, trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").strip()


def text_problem(text: str) -> str | None:
    """Why the file would refuse this note or action text, in words; None when it is fine."""
    if not text:
        return "Write something first."
    try:
        _FREE_TEXT.validate_python(text)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        if first["type"] == "string_too_long":
            limit = (first.get("ctx") or {}).get("max_length", 0)
            return f"At most {limit:,} characters: this text has {len(text):,}. Shorten it first."
        return "This text " + str(first["msg"]).removeprefix("Value error, ") + "."
    return None


def about(focus: Focus) -> str:
    """What a note is about, in words: ``Shared values › Honesty``."""
    title = component_title(focus.component)
    return title if focus.item is None else f"{title} › {focus.item}"


def note_choices(focus: Focus) -> list[Focus]:
    """What a note written here may be about: the highlighted row, its component, or general."""
    choices = [focus]
    if focus.item is not None:
        choices.append(Focus(focus.component))
    if focus.component != "general":
        choices.append(Focus("general"))
    return choices


@dataclass(frozen=True)
class NoteDraft:
    """A note the user wrote and what it is about."""

    focus: Focus
    text: str


class NoteScreen(ModalScreen[NoteDraft | None]):
    """A text area for the note and a choice of what it is about; ctrl+s saves.

    Given the ``text`` of a note, the dialog changes that note: what it is about (the one
    choice) stays as it is.
    """

    CSS_PATH = "../styles/equality.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save-note", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel-note"),
    ]

    def __init__(self, choices: list[Focus], *, text: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.choices = choices
        self.editing = text is not None
        self.text = text or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Static("Change the note" if self.editing else "Write a note", classes="title")
            yield Static("About", classes="muted")
            if self.editing:
                yield Static(plain(about(self.choices[0])), id="note-about-fixed")
            else:
                yield Select(
                    [(Text(about(choice)), index) for index, choice in enumerate(self.choices)],
                    value=0,
                    allow_blank=False,
                    id="note-about",
                    compact=True,
                )
            yield Static("Note (Enter starts a new line)", classes="muted")
            yield LimitedTextArea(
                self.text, id="note-text", limit=TEXT_LIMIT, soft_wrap=True, tab_behavior="focus"
            )
            yield Static(id="note-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="note-save", variant="primary", compact=True)
                yield Button("Cancel", id="note-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed, "#note-text")
    def _typed(self) -> None:
        """A message about the text is stale once the text changes."""
        self.query_one("#note-error", Static).update("")

    @on(Button.Pressed, "#note-save")
    def action_save(self) -> None:
        """Keep the note, unless the file would refuse it."""
        text = clean_text(self.query_one("#note-text", TextArea).text)
        problem = text_problem(text)
        if problem is not None:
            self.query_one("#note-error", Static).update(plain(problem))
            return
        index = 0 if self.editing else self.query_one("#note-about", Select).value
        focus = self.choices[index if isinstance(index, int) else 0]
        self.dismiss(NoteDraft(focus, text))

    @on(Button.Pressed, "#note-cancel")
    def action_cancel(self) -> None:
        """Close without a note."""
        self.dismiss(None)

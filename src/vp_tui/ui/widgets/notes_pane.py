"""Notes and actions: everything written down during the reveal, in the order it was written."""

from __future__ import annotations

from contextlib import suppress
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from vp_tui.model.changes import number_records
from vp_tui.model.session import Action, Note, Session
from vp_tui.model.wording import STATUS_MARKS, owner_name
from vp_tui.ui.widgets.pane import RevealPane
from vp_tui.ui.widgets.reveal import Reveal, component_title

RecordKind = Literal["note", "action"]
Request = Literal["edit", "delete", "status"]


def numbered(session: Session) -> Session:
    """The session with an id on every note and action (a shallow copy): a version 1 file's
    records have none until its first change, which gives them these."""
    copy = session.model_copy()
    number_records(copy)
    return copy


def record_key(kind: RecordKind, record_id: str | None) -> str:
    """The option id of a note or an action in the list: ``note/n1``, ``action/a2``."""
    return f"{kind}/{record_id}"


def note_prompt(note: Note) -> Content:
    """A note as listed: what it is about, then its text, indented."""
    heading = Content.assemble(("• ", "bold"), (component_title(note.component), "bold"))
    if note.item is not None:
        heading = Content.assemble(heading, (" › ", "bold"), (note.item, "bold"))
    text = "\n".join("  " + line for line in note.text.split("\n"))
    return Content.assemble(heading, "\n", text)


def action_prompt(session: Session, action: Action) -> Content:
    """An action as listed: its status mark (○ ✓ ✗, no colour needed) and text, then its
    owner, due date and status on a line of their own, as a note's text is below its topic."""
    pieces: list[str | tuple[str, str]] = [
        (STATUS_MARKS[action.status] + " ", "bold"),
        (action.text, "strike" if action.status == "dropped" else ""),
        ("\n  owner: ", "$text-muted"),
        (owner_name(session, action.owner), "bold"),
    ]
    if action.due is not None:
        pieces += [("  due ", "$text-muted"), action.due.isoformat()]
    if action.status != "open":
        pieces.append((f"  {action.status}", "italic"))
    return Content.assemble(*pieces)


def _heading(text: str) -> Option:
    return Option(Content.styled(text, "bold"), disabled=True)


def _hint(text: str) -> Option:
    return Option(Content.styled(text, "$text-muted"), disabled=True)


class RecordList(OptionList):
    """The notes, then the actions, one option each; keys act on the highlighted one.

    The list changes nothing itself: it asks its screen (``Requested``).
    """

    BINDINGS = [
        Binding("enter", "request('edit')", "Edit", id="record-edit"),
        Binding("x,delete", "request('delete')", "Delete", id="record-delete"),
        Binding("d,space", "request('status')", "Status", id="action-status"),
    ]

    class Requested(Message):
        """Edit, delete or move on the status of a note or an action."""

        def __init__(self, request: Request, kind: RecordKind, record_id: str) -> None:
            super().__init__()
            self.request: Request = request
            self.kind: RecordKind = kind
            self.record_id = record_id

    def __init__(self, *, writable: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.writable = writable

    def highlighted_record(self) -> tuple[RecordKind, str] | None:
        """The kind and id of the highlighted note or action (None on a heading)."""
        option = self.highlighted_option
        if option is None or option.disabled or option.id is None:
            return None
        kind, _, record_id = option.id.partition("/")
        return ("note" if kind == "note" else "action"), record_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only a writable list acts; keys for no record, or a status for a note, are dimmed."""
        if action != "request":
            return True
        if not self.writable:
            return False
        record = self.highlighted_record()
        if record is None or (parameters == ("status",) and record[0] != "action"):
            return None
        return True

    def action_request(self, request: Request) -> None:
        """Ask the screen to act on the highlighted record."""
        record = self.highlighted_record()
        if record is not None:
            self.post_message(self.Requested(request, *record))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()

    def show_records(self, options: list[Option]) -> None:
        """List these options, keeping the highlight on the same record (or at its place)."""
        was = self.highlighted_option
        place = self.highlighted or 0
        self.set_options(options)
        keys = [option.id for option in options]
        if was is not None and was.id in keys:
            self.highlighted = keys.index(was.id)
            return
        enabled = [index for index, option in enumerate(options) if not option.disabled]
        after = [index for index in enabled if index >= place]
        self.highlighted = after[0] if after else (enabled[-1] if enabled else None)


class NotesPane(RevealPane):
    """Notes with what they are about, then the actions with status, owner and due date."""

    component = "general"

    def __init__(self, *, writable: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.writable = writable
        """Whether the screen takes notes and actions (the empty lists say how)."""

    def compose(self) -> ComposeResult:
        yield RecordList(writable=self.writable, id="notes-list")

    def focus_first(self) -> None:
        self.query_one(RecordList).focus()

    def highlight(self, kind: RecordKind, record_id: str) -> None:
        """Put the highlight on a note or an action (one just written, say)."""
        records = self.query_one(RecordList)
        with suppress(OptionDoesNotExist):  # not drawn yet, or gone
            records.highlighted = records.get_option_index(record_key(kind, record_id))

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        session = numbered(reveal.session)
        options: list[Option] = [_heading(f"Notes ({len(session.notes)})")]
        if not session.notes:
            hint = ": press n to write one." if self.writable else "."
            options.append(_hint(f"No notes yet{hint}"))
        options += [
            Option(note_prompt(note), id=record_key("note", note.id)) for note in session.notes
        ]
        options += [_hint(""), _heading(f"Actions ({len(session.actions)})")]
        if not session.actions:
            hint = ": press a to record one." if self.writable else "."
            options.append(_hint(f"No actions yet{hint}"))
        options += [
            Option(action_prompt(session, action), id=record_key("action", action.id))
            for action in session.actions
        ]
        self.query_one(RecordList).show_records(options)

"""The facilitator's notes and actions in the reveal: each dialog, and the change it makes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from vp_tui.live.session import LiveSession
from vp_tui.model.changes import ChangeError
from vp_tui.model.fields import ActionStatus
from vp_tui.model.session import Action, Note
from vp_tui.ui.screens.action import ActionDraft, ActionScreen
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.screens.note import NoteDraft, NoteScreen, about, note_choices
from vp_tui.ui.widgets.notes_pane import RecordList, numbered
from vp_tui.ui.widgets.reveal import Focus

if TYPE_CHECKING:
    from vp_tui.ui.screens.equality import EqualityScreen

NEXT_STATUS: dict[ActionStatus, ActionStatus] = {
    "open": "done",
    "done": "dropped",
    "dropped": "open",
}
"""What d (or space) makes of an action's status: open → done → dropped → open again."""


class RecordWriter:
    """Writes, changes and deletes the reveal's notes and actions for its screen: the
    screen's keys call it, and it asks with a dialog before changing the live session."""

    def __init__(self, screen: EqualityScreen) -> None:
        self.screen = screen

    @property
    def live(self) -> LiveSession:
        """The session the screen shows."""
        return self.screen.live

    def write_note(self, focus: Focus) -> None:
        """Ask for a note about ``focus`` (or something wider) and add it to the session."""

        def written(draft: NoteDraft | None) -> None:
            if draft is None:
                return
            try:
                note_id = self.live.add_note(
                    draft.focus.component, draft.text, item=draft.focus.item
                )
            except ChangeError as error:
                self.screen.notify(
                    str(error), title="Note not saved", severity="error", markup=False
                )
            else:
                self.screen.notify(about(draft.focus), title="Note saved", markup=False)
                self.screen.show_record("note", note_id)

        self.screen.app.push_screen(NoteScreen(note_choices(focus)), written)

    def today(self) -> date:
        """Today, by the session's clock, where the facilitator is."""
        return self.live.clock().astimezone().date()

    def action_screen(self, owner: str | None, action: Action | None = None) -> ActionScreen:
        """The action dialog: for a new action (owned by ``owner``), or to change one."""
        return ActionScreen(
            [(partner.id, partner.name) for partner in self.live.session.partners],
            owner,
            action=None if action is None else ActionDraft(action.text, action.owner, action.due),
            facilitator=self.live.session.facilitator,
            today=self.today(),
        )

    def write_action(self, owner: str | None) -> None:
        """Ask for a new action (owned by ``owner`` at first) and add it to the session."""

        def written(draft: ActionDraft | None) -> None:
            if draft is None:
                return
            try:
                action_id = self.live.add_action(draft.text, owner=draft.owner, due=draft.due)
            except ChangeError as error:
                self.screen.notify(
                    str(error), title="Action not saved", severity="error", markup=False
                )
            else:
                self.screen.notify("Listed under 5 Notes.", title="Action saved", markup=False)
                self.screen.show_record("action", action_id)

        self.screen.app.push_screen(self.action_screen(owner), written)

    def act_on(self, message: RecordList.Requested) -> None:
        """A key on a note or an action of the notes tab: change, delete, or its status."""
        session = numbered(self.live.session)
        records: list[Note] | list[Action] = (
            session.notes if message.kind == "note" else session.actions
        )
        found = [record for record in records if record.id == message.record_id]
        if not found:  # gone meanwhile
            return
        record = found[0]
        if message.request == "delete":
            self.delete_record(message.kind, message.record_id, record.text)
        elif isinstance(record, Note):
            self.edit_note(message.record_id, record)
        elif message.request == "edit":
            self.edit_action(message.record_id, record)
        else:
            self.change_record(
                "action",
                lambda: self.live.edit_action(message.record_id, status=NEXT_STATUS[record.status]),
                message.record_id,
            )

    def change_record(self, kind: str, change: Callable[[], object], record_id: str) -> bool:
        """Make a change to a note or an action; say so if the file refuses it."""
        try:
            change()
        except ChangeError as error:
            title = "Note not changed" if kind == "note" else "Action not changed"
            self.screen.notify(str(error), title=title, severity="error", markup=False)
            return False
        self.screen.show_record(kind, record_id)
        return True

    def edit_note(self, note_id: str, note: Note) -> None:
        """Change what a note says (what it is about stays)."""

        def written(draft: NoteDraft | None) -> None:
            if draft is None or draft.text == note.text:
                return
            if self.change_record(
                "note", lambda: self.live.edit_note(note_id, draft.text), note_id
            ):
                self.screen.notify(about(draft.focus), title="Note changed", markup=False)

        focus = Focus(note.component, item=note.item)
        self.screen.app.push_screen(NoteScreen([focus], text=note.text), written)

    def edit_action(self, action_id: str, action: Action) -> None:
        """Change what an action says, its owner or its due date."""

        def written(draft: ActionDraft | None) -> None:
            if draft is None or draft == ActionDraft(action.text, action.owner, action.due):
                return

            def change() -> None:
                self.live.edit_action(action_id, text=draft.text, owner=draft.owner, due=draft.due)

            if self.change_record("action", change, action_id):
                self.screen.notify("Saved as it now reads.", title="Action changed", markup=False)

        self.screen.app.push_screen(self.action_screen(action.owner, action), written)

    def delete_record(self, kind: str, record_id: str, text: str) -> None:
        """Ask first, with No as the answer a stray Enter gives; then delete."""
        shown = text if len(text) <= 200 else text[:199] + "…"
        question = f"Delete this {kind}?\n\n{shown}\n\nIts history stays in the file."

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            delete = self.live.delete_note if kind == "note" else self.live.delete_action
            if self.change_record(kind, lambda: delete(record_id), record_id):
                self.screen.notify(f"The {kind} is deleted.", title="Deleted", markup=False)

        self.screen.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

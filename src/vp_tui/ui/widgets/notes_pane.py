"""Notes and actions: everything written down during the reveal, in the order it was written."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from vp_tui.ui.widgets.pane import RevealPane
from vp_tui.ui.widgets.reveal import Reveal, component_title


class NotesPane(RevealPane):
    """Notes with what they are about, then the actions with their owners."""

    component = "general"

    def __init__(self, *, writable: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.writable = writable
        """Whether the screen takes notes and actions (the empty lists say how)."""

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="notes-scroll")

    def focus_first(self) -> None:
        self.query_one("#notes-scroll").focus()

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        session = reveal.session
        widgets: list[Static] = [
            Static(Content(f"Notes ({len(session.notes)})"), classes="pane-heading")
        ]
        if not session.notes:
            hint = ": press n to write one." if self.writable else "."
            widgets.append(Static(Content(f"No notes yet{hint}"), classes="muted"))
        for note in session.notes:
            heading = Content.assemble("• ", component_title(note.component))
            if note.item is not None:
                heading = Content.assemble(heading, " › ", note.item)
            widgets.append(Static(heading, classes="note-about"))
            widgets.append(Static(Content(note.text), classes="note-text"))
        widgets.append(Static(Content(f"Actions ({len(session.actions)})"), classes="pane-heading"))
        if not session.actions:
            hint = ": press a to record one." if self.writable else "."
            widgets.append(Static(Content(f"No actions yet{hint}"), classes="muted"))
        for action in session.actions:
            owner = reveal.name(action.owner) if action.owner else "unassigned"
            widgets.append(
                Static(
                    Content.assemble(
                        ("☐ ", "bold"),
                        action.text,
                        ("  owner: ", "$text-muted"),
                        (owner, "bold"),
                    ),
                    classes="action-line",
                )
            )
        scroll = self.query_one("#notes-scroll", VerticalScroll)
        with self.app.batch_update():
            scroll.remove_children()
            scroll.mount_all(widgets)

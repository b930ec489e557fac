"""An editable list of names: add, rename, remove and move, each by one key.

It shows the entries it is given, checks an edit with the ``check`` function it was
given (the model's rules, owned by whoever uses the list) and posts ``Changed`` with
the new entries. Names are shown literally, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Label, OptionList, Static

from vp_tui.ui.setup_draft import Entry, Problem
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.limited_input import LimitedInput

_MOVE = Binding.Group("Move", compact=True)

Check = Callable[[tuple[Entry, ...]], Problem | None]


class EntryOptions(OptionList):
    """The entries: a click highlights one, a double click (or enter) renames it."""

    async def on_click(self, event: events.Click) -> None:
        """A single click only highlights (the list's own handler, which would select, is
        not run); a double click goes on to select."""
        if event.chain < 2:
            option = event.style.meta.get("option")
            if isinstance(option, int):
                self.highlighted = option
            event.prevent_default()


class ItemList(Vertical):
    """An editable list of names, each with an optional detail (a partner's role)."""

    DEFAULT_CSS = """
    ItemList {
        height: 1fr;
        & > EntryOptions { height: 1fr; }
        & > .empty { color: $text-muted; padding: 0 1; height: auto; }
        & > #editor { height: auto; display: none; }
        &.-editing > #editor { display: block; }
        & > #editor > Input { width: 1fr; }
        & > .error { padding: 0 1; }
    }
    """

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("r", "rename", "Edit"),
        Binding("x,delete", "remove", "Remove"),
        Binding("ctrl+up,shift+up", "move(-1)", "Move up", group=_MOVE),
        Binding("ctrl+down,shift+down", "move(1)", "Move down", group=_MOVE),
        Binding("escape", "cancel_edit", "Cancel edit"),
    ]

    entries: var[tuple[Entry, ...]] = var(())
    """What the list shows."""
    error: var[str] = var("")
    """A problem of the whole list (too few entries...), shown under it."""
    editing: var[int | None] = var(None)
    """The index being renamed, ``len(entries)`` while adding, None otherwise."""

    class Changed(Message):
        """The user added, renamed, removed or moved an entry."""

        def __init__(self, item_list: ItemList, entries: tuple[Entry, ...]) -> None:
            super().__init__()
            self.item_list = item_list
            self.entries = entries

        @property
        def control(self) -> ItemList:
            """The list that changed."""
            return self.item_list

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        noun: str,
        check: Check,
        detail: str | None = None,
        max_entries: int | None = None,
        name_limit: int,
        detail_limit: int = 0,
        id: str | None = None,
    ) -> None:
        """``name_limit`` and ``detail_limit`` are the most characters the model takes."""
        super().__init__(id=id)
        self.noun = noun
        self.check = check
        self.detail = detail
        self.max_entries = max_entries
        self.name_limit = name_limit
        self.detail_limit = detail_limit
        self.set_reactive(ItemList.entries, tuple(entries))

    def compose(self) -> ComposeResult:
        yield EntryOptions(markup=False)
        yield Static(f"No {self.noun}s yet: press a to add one.", classes="empty")
        yield Label(classes="error", id="list-error")
        with Horizontal(id="editor"):
            yield LimitedInput(id="name", limit=self.name_limit)
            if self.detail is not None:
                detail = LimitedInput(id="detail", placeholder="optional", limit=self.detail_limit)
                detail.border_title = self.detail
                yield detail
        yield Label(classes="error", id="edit-error")

    def on_mount(self) -> None:
        self._show_entries(0)
        self.query_one("#list-error", Label).display = False
        self.query_one("#edit-error", Label).display = False

    @property
    def options(self) -> EntryOptions:
        """The list of entries itself (what takes the focus)."""
        return self.query_one(EntryOptions)

    def focus_entry(self, index: int | None = None) -> None:
        """Focus the list, on one entry when given."""
        if index is not None and 0 <= index < len(self.entries):
            self.options.highlighted = index
        self.options.focus()

    def _prompt(self, position: int, entry: Entry) -> Content:
        width = len(str(len(self.entries)))
        parts: list[Content | str | tuple[str, str]] = [f"{position:>{width}}. ", plain(entry.name)]
        if entry.detail:
            parts.append(("  · " + entry.detail, "dim"))
        return Content.assemble(*parts)

    def _show_entries(self, highlight: int | None) -> None:
        options = self.options
        options.set_options(
            self._prompt(position, entry) for position, entry in enumerate(self.entries, 1)
        )
        if self.entries:
            options.highlighted = min(max(highlight or 0, 0), len(self.entries) - 1)
        options.display = bool(self.entries)
        self.query_one(".empty", Static).display = not self.entries

    def watch_entries(self) -> None:
        if self.is_mounted:
            self._show_entries(self.options.highlighted)
            self.refresh_bindings()

    def watch_error(self, error: str) -> None:
        label = self.query_one("#list-error", Label)
        label.update(plain(error))
        label.display = bool(error)

    def watch_editing(self, editing: int | None) -> None:
        self.set_class(editing is not None, "-editing")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the list keys while an entry is typed or the list is empty; dim add when full."""
        if action == "cancel_edit":
            return self.editing is not None
        if self.editing is not None:
            return False
        if action in ("rename", "remove", "move"):
            return bool(self.entries)
        return True

    def _highlighted(self) -> int | None:
        index = self.options.highlighted
        return index if index is not None and 0 <= index < len(self.entries) else None

    def _open_editor(self, index: int) -> None:
        adding = index >= len(self.entries)
        entry = Entry("") if adding else self.entries[index]
        name = self.query_one("#name", Input)
        name.border_title = f"New {self.noun}" if adding else f"Rename {self.noun} {index + 1}"
        name.value = entry.name
        if self.detail is not None:
            self.query_one("#detail", Input).value = entry.detail or ""
        self.query_one("#edit-error", Label).display = False
        self.editing = index
        name.focus()

    def action_add(self) -> None:
        """Type a new entry at the end of the list, or say why the list is full."""
        if self.max_entries is not None and len(self.entries) >= self.max_entries:
            label = self.query_one("#edit-error", Label)
            label.update(f"At most {self.max_entries} {self.noun}s: remove one to add another.")
            label.display = True
            return
        self._open_editor(len(self.entries))

    def action_rename(self) -> None:
        """Retype the highlighted entry."""
        index = self._highlighted()
        if index is not None:
            self._open_editor(index)

    @on(OptionList.OptionSelected)
    def _rename_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_editor(event.option_index)

    def action_remove(self) -> None:
        """Remove the highlighted entry."""
        index = self._highlighted()
        if index is not None:
            entries = self.entries[:index] + self.entries[index + 1 :]
            self._change(entries, min(index, len(entries) - 1))

    def action_move(self, step: int) -> None:
        """Move the highlighted entry up (-1) or down (+1)."""
        index = self._highlighted()
        if index is None or not 0 <= index + step < len(self.entries):
            return
        entries = list(self.entries)
        entries[index], entries[index + step] = entries[index + step], entries[index]
        self._change(tuple(entries), index + step)

    def action_cancel_edit(self) -> None:
        """Leave the entry as it was."""
        self.editing = None
        self.query_one("#edit-error", Label).display = False
        self.focus_entry()

    @on(Input.Submitted)
    def _commit(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.editing
        if index is None:
            return
        name = self.query_one("#name", Input).value.strip(" ")
        detail = None
        if self.detail is not None:
            detail = self.query_one("#detail", Input).value.strip(" ") or None
        entries = list(self.entries)
        if index >= len(entries):
            entries.append(Entry(name, detail))
        else:
            entries[index] = Entry(name, detail)
        problem = self.check(tuple(entries))
        if problem is not None and problem.index is not None:
            label = self.query_one("#edit-error", Label)
            label.update(plain(problem.message))
            label.display = True
            return
        self.editing = None
        self.query_one("#edit-error", Label).display = False
        self._change(tuple(entries), index)
        self.focus_entry(index)

    def _change(self, entries: tuple[Entry, ...], highlight: int) -> None:
        self.query_one("#edit-error", Label).display = False
        self.set_reactive(ItemList.entries, entries)
        self._show_entries(highlight)
        self.refresh_bindings()
        self.post_message(self.Changed(self, entries))

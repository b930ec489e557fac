"""A partner's turn to list what they bring to the partnership (the others rate it next)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList

from vp_tui.live.session import LiveSession
from vp_tui.model.changes import ChangeError
from vp_tui.model.flow import Turn
from vp_tui.ui.limits import ITEM_LIMIT, too_long
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.screens.review import ReviewRow
from vp_tui.ui.widgets.limited_input import LimitedInput


def same_entry(one: str, other: str) -> bool:
    """Whether two entries name the same thing (case and spacing ignored, as the model does)."""
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())


class BringsList(OptionList):
    """The partner's own entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "screen.edit_entry", "Edit", id="edit"),
        Binding(
            "delete,backspace,x", "screen.remove_entry", "Remove", key_display="del", id="remove"
        ),
        Binding("a", "screen.focus_input", "Add", id="add"),
    ]


class SuggestionList(OptionList):
    """Things partners of this kind often bring; Enter adds one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Add this", id="add-suggestion"),
    ]


class EntryInput(LimitedInput):
    """A text box whose Enter takes exactly what was typed before it.

    Input's own Enter is a binding, which runs only after the keys that arrived with it
    (a burst from a fast typist, tmux or a slow SSH link) were typed: "Capital⏎Time⏎"
    would give "CapitalTime". Here Enter is handled in turn with the typing, and the box
    is emptied at once for the next entry.
    """

    # Shown in the footer; the key itself is handled in handle_in_turn.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Add", id="add-entry")]

    def handle_in_turn(self, event: events.Key) -> bool:
        """Enter takes the entry and empties the box at once; Tab moves on."""
        if event.key != "enter":
            return super().handle_in_turn(event)
        event.stop()
        event.prevent_default()
        value, self.value = self.value, ""
        self.post_message(self.Submitted(self, value))
        return True


class BringsTurnScreen(TurnScreen):
    """List what you bring: time, effort, money, skills, goods, services…"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "finish", "Finish turn", id="finish"),
        Binding("f", "finish", "Finish turn", show=False),
    ]

    INSTRUCTIONS: ClassVar[str] = (
        "What do you bring to the partnership? Time, effort, money, skills, goods, services… "
        "Type one thing and press Enter; add as many as you like."
    )
    HELP = """\
## What you bring

List what you bring to the partnership, one entry at a time: type it and press
Enter. In your list, `e` edits the highlighted entry and `del` removes it; `a`
goes back to typing. Enter on a suggestion adds it. Tab moves between the parts.

Everyone will see these lists when they rate each partner's contribution.
Finish with ctrl+s (or `f` outside the text box).
"""

    def __init__(
        self, live: LiveSession, turn: Turn, prompt: str = "", suggestions: Sequence[str] = ()
    ) -> None:
        """``suggestions`` are what partners of this kind often bring (the template's)."""
        super().__init__(live, turn, prompt)
        self.editing: int | None = None
        self._suggestions = list(suggestions)

    @property
    def brings(self) -> list[str]:
        """What this partner has listed so far."""
        contribution = self.live.session.contribution_of(self.turn.partner)
        return list(contribution.brings) if contribution else []

    def status(self, missing: list[str]) -> str:
        """How many things are listed."""
        count = len(self.brings)
        if not count:
            return "nothing listed yet"
        return f"{count} listed — press ctrl+s to finish"

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="brings-columns"):
            with Vertical(id="brings-own"):
                yield Label("What you bring", classes="title")
                yield BringsList(id="brings-list")
            with Vertical(id="brings-suggested"):
                yield Label("Suggestions", classes="title")
                yield SuggestionList(id="brings-suggestions")
        yield EntryInput(
            placeholder="Something you bring, then Enter",
            id="brings-input",
            limit=ITEM_LIMIT,
            select_on_focus=False,
        )
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.query_one("#brings-suggested").display = bool(self._suggestions)
        self.show_entries()
        self.update_progress()
        self.query_one(Input).focus()

    def show_entries(self, highlight: int | None = None) -> None:
        """Show the partner's list as the session holds it, and tick the suggestions listed."""
        brings = self.brings
        entries = self.query_one(BringsList)
        entries.set_options(Content(text) for text in brings)
        if entries.option_count:
            entries.highlighted = min(highlight or 0, entries.option_count - 1)
        suggested = self.query_one(SuggestionList)
        where = suggested.highlighted
        suggested.set_options(
            Content.assemble(
                "✓ " if any(same_entry(text, entry) for entry in brings) else "  ", text
            )
            for text in self._suggestions
        )
        if suggested.option_count:
            suggested.highlighted = where or 0

    def save(self, brings: list[str]) -> bool:
        """Store a new list; say why when the session refuses it."""
        try:
            self.live.set_brings(self.turn.partner, brings)
        except ChangeError as error:
            self.say(str(error), error=True)
            return False
        self.update_progress()
        return True

    def add(self, text: str) -> bool:
        """Add an entry (or replace the one being edited)."""
        text = " ".join(text.split())
        brings = self.brings
        if not text:
            self.say("Type what you bring, then press Enter.", error=True)
            return False
        problem = too_long(text, ITEM_LIMIT)
        if problem is not None:
            self.say(f"{problem} Shorten it, then press Enter.", error=True)
            return False
        others = [entry for index, entry in enumerate(brings) if index != self.editing]
        if any(same_entry(text, entry) for entry in others):
            self.say(Content.assemble("Already listed: ", text), error=True)
            return False
        if self.editing is not None and self.editing < len(brings):
            position = self.editing
            brings[position] = text
        else:
            position = len(brings)
            brings.append(text)
        if not self.save(brings):
            return False
        self.editing = None
        self.show_entries(position)
        self.say(Content.assemble("Listed: ", text))
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip() and self.editing is not None:
            self.editing = None
            self.say("Edit cancelled.")
            return
        if not self.add(event.value) and not event.input.value:
            # Refused: give the text back to be corrected.
            event.input.value = event.value
            event.input.cursor_position = len(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, SuggestionList):
            self.editing = None
            self.add(self._suggestions[event.option_index])

    def action_focus_input(self) -> None:
        """Go back to typing a new entry."""
        self.query_one(Input).focus()

    def action_edit_entry(self) -> None:
        """Put the highlighted entry in the text box to change it."""
        entries = self.query_one(BringsList)
        index = entries.highlighted
        brings = self.brings
        if index is None or index >= len(brings):
            return
        self.editing = index
        box = self.query_one(Input)
        box.value = brings[index]
        box.cursor_position = len(box.value)
        box.focus()
        self.say(
            Content.assemble(
                "Editing “", brings[index], "”: change it and press Enter (Enter on empty cancels)."
            )
        )

    def action_remove_entry(self) -> None:
        """Remove the highlighted entry."""
        entries = self.query_one(BringsList)
        index = entries.highlighted
        brings = self.brings
        if index is None or index >= len(brings):
            return
        removed = brings.pop(index)
        if self.save(brings):
            self.editing = None
            self.show_entries(index)
            self.say(Content.assemble("Removed: ", removed))

    def first_missing(self, missing: list[str]) -> None:
        """Back to the text box: the list is empty."""
        self.query_one(Input).focus()

    def describe_missing(self, missing: list[str]) -> str:
        """Why the turn cannot end yet."""
        return "Not finished yet — list at least one thing you bring."

    def review_rows(self) -> list[ReviewRow]:
        """What this partner listed, one row each."""
        target = f"contributions/{self.turn.partner}"
        return [
            ReviewRow(f"{target}#{index}", f"{index + 1}.", entry, "What you bring")
            for index, entry in enumerate(self.brings)
        ]

    def go_back_to(self, target: str) -> None:
        """Highlight the entry chosen in the review."""
        index = int(target.rpartition("#")[2])
        self.show_entries(index)
        self.query_one(BringsList).focus()

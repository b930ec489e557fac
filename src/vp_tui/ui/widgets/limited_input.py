"""Text boxes that never drop what is typed.

Two things could lose text, and both are handled here for every box of the app:

- **A length limit.** Textual's ``max_length`` silently cuts what is typed or pasted.
  These boxes keep everything, count the characters once the text comes close to the
  model's limit ("74/80" in the border), and turn red past it; the screen refuses to
  save and says why.
- **Keys of one read.** When a terminal (or tmux, or an SSH link) delivers text and a
  Tab in one read, Textual forwards every key of it to the widget focused *at that
  moment*, before the Tab has moved the focus: "Ana⇥CEO" typed quickly would all land in
  the first box. Here a Tab moves the focus in turn with the typing, and a key that
  reaches a box after the focus has left it goes on to the widget focused now.

One thing is dropped: control characters in a paste (other than line breaks and Tabs,
handled as above). Typed keys never insert them, but a paste is inserted as it comes, and a
C1 control or DEL shown in the box goes raw to the terminal, even the sender's own: an 8-bit
CSI there starts an escape sequence. The file format refuses them anyway.
"""

from __future__ import annotations

import re

from textual import events
from textual.validation import Length
from textual.widget import Widget
from textual.widgets import Input, TextArea

_NEWLINES = re.compile(r"\r\n|\r|\n")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 controls but Tab and line breaks, DEL and C1 controls: what a paste never inserts."""


def without_controls(text: str) -> str:
    """A pasted text without the control characters a terminal would act on (Tab and line
    breaks stay: each box decides what they mean)."""
    return _CONTROLS.sub("", text)


def counter(length: int, limit: int) -> str:
    """The length shown once a text comes close to its limit ("" while far from it)."""
    if length < limit - max(10, limit // 5):
        return ""
    if length > limit:
        return f"{length:,}/{limit:,}: {length - limit:,} too many"
    return f"{length:,}/{limit:,}"


def follow_focus(widget: Widget, event: events.Key) -> bool:
    """Pass a key on to the focused widget when the focus has left ``widget``; True if passed.

    The key was forwarded here before an earlier key of the same read (a Tab, an Enter)
    moved the focus: it was typed for the widget focused now.
    """
    if widget.app.screen is widget.screen and widget.screen.focused is widget:
        return False
    event.stop()
    event.prevent_default()
    # Posted to the app as if it came from the terminal: the app forwards it to the focus.
    widget.app.post_message(events.Key(event.key, event.character))
    return True


def tab_in_turn(widget: Widget, event: events.Key) -> bool:
    """Move the focus on Tab (shift+Tab) at once, before the keys typed after it."""
    if event.key not in ("tab", "shift+tab"):
        return False
    event.stop()
    event.prevent_default()
    if event.key == "tab":
        widget.screen.focus_next()
    else:
        widget.screen.focus_previous()
    return True


class LimitedInput(Input):
    """A one-line box for a field of limited length: counted near the limit, never cut.

    A paste keeps all its text: its line breaks become spaces, and a Tab in it moves on
    to the next box with the rest (a name and a role copied from a spreadsheet row).
    """

    DEFAULT_CSS = """
    LimitedInput.-invalid {
        border-subtitle-color: $text-error;
    }
    """

    def __init__(self, value: str = "", *, limit: int, **kwargs: object) -> None:
        """``limit`` is the most characters the field may be saved with."""
        self.limit = limit  # before the initial value is set: its watcher reads it
        super().__init__(value, validators=[Length(maximum=limit)], **kwargs)  # type: ignore[arg-type]

    def watch_value(self, value: str) -> None:
        self.border_subtitle = counter(len(value), self.limit)

    def handle_in_turn(self, event: events.Key) -> bool:
        """Act on a key that must take effect before the keys after it; True when done."""
        return tab_in_turn(self, event)

    async def on_key(self, event: events.Key) -> None:
        if not follow_focus(self, event):
            self.handle_in_turn(event)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        text, tab, rest = without_controls(event.text).partition("\t")
        line = _NEWLINES.sub(" ", text.rstrip("\r\n"))
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *selection)
        if tab:
            self.screen.focus_next()
            if rest:
                self.app.post_message(events.Paste(rest))


class LimitedTextArea(TextArea):
    """A text area for a note or an action: counted near its limit, never cut."""

    DEFAULT_CSS = """
    LimitedTextArea.-over-limit {
        border: tall $error;
        border-subtitle-color: $text-error;
    }
    """

    def __init__(self, text: str = "", *, limit: int, **kwargs: object) -> None:
        """``limit`` is the most characters the text may be saved with."""
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.limit = limit

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        length = len(self.text)
        self.border_subtitle = counter(length, self.limit)
        self.set_class(length > self.limit, "-over-limit")

    async def on_key(self, event: events.Key) -> None:
        if not follow_focus(self, event) and self.tab_behavior == "focus":
            tab_in_turn(self, event)

    def on_paste(self, event: events.Paste) -> None:
        if self.read_only:
            return
        event.stop()
        event.prevent_default()
        result = self.replace(without_controls(event.text), *self.selection)
        self.move_cursor(result.end_location)

"""The common shape of the equality view's panes: shown a ``Reveal``, laid out to their width."""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from vp_tui.ui.widgets.item_table import ItemTable
from vp_tui.ui.widgets.reveal import Focus, Reveal


def show_line(widget: Static, line: Content | None) -> None:
    """Show a line of a pane, or hide it when there is none."""
    widget.display = line is not None
    widget.update(line or "")


class RevealPane(Vertical):
    """A pane of the equality view; the screen calls ``show`` whenever the session changes."""

    component = "general"
    """The component a note written on this pane is about."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="reveal-pane")
        self.reveal: Reveal | None = None
        self._laid_out_for = 0
        self.stale = False
        """Holding a reveal not drawn yet (the pane is on a tab not on show)."""

    def show(self, reveal: Reveal) -> None:
        """Render the session as it stands now."""
        self.reveal = reveal
        self.stale = False
        self._laid_out_for = self.width
        self.render_reveal(reveal, self.width)

    def hold(self, reveal: Reveal) -> None:
        """Keep the session to draw when the pane's tab is opened (drawing five panes when
        one is on show would make every change, and a hosted reveal, five times slower)."""
        self.reveal = reveal
        self.stale = True

    @property
    def width(self) -> int:
        """The cells available to the pane's tables (a guess before the first layout)."""
        return self.content_size.width or max(self.app.size.width - 2, 40)

    @property
    def plain(self) -> bool:
        """Verdicts without colour (the terminal asks for none): emphasis tells them apart."""
        return self.app.no_color

    def on_resize(self, event: Resize) -> None:
        if self.reveal is not None and not self.stale and self.width != self._laid_out_for:
            self.show(self.reveal)

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        """Fill the pane's widgets (each pane says how)."""

    def tables(self) -> list[ItemTable]:
        """The pane's tables, first to last."""
        return list(self.query(ItemTable))

    def focus_first(self) -> None:
        """Put the keyboard on the pane's first table, or on the pane itself."""
        tables = self.tables()
        if tables:
            tables[0].focus()
        else:
            for widget in self.query("*"):
                if widget.can_focus:
                    widget.focus()
                    return

    def highlighted(self) -> Focus:
        """The row under the cursor of the focused table, or the component as a whole."""
        if self.reveal is not None:
            for table in self.tables():
                key = table.current_key
                if table.has_focus and key is not None and "/" in key:
                    return self.reveal.focus_of(self.component, key)
        return Focus(self.component)

"""The keys of the current screen on one line at the bottom: one widget, drawn in one go."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import groupby

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.style import Style as VisualStyle
from textual.widget import Widget


@dataclass(frozen=True)
class _Key:
    """One key as shown: what to press, what it does, and whether it does anything now."""

    key: str
    display: str
    description: str
    enabled: bool


@dataclass(frozen=True)
class _Group:
    """Keys shown together before one description (a ``Binding.Group``), or one key alone."""

    keys: tuple[_Key, ...]
    description: str
    compact: bool = False
    """The group's keys are written without a space between them."""


@cache
def declared_keys(node_type: type[DOMNode]) -> dict[str, int]:
    """The keys a kind of node binds, in the order its ``BINDINGS`` give them: as Textual
    merges them, a base class's first, and a key bound again keeps its first place."""
    order: dict[str, int] = {}
    for cls in reversed(node_type.__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            order.setdefault(binding.key, len(order))
    return order


class KeyBar(Widget):
    """The keys of the screen and what they do, like Textual's ``Footer``, in one widget.

    Textual's ``Footer`` is a container with a widget per key, rebuilt whenever the screen
    says its bindings may have changed (on every change of focus, among others); that costs
    more than the rest of a simple screen's first frame. This draws the same line as one
    piece of text and redraws it only when what it shows has changed. A click on a key
    presses it. Keys that do nothing right now are dimmed.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(
        self, *, show_command_palette: bool = True, compact: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        self.compact = compact
        self._keys: tuple[tuple[_Group, ...], _Key | None] | None = None
        self._places: list[tuple[int, int, _Key]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self._keys is not None and self._shown_keys() != self._keys:
            self.refresh()

    def _shown_keys(self) -> tuple[tuple[_Group, ...], _Key | None]:
        """What to show, as the footer does: one key per action, a group's keys together."""
        bindings = self.screen.active_bindings
        by_action: dict[str, tuple[_Key, Binding]] = {}

        # A screen's priority bindings come first, in the order the screen declares them: the
        # table they override (which binds the same keys) would otherwise decide their place.
        def place(entry: tuple[int, tuple[str, ActiveBinding]]) -> tuple[int, int]:
            index, (key, (node, binding, _enabled, _tooltip)) = entry
            if not binding.priority or node is self.app:
                return (1, index)
            order = declared_keys(type(node))
            return (0, order.get(key, len(order)))

        entries = sorted(enumerate(bindings.items()), key=place)
        for _index, (_key, (_node, binding, enabled, _tooltip)) in entries:
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = (self._key(binding, enabled), binding)
        groups: list[_Group] = []
        for group, members in groupby(by_action.values(), lambda member: member[1].group):
            keys = [key for key, _binding in members]
            if group is not None and len(keys) > 1:
                groups.append(_Group(tuple(keys), group.description, group.compact))
            else:
                groups.extend(_Group((key,), key.description) for key in keys)
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = self._key(binding, enabled)
        return tuple(groups), palette

    def _key(self, binding: Binding, enabled: bool) -> _Key:
        return _Key(binding.key, self.app.get_key_display(binding), binding.description, enabled)

    def render(self) -> RenderResult:
        self._keys = groups, palette = self._shown_keys()
        key_style = self.get_visual_style("key-bar--key")
        description_style = self.get_visual_style("key-bar--description")
        dim = self.get_visual_style("key-bar--disabled", partial=True)
        pad = "" if self.compact else " "
        pieces: list[Content] = []
        places: list[tuple[int, int, _Key]] = []
        at = 0

        def add(text: str, style: VisualStyle, key: _Key | None = None) -> None:
            nonlocal at
            piece = Content.styled(text, style)
            if key is not None and not key.enabled:
                piece = piece.stylize(dim)
            if key is not None:
                places.append((at, at + piece.cell_length, key))
            pieces.append(piece)
            at += piece.cell_length

        for group in groups:
            # One key: " a Add " (compact: "a Add "); a group: " ← → Step " or " 12345 Views ".
            if len(group.keys) == 1:
                key = group.keys[0]
                add(f"{pad}{key.display}{pad}", key_style, key)
                add(f"{'' if pad else ' '}{group.description} ", description_style)
                start, _end, _key = places[-1]
                places[-1] = (start, at, key)  # a click on the words presses the key too
            else:
                for index, key in enumerate(group.keys):
                    if index == 0 or not group.compact:
                        add(" ", key_style)
                    add(key.display, key_style, key)
                add(f" {group.description} ", description_style)
            enabled = any(key.enabled for key in group.keys)
            if not enabled:
                pieces[-1] = pieces[-1].stylize(dim)
        line = Content("").join(pieces)
        if palette is not None:
            # On the right, after a thin rule, as the footer has it.
            label = f"{palette.display} {palette.description} "
            start = self.size.width - cell_len(label) - 1
            if start >= line.rstrip().cell_length:  # the last space may give way to the rule
                places.append((start + 1, self.size.width, palette))
                line = Content.assemble(
                    line.truncate(start, pad=True),
                    "▏",
                    (palette.display, key_style),
                    (f" {palette.description} ", description_style),
                )
        self._places = places
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._places:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return

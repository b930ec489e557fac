"""Every action a partner needs has a key that reaches the app in a browser: the browser keeps
Ctrl+W, Ctrl+T, Ctrl+N, Ctrl+Q and F5 for itself (and F1 is the brightness on many laptops
or the browser's own help), so none may be an action's only key."""

from __future__ import annotations

import importlib
import inspect

from textual.dom import DOMNode

from vp_tui.web.page import BROWSER_KEPT, BROWSER_KEYS, page_html

UNRELIABLE = ("f1",)
"""Keys that reach a browser page on some machines only."""

PARTNER_MODULES = [
    "vp_tui.ui.base_app",
    "vp_tui.ui.partner_app",
    # The turns, the review, waiting and pausing.
    "vp_tui.ui.screens.rating_turn",
    "vp_tui.ui.screens.anticipated_turn",
    "vp_tui.ui.screens.contribution_turn",
    "vp_tui.ui.screens.values_turn",
    "vp_tui.ui.screens.brings_turn",
    "vp_tui.ui.screens.review",
    "vp_tui.ui.screens.waiting",
    "vp_tui.ui.screens.paused",
    # The reveal: its tabs, details, notes, actions, the statement and the decision.
    "vp_tui.ui.screens.equality",
    "vp_tui.ui.screens.item_detail",
    "vp_tui.ui.screens.note",
    "vp_tui.ui.screens.action",
    "vp_tui.ui.screens.lines",
    "vp_tui.ui.screens.decision",
    "vp_tui.ui.screens.statement",
    "vp_tui.ui.screens.choose",
    "vp_tui.ui.screens.confirm",
    "vp_tui.ui.screens.help",
    "vp_tui.ui.widgets.rating_list",
    "vp_tui.ui.widgets.rating_items",
    "vp_tui.ui.widgets.notes_pane",
    "vp_tui.ui.widgets.item_table",
    "vp_tui.ui.widgets.reveal_tabs",
    "vp_tui.ui.widgets.reveal",
    "vp_tui.ui.widgets.limited_input",
]

NOT_NEEDED_IN_A_BROWSER = {
    "quit": "closing the tab leaves; everything typed is saved as it is typed",
    # Text fields (Textual's Input and TextArea): conveniences with other ways to the same.
    "delete_left_word": "backspace deletes it a character at a time",
}


def partner_bindings() -> dict[tuple[str, str], set[str]]:
    """(class, action) -> every key bound to it, for each widget, screen and app class a
    partner's app shows, inherited bindings included."""
    found: dict[tuple[str, str], set[str]] = {}
    for name in PARTNER_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name or not issubclass(cls, DOMNode):
                continue
            for key, bindings in cls._merge_bindings().key_to_bindings.items():
                for binding in bindings:
                    found.setdefault((cls.__name__, binding.action), set()).add(key)
    return found


def test_the_partner_app_has_bindings_to_check() -> None:
    bindings = partner_bindings()
    actions = {action for _, action in bindings}
    for expected in ("rate(7)", "finish", "pause", "show_pane('summary')", "help", "back"):
        assert any(action.startswith(expected.split("(")[0]) for action in actions), expected
    assert len(bindings) > 50


def test_no_action_a_partner_needs_is_bound_only_to_a_key_the_browser_keeps() -> None:
    unreachable = set(BROWSER_KEPT) | set(UNRELIABLE)
    stranded = {
        f"{owner}: {action} ({', '.join(sorted(keys))})"
        for (owner, action), keys in partner_bindings().items()
        if keys <= unreachable and action.rpartition(".")[2] not in NOT_NEEDED_IN_A_BROWSER
    }
    assert not stranded, sorted(stranded)


def test_the_page_names_the_keys_the_browser_keeps() -> None:
    page = page_html()
    for key in BROWSER_KEPT:
        shown = key.replace("ctrl+", "Ctrl+").upper().replace("CTRL+", "Ctrl+")
        assert shown in BROWSER_KEYS and shown in page, shown

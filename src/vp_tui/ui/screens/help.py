"""Help: the keys of the screen below, and what the scales and verdicts mean."""

from __future__ import annotations

from dataclasses import dataclass

from textual.actions import ActionError
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from vp_tui.model.wording import DEAL_WORDS


@dataclass(frozen=True)
class KeyHelp:
    """One line of the keys list: the keys (as displayed) and what they do."""

    keys: str
    description: str
    in_footer: bool


def _describe(binding: Binding) -> str:
    if binding.action == "command_palette":
        return "Command palette: search every action"
    return binding.description or binding.tooltip


def _textual_only(screen: Screen[object], node: object, action: str) -> bool:
    """Whether an action is Textual's own (cursor keys, focus moves), not one of ours."""
    try:
        namespace, name, _arguments = parse_action(action)
    except ActionError:
        return False
    target = {"app": screen.app, "screen": screen}.get(namespace, node)
    method = getattr(target, f"action_{name}", None)
    return method is not None and getattr(method, "__module__", "").startswith("textual.")


def screen_keys(screen: Screen[object]) -> list[KeyHelp]:
    """The keys that work on ``screen`` now (its focused widget, itself and the app).

    Keys that do the same thing share a line. Textual's system keys, and the hidden keys
    of its own widgets (cursor moves, focus moves), are left out: one line covers those.
    Keys shown in the footer come first.
    """
    lines: dict[tuple[str, str], tuple[list[str], Binding]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        description = _describe(binding)
        if binding.system or not description:
            continue
        hidden = not binding.show and binding.action != "command_palette"
        if hidden and _textual_only(screen, active.node, binding.action):
            continue
        keys, _ = lines.setdefault((binding.action, description), ([], binding))
        shown = screen.app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    result = [
        KeyHelp(" / ".join(keys), description, binding.show)
        for (_, description), (keys, binding) in lines.items()
    ]
    return sorted(result, key=lambda line: not line.in_footer)


_MOVE_KEYS = KeyHelp("↑ ↓ pgup pgdn", "Move in lists and tables (tab: to the next field)", False)

_DEAL = tuple((f"{answer:+d}" if answer else "0", DEAL_WORDS[answer]) for answer in (3, 0, -3))

_VERDICTS = (
    ("aligned", "$text-success", "a small gap (2 or less by default): it feels equal"),
    (
        "at risk",
        "$text-warning",
        "a gap up to 4 by default, a partner who expects to lose, or a deal answer of ±2",
    ),
    (
        "out of sync",
        "$text-error bold",
        "a larger gap, a dealbreaker value apart, or a deal answer of ±3",
    ),
    ("incomplete", "dim italic", "some ratings are still missing"),
)

_RATINGS = (
    "Whole numbers from 0 (none at all) to 10 (as much as there can be): how much you expect "
    "to gain from a benefit, what a cost takes from you, how much a value matters to you, "
    "what a contribution is worth."
)
_DEAL_QUESTION = (
    "From -3 to +3: considering what you put in and what you get out, who gets the better deal?"
)
_DEALBREAKER = (
    "Mark a value when being apart on it would end the partnership for you: it is then out "
    "of sync as soon as its gap is above the aligned band."
)
_OVERALL = "For each component, and overall: the worst of the three (the weakest link)."


def _row(term: Content, meaning: str | Content) -> Horizontal:
    """A term and its meaning side by side; a long meaning wraps under itself."""
    return Horizontal(
        Static(term, classes="help-term"),
        Static(meaning, classes="help-meaning", markup=False),
        classes="help-row",
    )


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, and what the scales mean."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Help"
            dialog.border_subtitle = "escape closes"
            yield Static("Keys", classes="title first")
            for line in [*screen_keys(self.below), _MOVE_KEYS]:
                yield _row(Content.styled(line.keys, "bold"), line.description)
            yield Static("Ratings", classes="title")
            yield Static(_RATINGS, classes="help-text", markup=False)
            yield Static("The deal question", classes="title")
            yield Static(_DEAL_QUESTION, classes="help-text", markup=False)
            for value, words in _DEAL:
                yield _row(Content.styled(f"{value:>3}", "bold"), words)
            yield Static("Dealbreaker", classes="title")
            yield Static(_DEALBREAKER, classes="help-text", markup=False)
            yield Static("Verdicts", classes="title")
            yield Static(_OVERALL, classes="help-text", markup=False)
            for word, style, meaning in _VERDICTS:
                yield _row(Content.styled(word, style), meaning)

    def action_close(self) -> None:
        """Back to the screen below."""
        self.dismiss(None)

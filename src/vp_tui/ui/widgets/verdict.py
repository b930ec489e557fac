"""Verdicts on screen: a symbol and words first, colour only as a second signal."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from vp_tui.model.scoring import Verdict
from vp_tui.report.sections import verdict_word

SYMBOLS = {
    Verdict.ALIGNED: "✓",
    Verdict.AT_RISK: "▲",
    Verdict.OUT_OF_SYNC: "✗",
    Verdict.INCOMPLETE: "?",
}
"""One symbol per verdict, so that a screen without colour still tells them apart."""

CSS_CLASSES = {
    Verdict.ALIGNED: "aligned",
    Verdict.AT_RISK: "at-risk",
    Verdict.OUT_OF_SYNC: "out-of-sync",
    Verdict.INCOMPLETE: "incomplete",
}
"""The app-wide classes (app.tcss) that colour a verdict."""

_THEME_COLOURS = {
    Verdict.ALIGNED: ("success", "green"),
    Verdict.AT_RISK: ("warning", "yellow"),
    Verdict.OUT_OF_SYNC: ("error", "red"),
    Verdict.INCOMPLETE: ("text-muted", "grey50"),
}
_EMPHASIS = {Verdict.OUT_OF_SYNC: " bold", Verdict.INCOMPLETE: " italic"}

PLAIN_STYLES = {
    Verdict.ALIGNED: "",
    Verdict.AT_RISK: "bold",
    Verdict.OUT_OF_SYNC: "bold reverse",
    Verdict.INCOMPLETE: "italic",
}
"""Verdict styles without colour (NO_COLOR): the worse the verdict, the more it stands out.

Colours are left out on purpose: turned grey, red is darker than green, and the worst
verdict would be the faintest (on a highlighted row above all).
"""


def verdict_label(verdict: Verdict) -> str:
    """The verdict as a symbol and words, e.g. ``▲ AT RISK``."""
    return f"{SYMBOLS[verdict]} {verdict_word(verdict)}"


def verdict_style(verdict: Verdict, theme: Mapping[str, str], *, plain: bool = False) -> str:
    """A rich style for the verdict in the current theme (for table cells, which know no CSS);
    ``plain``: without colour (the app's ``no_color``)."""
    if plain:
        return PLAIN_STYLES[verdict]
    variable, fallback = _THEME_COLOURS[verdict]
    return theme.get(variable, fallback) + _EMPHASIS.get(verdict, "")


def verdict_text(verdict: Verdict, theme: Mapping[str, str], *, plain: bool = False) -> Text:
    """The verdict as a coloured table cell (``plain``: emphasised, without colour)."""
    return Text(
        verdict_label(verdict), style=verdict_style(verdict, theme, plain=plain), no_wrap=True
    )


def verdict_content(verdict: Verdict, *, plain: bool = False) -> Content:
    """The verdict as coloured content for a widget (theme variables resolve there);
    ``plain``: emphasised, without colour."""
    if plain:
        return Content.styled(verdict_label(verdict), PLAIN_STYLES[verdict])
    variable, _ = _THEME_COLOURS[verdict]
    return Content.styled(verdict_label(verdict), f"${variable}{_EMPHASIS.get(verdict, '')}")


class VerdictBadge(Static):
    """A verdict in words and colour; the screen sets ``verdict`` and the badge follows."""

    DEFAULT_CSS = """
    VerdictBadge {
        width: auto;
        text-style: bold;
    }
    """

    verdict: reactive[Verdict] = reactive(Verdict.INCOMPLETE)

    def __init__(
        self,
        verdict: Verdict = Verdict.INCOMPLETE,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(VerdictBadge.verdict, verdict)

    def on_mount(self) -> None:
        self.watch_verdict(self.verdict)

    def watch_verdict(self, verdict: Verdict) -> None:
        for candidate, css_class in CSS_CLASSES.items():
            self.set_class(candidate is verdict, css_class)
        self.update(Content(verdict_label(verdict)))

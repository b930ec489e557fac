"""A partner's shared-values turn: how important each value is, and which are dealbreakers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from vp_tui.model.changes import ChangeError
from vp_tui.model.fields import Meaning
from vp_tui.model.session import parse_target
from vp_tui.ui.screens.lines import LineField, LinesScreen
from vp_tui.ui.screens.rating_turn import RATING_KEYS, RatingTurnScreen, TurnScreen
from vp_tui.ui.widgets.rating_items import RatingItem
from vp_tui.ui.widgets.rating_list import RatingList

DEALBREAKER = "! dealbreaker"


def in_practice(meaning: str | None) -> str:
    """The line under a value: what it means to the partner in practice ("" for none)."""
    return f"In practice: {meaning}" if meaning else ""


class ValuesTurnScreen(RatingTurnScreen, inherit_bindings=False):
    """Rate how much each value matters to you; mark the ones that would end the deal."""

    # Listed in full so that the dealbreaker key comes before finish in the footer.
    BINDINGS: ClassVar[list[BindingType]] = [
        *Screen.BINDINGS,
        *RATING_KEYS,
        Binding("d", "dealbreaker", "Dealbreaker", id="dealbreaker"),
        Binding("m", "meaning", "Meaning", id="meaning"),
        *TurnScreen.BINDINGS,
    ]

    TAG_WIDTH: ClassVar[int] = len(DEALBREAKER)
    INSTRUCTIONS: ClassVar[str] = (
        "How important is each value to you? 0 = not at all, 10 (key t) = essential. "
        "Press d on a value that would end the deal for you, m to say what it means to you "
        "in practice."
    )
    HELP = """\
## Shared values

Rate how important each value is to you, from 0 (not at all) to 10 (essential).
Press `d` to mark (or unmark) the highlighted value as a **dealbreaker**: a value
where a gap between partners would end the partnership for you.

Press `m` to say, in one line, what the highlighted value means to you **in practice**
("a reply within a day"). It is optional; the reveal shows each partner's line side by
side, and a talk is worth having where they differ, even when the ratings agree.

Digits rate the highlighted value and move on; `t` rates 10; ← and → (or - and +)
change a rating by one; click a number to choose it. Nobody else sees your answers
before the reveal.
"""

    def rating_items(self) -> list[RatingItem]:
        """Every value of the session, with what it means to this partner (never to another)."""
        partner = self.turn.partner
        return [
            RatingItem(
                f"values/{entry.item}", entry.item, detail=in_practice(entry.meaning.get(partner))
            )
            for entry in self.live.session.values
        ]

    def own_values(self) -> dict[str, int]:
        """This partner's ratings of the values."""
        partner = self.turn.partner
        return {
            f"values/{entry.item}": entry.ratings[partner]
            for entry in self.live.session.values
            if partner in entry.ratings
        }

    def tags(self) -> dict[str, str]:
        """This partner's dealbreakers (never anyone else's)."""
        partner = self.turn.partner
        return {
            f"values/{entry.item}": DEALBREAKER
            for entry in self.live.session.values
            if partner in entry.dealbreaker
        }

    def system_commands(self) -> Iterator[SystemCommand]:
        """Dealbreaker, finish and pause, for the command palette."""
        yield SystemCommand(
            "Dealbreaker", "Mark or unmark the highlighted value", self.action_dealbreaker
        )
        yield SystemCommand(
            "In practice", "Say what the highlighted value means to you", self.action_meaning
        )
        yield from super().system_commands()

    def action_dealbreaker(self) -> None:
        """Mark or unmark the highlighted value as a dealbreaker."""
        ratings = self.query_one(RatingList)
        item = ratings.current
        if item is None:
            return
        _, name = parse_target(item.target)
        entry = next(e for e in self.live.session.values if e.item == name)
        marked = self.turn.partner not in entry.dealbreaker
        try:
            self.live.set_dealbreaker(self.turn.partner, name, marked)
        except ChangeError as error:
            self.say(str(error), error=True)
            return
        ratings.set_tag(item.target, DEALBREAKER if marked else "")
        self.say(
            f"Marked as a dealbreaker: {name}" if marked else f"No longer a dealbreaker: {name}"
        )

    def action_meaning(self) -> None:
        """Ask what the highlighted value means to this partner in practice (one line)."""
        item = self.query_one(RatingList).current
        if item is None:
            return
        _, name = parse_target(item.target)
        entry = next(e for e in self.live.session.values if e.item == name)
        field = LineField(
            f"What “{name}” means to you in practice",
            entry.meaning.get(self.turn.partner, ""),
            Meaning,
            "For example: a reply within a day. Only you see it until the reveal; "
            "leave it empty for none.",
        )
        self.app.push_screen(
            LinesScreen("In practice", [field]),
            lambda lines: self._meant(item.target, name, lines),
        )

    def _meant(self, target: str, name: str, lines: tuple[str, ...] | None) -> None:
        if lines is None:
            return
        text = lines[0] or None
        try:
            self.live.set_meaning(self.turn.partner, name, text)
        except ChangeError as error:
            self.say(str(error), error=True)
            return
        self.query_one(RatingList).set_detail(target, in_practice(text))
        self.say(f"In practice, {name}: {text}" if text else f"No line for {name}")

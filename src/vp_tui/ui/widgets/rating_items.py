"""What a rating list asks: the items, each on a whole-number scale, and how a scale reads.

Plain values, with no widget: the turn screens build them and the list draws them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scale:
    """A whole-number scale from ``low`` to ``high``, with optional words for its answers."""

    low: int
    high: int
    signed: bool = False
    words: Mapping[int, str] = field(default_factory=dict)

    def label(self, value: int) -> str:
        """How a value is written on the scale (``+2`` on a signed scale)."""
        return f"{value:+d}" if self.signed and value else str(value)

    def answer(self, value: int) -> str:
        """A chosen value with its words, when the scale has some: ``-3 my partners get…``."""
        words = self.words.get(value, "")
        return f"{self.label(value)} {words}" if words else self.label(value)

    @property
    def has_negatives(self) -> bool:
        """Whether a sign is typed before a digit on this scale (the deal question)."""
        return self.low < 0

    def armed_hint(self, sign: int) -> str:
        """What the row shows once ``-`` or ``+`` was typed: ``-_ type 1-3``."""
        most = -self.low if sign < 0 else self.high
        return f"{'-' if sign < 0 else '+'}_ type 1-{most}"

    @property
    def middle(self) -> int:
        """Where adjusting an unanswered item starts."""
        return (self.low + self.high) // 2

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.low <= value <= self.high


RATING_SCALE = Scale(0, 10)


@dataclass(frozen=True)
class RatingItem:
    """One thing to rate: its target (``values/Honesty``), its label and its scale.

    ``label`` and ``detail`` are user text and are shown literally. A ``stacked`` item
    puts its label on lines of its own and the scale below (for a long question);
    ``section`` starts a new heading when it differs from the previous item's.
    """

    target: str
    label: str
    scale: Scale = RATING_SCALE
    detail: str = ""
    stacked: bool = False
    section: str | None = None


def scale_cells(scale: Scale, value: int | None) -> list[tuple[str, int]]:
    """The cells of a scale as (text, value); the chosen one in brackets, readable without colour."""
    cells = []
    for number in range(scale.low, scale.high + 1):
        text = scale.label(number)
        cells.append((f"[{text}]" if number == value else f" {text} ", number))
    return cells

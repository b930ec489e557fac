"""A partner's anticipated-value turn: each benefit and cost for themselves, then the deal."""

from __future__ import annotations

from typing import ClassVar

from vp_tui.model.wording import DEAL_QUESTION, DEAL_WORDS, deal_words, for_partners
from vp_tui.ui.screens.rating_turn import RatingTurnScreen
from vp_tui.ui.widgets.rating_items import RatingItem, Scale

DEAL_SCALE = Scale(-3, 3, signed=True, words=DEAL_WORDS)
"""The deal question's scale, in words for any number of partners (``deal_scale``)."""


def deal_scale(count: int) -> Scale:
    """The deal question's scale worded for ``count`` partners ("my partner" between two)."""
    return Scale(-3, 3, signed=True, words={a: deal_words(a, count) for a in DEAL_WORDS})


class AnticipatedTurnScreen(RatingTurnScreen):
    """Rate what you expect to gain and what it costs you, then say who gets the better deal."""

    INSTRUCTIONS: ClassVar[str] = (
        "For yourself alone: how much do you expect to gain from each result, and how much "
        "will it cost you? 0 = nothing, 10 (key t) = a great deal."
    )
    HELP = """\
## Anticipated value

Rate each **benefit** (what you expect to gain) and each **cost** (what it takes from
you) for yourself alone, from 0 (nothing) to 10 (a great deal). Then answer the deal
question from -3 (my partners get a much better deal) through 0 (it is even) to
+3 (I get a much better deal): type `-` or `+`, then the digit (`-` `3` is -3); a digit
alone is positive. Your answer is written out in words next to the scale.

Digits rate the highlighted item and move on; `t` rates 10; ← and → change a rating
by one (- and + too, except on the deal question); click a number to choose it.
Nobody else sees your answers before the reveal.
"""

    def rating_items(self) -> list[RatingItem]:
        """Every benefit, every cost, then the deal question."""
        session = self.live.session
        items = [
            RatingItem(f"benefits/{entry.item}", entry.item, section="Benefits — what you gain")
            for entry in session.benefits
        ]
        items += [
            RatingItem(f"costs/{entry.item}", entry.item, section="Costs — what it takes from you")
            for entry in session.costs
        ]
        count = len(session.partners)
        items.append(
            RatingItem(
                "deal",
                DEAL_QUESTION,
                scale=deal_scale(count),
                detail=for_partners(
                    "Type - or + then a digit (- 3 is -3): -3 my partners get a much better "
                    "deal · 0 even · +3 I get a much better deal",
                    count,
                ),
                stacked=True,
                section="The deal",
            )
        )
        return items

    def own_values(self) -> dict[str, int]:
        """This partner's benefit and cost ratings and their deal answer."""
        partner = self.turn.partner
        session = self.live.session
        values = {}
        for list_name in ("benefits", "costs"):
            for entry in session.rated_list(list_name):
                if partner in entry.ratings:
                    values[f"{list_name}/{entry.item}"] = entry.ratings[partner]
        if partner in session.deal:
            values["deal"] = session.deal[partner]
        return values

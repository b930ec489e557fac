"""A partner's contribution turn: what every partner's contribution is worth, their own included."""

from __future__ import annotations

from typing import ClassVar

from vp_tui.ui.screens.rating_turn import RatingTurnScreen
from vp_tui.ui.widgets.rating_items import RatingItem


class ContributionTurnScreen(RatingTurnScreen):
    """Rate what each partner brings; the lists are everyone's to see, the ratings are not."""

    INSTRUCTIONS: ClassVar[str] = (
        "What is each partner's contribution worth to the partnership, your own included? "
        "0 = nothing, 10 (key t) = a great deal."
    )
    HELP = """\
## Contribution value

Each partner listed what they bring. Rate what every partner's contribution is worth,
your own included, from 0 (nothing) to 10 (a great deal).

Digits rate the highlighted partner and move on; `t` rates 10; ← and → (or - and +)
change a rating by one; click a number to choose it. Nobody else sees your ratings
before the reveal.
"""

    def rating_items(self) -> list[RatingItem]:
        """One item per partner, with what they bring below their name."""
        session = self.live.session
        items = []
        for partner in session.partners:
            contribution = session.contribution_of(partner.id)
            brings = contribution.brings if contribution else []
            detail = "brings: " + (" · ".join(brings) if brings else "nothing listed")
            label = f"{partner.name} (you)" if partner.id == self.turn.partner else partner.name
            items.append(RatingItem(f"contributions/{partner.id}", label, detail=detail))
        return items

    def own_values(self) -> dict[str, int]:
        """This partner's ratings of every contribution."""
        rater = self.turn.partner
        values = {}
        for contribution in self.live.session.contributions:
            if rater in contribution.ratings:
                values[f"contributions/{contribution.partner}"] = contribution.ratings[rater]
        return values

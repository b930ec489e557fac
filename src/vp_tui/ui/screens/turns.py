"""The rating turn screens, one per round."""

from __future__ import annotations

from collections.abc import Sequence

from textual.screen import Screen

from vp_tui.live.session import LiveSession
from vp_tui.model.flow import Turn
from vp_tui.model.templates import Prompts, round_prompt
from vp_tui.ui.screens.anticipated_turn import AnticipatedTurnScreen
from vp_tui.ui.screens.brings_turn import BringsTurnScreen
from vp_tui.ui.screens.contribution_turn import ContributionTurnScreen
from vp_tui.ui.screens.rating_turn import TurnScreen
from vp_tui.ui.screens.values_turn import ValuesTurnScreen

TURN_SCREENS: dict[str, type[TurnScreen]] = {
    "anticipated": AnticipatedTurnScreen,
    "values": ValuesTurnScreen,
    "brings": BringsTurnScreen,
    "contribution": ContributionTurnScreen,
}


def turn_screen(
    live: LiveSession,
    turn: Turn,
    prompts: Prompts | None = None,
    suggestions: Sequence[str] = (),
) -> Screen[bool]:
    """The screen for one partner's turn in one round, with the template's words for it
    and, for what the partner brings, the template's suggestions."""
    prompt = round_prompt(prompts, turn.round, len(live.session.partners))
    if turn.round == "brings":
        return BringsTurnScreen(live, turn, prompt, suggestions)
    return TURN_SCREENS[turn.round](live, turn, prompt)

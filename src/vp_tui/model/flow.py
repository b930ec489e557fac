"""The order of a workshop as data: rounds, turns, and where a session stands.

A session moves through setup, the rating rounds, the reveal and completion. Each
round is taken by every partner in turn; a turn ends with a ``done`` event, so a
session reopened after a crash resumes at exactly the turn it stopped in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

# The rating rounds, in order: contribution is split in two, first every partner lists what
# they bring, then every partner rates every contribution (one cannot rate what has not been
# listed yet). Rounds and turns are part of the history's vocabulary (``model.events``).
from vp_tui.model.events import ROUNDS as ROUNDS
from vp_tui.model.events import Done, OpenRound, Reopen
from vp_tui.model.events import Round as Round
from vp_tui.model.events import Turn as Turn
from vp_tui.model.reducer import history_index
from vp_tui.model.session import Session

ROUND_TITLES: dict[Round, str] = {
    "anticipated": "Anticipated value",
    "values": "Shared values",
    "brings": "What you bring",
    "contribution": "Contribution value",
}

ROUND_HEADINGS: dict[Round, str] = {
    "anticipated": "Anticipated",
    "values": "Values",
    "brings": "Brings",
    "contribution": "Contribution",
}
"""The rounds in a word, as column headings."""

DONE = Done.kind
"""The event kind that ends a partner's turn; its target is the round."""

OPEN_ROUND = OpenRound.kind
"""The event kind by which the facilitator of a hosted session opens a round (its target)."""

REOPEN = Reopen.kind
"""The event kind by which the facilitator gives a partner (the value) a finished turn
back before the reveal; its target is the round."""


@dataclass(frozen=True)
class Stage:
    """Where a session stands: ``setup``, ``turn`` (with the turn), ``ready`` to reveal,
    ``reveal`` or ``complete``."""

    name: Literal["setup", "turn", "ready", "reveal", "complete"]
    turn: Turn | None = None


def finished_turns(session: Session) -> set[Turn]:
    """The turns whose partner said they were done (and that were not reopened since)."""
    return set(history_index(session).finished)


SITTING: tuple[Round, ...] = ("anticipated", "values", "brings")
"""The rounds a partner takes in one sitting when the turns go partner by partner."""


def all_turns(session: Session) -> list[Turn]:
    """Every turn of the rating phase in the session's order.

    Round by round: each round, every partner in turn. Partner by partner: each partner
    takes the first three rounds in one sitting, then everyone rates the contributions
    (which needs every partner's list of what they bring).
    """
    partners = session.partner_ids
    if session.order == "by-partner":
        return [Turn(name, partner) for partner in partners for name in SITTING] + [
            Turn("contribution", partner) for partner in partners
        ]
    return [Turn(name, partner) for name in ROUNDS for partner in partners]


def next_turn(session: Session) -> Turn | None:
    """The first turn nobody has finished yet (None once every turn is done)."""
    finished = finished_turns(session)
    return next((turn for turn in all_turns(session) if turn not in finished), None)


def next_round_for(session: Session, partner: str) -> Round | None:
    """The first round this partner has not finished (for partners rating at once)."""
    finished = finished_turns(session)
    return next((name for name in ROUNDS if Turn(name, partner) not in finished), None)


def stage(session: Session) -> Stage:
    """Where the session stands now."""
    if session.phase == "setup":
        return Stage("setup")
    if session.phase == "complete":
        return Stage("complete")
    if session.phase == "reveal":
        return Stage("reveal")
    turn = next_turn(session)
    return Stage("ready") if turn is None else Stage("turn", turn)


def missing_in_turn(session: Session, turn: Turn) -> list[str]:
    """What the partner still has to rate in this turn (targets such as ``values/Honesty``)."""
    partner = turn.partner
    missing: list[str] = []
    if turn.round == "anticipated":
        for list_name in ("benefits", "costs"):
            missing += [
                f"{list_name}/{entry.item}"
                for entry in session.rated_list(list_name)
                if partner not in entry.ratings
            ]
        if partner not in session.deal:
            missing.append("deal")
    elif turn.round == "values":
        missing += [f"values/{e.item}" for e in session.values if partner not in e.ratings]
    elif turn.round == "brings":
        contribution = session.contribution_of(partner)
        if contribution is None or not contribution.brings:
            missing.append(f"contributions/{partner}")
    else:
        for other in session.partner_ids:
            contribution = session.contribution_of(other)
            if contribution is None or partner not in contribution.ratings:
                missing.append(f"contributions/{other}")
    return missing


def turn_size(session: Session, turn: Turn) -> int:
    """How many answers a turn asks for in all."""
    if turn.round == "anticipated":
        return len(session.benefits) + len(session.costs) + 1
    if turn.round == "values":
        return len(session.values)
    if turn.round == "brings":
        return 1
    return len(session.partners)


def turn_progress(session: Session, turn: Turn) -> str:
    """Where a turn stands, for the hand-off and the turn screens (never a rating):
    ``Round 2 of 4 · Ben, partner 2 of 3 · 5 of 9 left``."""
    ids = session.partner_ids
    name = session.partner(turn.partner).name
    left = len(missing_in_turn(session, turn))
    if turn.round == "brings":
        status = "nothing listed yet" if left else "listed"
    else:
        status = f"{left} of {turn_size(session, turn)} left" if left else "all answered"
    return (
        f"Round {ROUNDS.index(turn.round) + 1} of {len(ROUNDS)} · {name}, "
        f"partner {ids.index(turn.partner) + 1} of {len(ids)} · {status}"
    )


def progress(session: Session) -> dict[str, list[Round]]:
    """For each partner, the rounds they have finished (never their ratings)."""
    finished = finished_turns(session)
    return {
        partner: [name for name in ROUNDS if Turn(name, partner) in finished]
        for partner in session.partner_ids
    }


# Hosted sessions: partners rate at the same time, round by round, as the facilitator opens
# each round. In person the hand-off screens order the turns instead, and no round is opened.


def opened_round(session: Session) -> Round | None:
    """The last round the facilitator opened (the rounds before it are open too)."""
    return history_index(session).opened_round


def round_opened_at(session: Session, round_name: Round) -> datetime | None:
    """When the facilitator of a hosted session opened a round (None in person)."""
    return history_index(session).opened.get(round_name)


def revealed_at(session: Session) -> datetime | None:
    """When the reveal opened the discussion (None before it)."""
    return history_index(session).revealed_at


def timebox_minutes(session: Session, name: str) -> int | None:
    """The minutes set for a round or the ``discussion`` after the reveal, if any."""
    return session.timebox.minutes(name) if session.timebox is not None else None


def round_done_by_all(session: Session, round_name: Round) -> bool:
    """Whether every partner has finished their turn in a round."""
    finished = finished_turns(session)
    return all(Turn(round_name, partner) in finished for partner in session.partner_ids)


def round_to_open(session: Session) -> Round | None:
    """The round the facilitator may open next: the first, or the one after a round that
    everyone has finished (nobody can rate a contribution before everyone listed theirs)."""
    if session.phase != "rating":
        return None
    current = opened_round(session)
    if current is None:
        return ROUNDS[0]
    index = ROUNDS.index(current)
    if index + 1 < len(ROUNDS) and round_done_by_all(session, current):
        return ROUNDS[index + 1]
    return None


def partner_task(session: Session, partner: str) -> Turn | None:
    """The turn a partner of a hosted session can take now, or None while they wait."""
    if session.phase != "rating":
        return None
    current = opened_round(session)
    upcoming = next_round_for(session, partner)
    if current is None or upcoming is None:
        return None
    if ROUNDS.index(upcoming) > ROUNDS.index(current):
        return None
    return Turn(upcoming, partner)


@dataclass(frozen=True)
class PartnerStage:
    """Where one partner of a hosted session stands: ``waiting`` for a round to open,
    their ``turn`` (with it), ``curtain`` once they have answered every round (the reveal is
    made ahead for them, behind a curtain until the facilitator reveals), or ``reveal``."""

    name: Literal["waiting", "turn", "curtain", "reveal"]
    turn: Turn | None = None


def partner_stage(session: Session, partner: str) -> PartnerStage:
    """Where a partner of a hosted session stands now (``stage`` is the in-person flow's)."""
    if session.phase in ("reveal", "complete"):
        return PartnerStage("reveal")
    turn = partner_task(session, partner)
    if turn is not None:
        return PartnerStage("turn", turn)
    if session.phase == "rating" and next_round_for(session, partner) is None:
        return PartnerStage("curtain")
    return PartnerStage("waiting")

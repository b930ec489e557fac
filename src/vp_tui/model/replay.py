"""Replay: the session as it stood after each event of its history.

``replay_steps`` lists the steps; ``state_at`` is the pure function that rebuilds the state
after any step from the start. ``ReplayCursor`` moves between steps one event at a time
(each event applied or undone in constant time by the one reducer, ``model.reducer``), so
that stepping through a long history costs the same as through a short one; it always
agrees with ``state_at``. What each step says is ``model.event_words``'.

The first step is the session before anything happened (its partners and items, nothing
rated, phase ``setup``); then one step per event; and, when the tables of the file are not
what the history gives (a hand edit), a last step "edited by hand" that shows the saved
tables. The last step therefore always equals the saved state. A file without history
replays as its saved state in one step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from vp_tui.model import events as kinds
from vp_tui.model.event_words import describe, start_words
from vp_tui.model.history import gives_ids, replayed, start_of, table_ratings
from vp_tui.model.reducer import HistoryIndex, Tables, Undo, apply
from vp_tui.model.session import Action, Event, Note, Session

StepKind = Literal["start", "event", "edited"]


@dataclass(frozen=True)
class ReplayStep:
    """One step of a replay: what happened, when and by whom, in words."""

    number: int
    kind: StepKind
    says: str
    at: datetime | None = None
    actor: str | None = None
    event: Event | None = None


@dataclass(frozen=True)
class ReplayState:
    """The session as it stood after a step (no history in it) and who was present."""

    session: Session
    present: frozenset[str]


def _shown(session: Session) -> Session:
    """A copy of the tables the reducer changes in place, as a session to show (built
    without validation: the parts are valid); contributions in partner order."""
    contributions = {c.partner: c for c in session.contributions if c.ratings or c.brings}
    return session.model_copy(
        update={
            "benefits": [
                e.model_copy(update={"ratings": dict(e.ratings)}) for e in session.benefits
            ],
            "costs": [e.model_copy(update={"ratings": dict(e.ratings)}) for e in session.costs],
            "deal": dict(session.deal),
            "values": [
                e.model_copy(
                    update={
                        "ratings": dict(e.ratings),
                        "dealbreaker": list(e.dealbreaker),
                        "meaning": dict(e.meaning),
                    }
                )
                for e in session.values
            ],
            "contributions": [
                contributions[p].model_copy(update={"ratings": dict(contributions[p].ratings)})
                for p in session.partner_ids
                if p in contributions
            ],
            "notes": list(session.notes),
            "actions": list(session.actions),
        }
    )


def _without_ids(records: list[Note] | list[Action]) -> list[dict[str, Any]]:
    """Records compared by what they say: older files have no ids, replay gives them."""
    return [record.model_dump(exclude={"id"}) for record in records]


def _meaning(session: Session) -> tuple[object, ...]:
    """Everything a replay must give back: ratings, marks, meanings, lists, notes, actions,
    the statement, the decision, the next review and the phase."""
    return (
        table_ratings(session),
        {value.item: set(value.dealbreaker) for value in session.values},
        {value.item: value.meaning for value in session.values if value.meaning},
        session.statement,
        session.decision,
        session.next_review,
        {c.partner: c.brings for c in session.contributions if c.brings},
        _without_ids(session.notes),
        _without_ids(session.actions),
        session.phase,
    )


def _without_history(session: Session) -> Session:
    return session.model_copy(update={"events": []})


def _edited(session: Session) -> bool:
    """Whether replaying the whole history misses something the file's tables hold."""
    tables, _index = replayed(session)
    return bool(tables.stray) or _meaning(tables.session) != _meaning(session)


def replay_steps(session: Session) -> list[ReplayStep]:
    """Every step of the replay of a session, in order."""
    if not session.events:
        return [ReplayStep(0, "edited", "The session as saved (the file has no history)")]
    steps = [ReplayStep(0, "start", start_words(session))]
    for number, event in enumerate(session.events, start=1):
        steps.append(
            ReplayStep(number, "event", describe(session, event), event.at, event.actor, event)
        )
    if _edited(session):
        steps.append(
            ReplayStep(
                len(steps),
                "edited",
                "Edited by hand: the saved file differs from what its history gives",
            )
        )
    return steps


def state_at(session: Session, number: int) -> ReplayState:
    """The session as it stood after step ``number``, rebuilt from the start (pure)."""
    events = session.events
    last = len(events) + 1 if events and _edited(session) else len(events)
    if not 0 <= number <= last:
        raise IndexError(f"step {number} is not between 0 and {last}")
    tables, index = replayed(session, min(number, len(events)))
    # The "edited by hand" step, or the one step of a file without history, is the saved state.
    if number > len(events) or not events:
        return ReplayState(_without_history(session), frozenset(index.present))
    return ReplayState(_shown(tables.session), frozenset(index.present))


class ReplayCursor:
    """A position in a replay that moves one event at a time, in constant time per event."""

    def __init__(self, session: Session) -> None:
        self.source = session
        self.steps = replay_steps(session)
        self._index = HistoryIndex()
        self._tables = Tables(start_of(session), numbered=gives_ids(session), index=self._index)
        self._changes = [kinds.typed(event) for event in session.events]
        self._undo: list[Undo] = []
        self._saved: Session | None = None
        self.number = 0

    @property
    def last(self) -> int:
        """The number of the last step."""
        return len(self.steps) - 1

    @property
    def step(self) -> ReplayStep:
        """The step the cursor is on."""
        return self.steps[self.number]

    def move_to(self, number: int) -> None:
        """Go to step ``number`` (clamped to the replay), applying or undoing events."""
        number = max(0, min(number, self.last))
        changes, tables, undo = self._changes, self._tables, self._undo
        while self.number < number:
            self.number += 1
            if self.number <= len(changes):
                undo.append(apply(tables, changes[self.number - 1]))
        while self.number > number:
            if self.number <= len(changes):
                undo.pop()()
            self.number -= 1

    def state(self) -> ReplayState:
        """The session as it stood after the current step."""
        present = frozenset(self._index.present)
        if self.step.kind == "edited":  # a hand edit, or a file without history: as saved
            if self._saved is None:
                self._saved = _without_history(self.source)
            return ReplayState(self._saved, present)
        return ReplayState(_shown(self._tables.session), present)

    def reveal_step(self) -> int:
        """The first step that opens the reveal (or completes the session), else the last."""
        for number, change in enumerate(self._changes, start=1):
            if isinstance(change, kinds.SetPhase) and change.phase in ("reveal", "complete"):
                return number
        return self.last

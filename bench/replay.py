"""The replay benchmarks: a jump to the end, and one step, in a long history against a shorter one.

Both time what the replay screen computes for a step: moving the cursor, the state of the
session at the new step and its equality view (the screen then draws the same panes
whatever the history's length). The two sessions have the same partners and items; only
the length of their history differs (20,000 events against 2,000).

replay-end
    From the start to the last step: every event applied once, so ten times the events
    should cost about ten times as much (linear), not more.
replay-step
    One step forward then back, near the end of the history (where both sessions have every
    rating), repeated: a step must not grow with the history.
"""

from __future__ import annotations

from collections.abc import Callable

from sessions import large_session
from vp_tui.model.replay import ReplayCursor
from vp_tui.model.scoring import equality_view


def _shown(cursor: ReplayCursor) -> None:
    equality_view(cursor.state().session)


def jump_to_end(cursor: ReplayCursor) -> Callable[[], None]:
    """Back to the start (not timed), then to the end with the state and view of the end."""

    def jump() -> None:
        cursor.move_to(cursor.last)
        _shown(cursor)

    return jump


def one_step(cursor: ReplayCursor) -> Callable[[], None]:
    """One step forward and one back near the end, each with its state and view.

    Near the end every rating slot is filled in both sessions (the 2,000-event history fills
    them all about three quarters of the way), so both views have the same work to do.
    """
    near_end = cursor.last - 2
    cursor.move_to(near_end)

    def step() -> None:
        cursor.move_to(near_end + 1)
        _shown(cursor)
        cursor.move_to(near_end)
        _shown(cursor)

    return step


def cursors() -> tuple[ReplayCursor, ReplayCursor]:
    """Cursors on the long (20,000 events) and the short (2,000 events) history."""
    return (
        ReplayCursor(large_session(events=20000)),
        ReplayCursor(large_session(events=2000)),
    )

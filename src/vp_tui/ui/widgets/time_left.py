"""The timebox of a round, calmly: how long it was set to and about how much is left.

The timebox is advisory (DESIGN.md section 3, ``[timebox]``): nothing is cut off when it
runs out; the line only says that the time is up. Hidden when no timebox is set.
"""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Static

from vp_tui.live.clock import Clock

REFRESH_SECONDS = 15.0


def time_left_words(minutes: int, started: datetime, now: datetime) -> str:
    """``Timebox 10 min · about 7 min left``, or that the time is up (never a countdown)."""
    left = minutes * 60 - (now - started).total_seconds()
    head = f"Timebox {minutes} min"
    if left <= 0:
        return f"{head} · the time is up: finish when you are ready"
    if left < 60:
        return f"{head} · less than a minute left"
    return f"{head} · about {round(left / 60)} min left"


class TimeLeft(Static):
    """One quiet line with the time left of a timebox; refreshed every few seconds."""

    DEFAULT_CSS = """
    TimeLeft {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(
        self, minutes: int | None, started: datetime, clock: Clock, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.minutes = minutes
        self.started = started
        self.clock = clock
        self.display = minutes is not None

    def on_mount(self) -> None:
        if self.minutes is not None:
            self.refresh_time()
            self.set_interval(REFRESH_SECONDS, self.refresh_time)

    def refresh_time(self) -> None:
        """Say the time left now."""
        if self.minutes is not None:
            self.update(time_left_words(self.minutes, self.started, self.clock()))

"""The garbage collector while partner apps run: its full passes come when the server says.

With a few dozen apps in one process, each full pass of Python's garbage collector over all
their widgets took 100-700 ms, holding up every partner's keys several times a minute, and a
round opening (which builds a screen in every app) set off several in a row. So the server
makes a full pass itself at quiet moments, 2 s after an app starts or ends and once a minute,
and sets aside the objects still alive after it (``gc.freeze``): the next pass does not walk
them again. Passes are 10 s apart at least: a partner connecting again and again, each time
starting and ending an app, would otherwise set one off every 2 s. Until an app ends, the collector then considers a full pass by itself only after
1,000 collections of its middle generation instead of 10. When one ends, Python's own figure
is back until the next settlement, so that what the app leaves is collected while it is
fresh (a test of 200 connections in a row holds the memory to that).

Freed memory is not always given back to the system: the C allocator keeps what it has had
for the next request, and a frame of a wide terminal, or a burst of window changes, takes a
lot at once. After each full pass, and 2 s after the last window change a partner's app
applied, the server asks the allocator to give back what it holds free (``malloc_trim``, on
glibc; elsewhere nothing is done).

The collector is the process's: there is one settler, whatever the number of servers.
(An incremental collector, as in Python 3.14, ignores the third threshold: the settlements
and freezes still apply.)
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from typing import Protocol

SETTLE_AFTER = 2.0
"""Seconds after an app starts or ends before the collector's full pass."""
SETTLE_GAP = 10.0
"""Seconds at least between two full passes: a partner connecting again and again (each app
starting and ending) must not set off one every 2 s."""
SETTLE_EVERY = 60.0
"""Seconds between two full passes while apps run (closed screens are set free then)."""
FULL_PASS_EVERY = 1000
"""Collections of the middle generation before the collector considers a full pass by itself
(Python's own figure is 10)."""


TRIM_AFTER_RESIZE = 2.0
"""Seconds after the last window change applied before freed memory is given back."""


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None when the C library has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


_MALLOC_TRIM = _malloc_trim()


def give_back_free_memory() -> None:
    """Ask the C allocator to return the memory it holds free to the system (glibc only)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class Serving(Protocol):
    """A server, as the settler sees it."""

    @property
    def serving(self) -> bool:
        """Whether any of its apps is running."""
        ...


class MemorySettler:
    """Full passes of the garbage collector at quiet moments, for every server of the process."""

    def __init__(self) -> None:
        self._servers: set[Serving] = set()
        self._thresholds: tuple[int, int, int] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._settled_at: float | None = None
        self._trim_timer: asyncio.TimerHandle | None = None

    def attach(self, server: Serving) -> None:
        """A server starts."""
        if not self._servers:
            self._thresholds = gc.get_threshold()
        self._servers.add(server)

    def detach(self, server: Serving) -> None:
        """A server has stopped: with the last one, the collector is as Python had it."""
        self._servers.discard(server)
        if self._servers:
            return
        for timer in (self._timer, self._trim_timer):
            if timer is not None:
                timer.cancel()
        self._timer = self._trim_timer = None
        self._settled_at = None
        self._pythons_thresholds()
        self._thresholds = None
        gc.unfreeze()

    def app_started(self) -> None:
        """An app is up: its objects are set aside after the next pass, soon."""
        self._soon(SETTLE_AFTER)

    def app_ended(self) -> None:
        """An app has ended: what it leaves is collectable again, by Python's own passes."""
        gc.unfreeze()
        self._pythons_thresholds()
        self._soon(SETTLE_AFTER)

    def app_resized(self) -> None:
        """An app has taken a new size: once sizes have stopped changing, what the old frames
        took goes back to the system."""
        if self._trim_timer is not None:
            self._trim_timer.cancel()
        self._trim_timer = asyncio.get_running_loop().call_later(TRIM_AFTER_RESIZE, self._trim)

    def _trim(self) -> None:
        self._trim_timer = None
        give_back_free_memory()

    def _pythons_thresholds(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)

    def _soon(self, delay: float) -> None:
        loop = asyncio.get_running_loop()
        when = loop.time() + delay
        if self._settled_at is not None:
            when = max(when, self._settled_at + SETTLE_GAP)
        if self._timer is not None:
            if self._timer.when() <= when:
                return  # one is due sooner anyway
            self._timer.cancel()
        self._timer = loop.call_at(when, self._settle)

    def _settle(self) -> None:
        self._timer = None
        if not any(server.serving for server in self._servers):
            self._pythons_thresholds()
            return  # no app to keep responsive: the next one to start asks again
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        give_back_free_memory()
        self._settled_at = asyncio.get_running_loop().time()
        if self._thresholds is not None:
            young, middle, _old = self._thresholds
            gc.set_threshold(young, middle, FULL_PASS_EVERY)
        self._soon(SETTLE_EVERY)


SETTLER = MemorySettler()
"""The process's settler."""

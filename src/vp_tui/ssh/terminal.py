"""A partner's terminal, whatever carries it: a TERM, a size, bytes in and bounded bytes out.

``Terminal`` is what the driver talks to; ``ChannelTerminal`` is an SSH session channel, and the
web transport (vp_tui.web) has its own over a websocket. Every bound here holds for both."""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from rich.color import ColorSystem

from vp_tui.ssh.compat import transport_backlog

if TYPE_CHECKING:
    import asyncssh

    from vp_tui.ssh.driver import ChannelDriver

logger = logging.getLogger(__name__)

MAX_SIZE = (500, 200)
"""The widest and tallest terminal drawn for (columns, rows), beyond any window a person reads
on a wall of screens: a client can claim any 32-bit size, and a frame's cost grows with its
cells, on the loop every partner shares. A bigger terminal shows the app in its top-left
500x200 cells."""

DEFAULT_SIZE = (80, 24)
"""The size used when a client's pty request says 0 (unknown)."""

OUTPUT_LIMIT = 1024 * 1024
"""Bytes waiting to be sent to a client before it counts as no longer reading, and is dropped."""

INPUT_BACKLOG_LIMIT = 256 * 1024
"""Bytes received but not yet handed to the app before a client counts as flooding."""

WINDOW_CHANGES_BURST = 300
"""Window changes a client may send at once (a window dragged about for a few seconds)."""

WINDOW_CHANGES_PER_SECOND = 60.0
"""Window changes a client may send each second, sustained: a window manager reports a drag
at most at its frame rate. Each change costs the shared loop its decryption and parsing
before anything can merge it, so a client sending more is dropped, as one flooding input is."""

RESIZE_INTERVAL = 0.2
"""Seconds at least between two sizes given to an app: window changes in between are merged
(only the latest is applied), so that a burst of them, a window dragged or a client sending
hundreds a second, costs one new layout and frame per interval."""

RESIZE_COST_FACTOR = 30.0
"""After a new size's first frame has gone out, the next size waits this many times as long
as that took. The first frame is about a third of what a new size costs the loop in all (the
widgets redraw after it), so a partner resizing takes at most about a tenth of the loop every
partner shares, however wide their frames."""

RESIZE_PAUSE_LIMIT = 2.0
"""The longest wait before a window change is applied (a frame that never comes included)."""

_TRUECOLOR_TERMS = frozenset({"xterm-kitty", "xterm-ghostty", "wezterm", "alacritty", "foot"})


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """A terminal size to draw for: 1..500 columns and 1..200 rows, 0 meaning unknown."""
    if width <= 0 or height <= 0:
        width, height = (width or DEFAULT_SIZE[0]), (height or DEFAULT_SIZE[1])
    most_wide, most_tall = MAX_SIZE
    return max(1, min(most_wide, width)), max(1, min(most_tall, height))


def color_system_for(term_type: str, environment: Mapping[str, str]) -> ColorSystem:
    """The colours to send to a client's terminal, judged from its TERM (and COLORTERM if sent)."""
    term = term_type.strip().lower()
    colorterm = environment.get("COLORTERM", "").strip().lower()
    if colorterm in ("truecolor", "24bit") or term.endswith("-direct") or term in _TRUECOLOR_TERMS:
        return ColorSystem.TRUECOLOR
    if term.endswith("256color"):
        return ColorSystem.EIGHT_BIT
    # xterm, screen, linux, vt100, dumb, or a name we do not know: the 16 colours nearly every
    # terminal has. (Textual has no "no colour" mode for its frames; 16 is the humblest.)
    return ColorSystem.STANDARD


class Terminal(ABC):
    """The terminal at the far end of one partner's connection: input goes to the driver
    attached, output comes back bounded, and a client past a bound is dropped."""

    def __init__(
        self,
        *,
        term_type: str,
        size: tuple[int, int],
        environment: Mapping[str, str],
        on_drop: Callable[[str], None],
    ) -> None:
        self.term_type = term_type
        self.color_system = color_system_for(term_type, environment)
        self.size = clamp_size(*size)
        self.closed = False
        self._on_drop = on_drop
        self._driver: ChannelDriver | None = None
        self._input_done = False
        # Keys typed before the app's driver exists (between login and the first frame).
        self._early_input = bytearray()
        # Window changes the client may still send now (refilled with time).
        self._window_changes = float(WINDOW_CHANGES_BURST)
        self._window_changes_at = time.monotonic()

    def attach(self, driver: ChannelDriver) -> None:
        """Send input to this driver from now on, starting with anything typed before it came."""
        self._driver = driver
        if self._early_input:
            early = bytes(self._early_input)
            self._early_input.clear()
            driver.receive(early)

    def detach(self, driver: ChannelDriver) -> None:
        """Stop sending input to this driver."""
        if self._driver is driver:
            self._driver = None
            # One app per terminal: once its driver lets go, input has nowhere to go.
            self._input_done = True
            self._early_input.clear()

    def receive(self, data: bytes) -> None:
        """Bytes the client typed."""
        if self.closed or self._input_done:
            return
        if self._driver is not None:
            self._driver.receive(data)
            return
        self._early_input += data
        if len(self._early_input) > INPUT_BACKLOG_LIMIT:
            self._early_input.clear()
            self.drop("sent more input than anyone types while the screen was starting")

    def resize(self, width: int, height: int) -> None:
        """The client's window changed size."""
        if self.closed:
            return
        now = time.monotonic()
        allowance = (
            self._window_changes + (now - self._window_changes_at) * WINDOW_CHANGES_PER_SECOND
        )
        self._window_changes = min(WINDOW_CHANGES_BURST, allowance) - 1
        self._window_changes_at = now
        if self._window_changes < 0:
            self.drop("sent window changes faster than any window is resized")
            return
        self.size = clamp_size(width, height)
        if self._driver is not None:
            self._driver.resize(*self.size)

    def send(self, data: bytes) -> None:
        """Send output, or drop the connection when the client has stopped reading it."""
        if self.closed or not data:
            return
        if self._pending_output() > OUTPUT_LIMIT:
            self.drop(f"stopped reading its screen (over {OUTPUT_LIMIT // 1024} KiB waiting)")
            return
        self._write(data)

    def drop(self, reason: str) -> None:
        """Give up on this client: no more output, and the session ends its connection."""
        if self.closed:
            return
        self.closed = True
        self._early_input.clear()
        self._on_drop(reason)

    @abstractmethod
    def _write(self, data: bytes) -> None:
        """Hand output to the transport (it may keep it until the client reads)."""

    @abstractmethod
    def _pending_output(self) -> int:
        """Bytes of output the client has not taken yet."""


class ChannelTerminal(Terminal):
    """The terminal at the far end of one SSH session channel."""

    def __init__(
        self,
        channel: asyncssh.SSHServerChannel[bytes],
        *,
        term_type: str,
        size: tuple[int, int],
        environment: Mapping[str, str],
        on_drop: Callable[[str], None],
    ) -> None:
        super().__init__(term_type=term_type, size=size, environment=environment, on_drop=on_drop)
        self.channel = channel

    def _write(self, data: bytes) -> None:
        try:
            self.channel.write(data)
        except OSError:
            # The channel closed under us (the client left): nothing more goes out.
            self.closed = True

    def _pending_output(self) -> int:
        pending = self.channel.get_write_buffer_size()
        # asyncssh holds back only what exceeds the client's window; a client that advertises a
        # huge window and then stops reading piles the rest up in the connection's transport,
        # which asyncssh does not expose: look at it when it is there (best effort, private).
        return pending + transport_backlog(self.channel.get_connection())


class ResizePacer:
    """An app's window changes, merged and paced: the latest size is applied once the
    interval since the last one is past and that one's frame has gone out (and the pause
    its cost asks for)."""

    def __init__(self, size: tuple[int, int], apply: Callable[[tuple[int, int]], None]) -> None:
        """``apply`` gives the app a new size; until ``started``, sizes are only kept."""
        self.applied = size
        """The size the app has now."""
        self.drawing = False
        """Whether the app is drawing the size last applied (its first frame not out yet)."""
        self._wanted = size
        self._apply = apply
        self._running = False
        self._handle: asyncio.TimerHandle | None = None
        self._applied_at = -RESIZE_INTERVAL

    def started(self, size: tuple[int, int]) -> None:
        """The app runs, at ``size``: later sizes are applied."""
        self.applied = self._wanted = size
        self._running = True

    def stop(self) -> None:
        """The app is leaving: no more sizes."""
        self._running = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def want(self, size: tuple[int, int]) -> None:
        """The client asks for a size: applied now, or at the next moment allowed."""
        self._wanted = size
        if self._handle is not None or self.drawing:
            return  # that moment applies whatever size is latest by then
        loop = asyncio.get_running_loop()
        wait = self._applied_at + RESIZE_INTERVAL - loop.time()
        if wait > 0:
            self._handle = loop.call_later(wait, self._next)
        else:
            self._next()

    def drawn(self) -> None:
        """The new size's first frame has gone out (or is overdue): the next size may follow,
        after a pause proportional to what this one took."""
        self.drawing = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if not self._running:
            return
        loop = asyncio.get_running_loop()
        took = loop.time() - self._applied_at
        pause = min(RESIZE_PAUSE_LIMIT, max(RESIZE_INTERVAL - took, RESIZE_COST_FACTOR * took))
        self._handle = loop.call_later(pause, self._next)

    def _next(self) -> None:
        self._handle = None
        if self._wanted == self.applied or not self._running:
            return
        loop = asyncio.get_running_loop()
        self.applied = self._wanted
        self._applied_at = loop.time()
        self.drawing = True
        self._apply(self.applied)
        # Until its frame goes out, sizes wait; should none come, they wait no longer.
        self._handle = loop.call_later(RESIZE_PAUSE_LIMIT, self.drawn)

"""A browser's websocket seen as a terminal: textual-serve's protocol, bounded as SSH is."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable

from aiohttp import web

from vp_tui.ssh.terminal import OUTPUT_LIMIT, Terminal

logger = logging.getLogger(__name__)

BROWSER_TERM = "xterm-256color"
"""xterm.js, as textual-serve's client runs it: 24-bit colour, SGR mouse, bracketed paste."""
BROWSER_ENVIRONMENT = {"COLORTERM": "truecolor"}
CLOSE_WAIT = 2.0
"""Seconds the last output (and a notice) may take to go out before the websocket closes."""


class WebTerminal(Terminal):
    """The xterm.js terminal at the far end of one websocket: output goes out as binary
    frames, in order with the text frames of the protocol (``pong``), from one writer task."""

    def __init__(
        self,
        websocket: web.WebSocketResponse,
        transport: asyncio.BaseTransport | None,
        *,
        size: tuple[int, int],
        on_drop: Callable[[str], None],
    ) -> None:
        super().__init__(
            term_type=BROWSER_TERM, size=size, environment=BROWSER_ENVIRONMENT, on_drop=on_drop
        )
        self.websocket = websocket
        self._transport = transport
        self._queue: deque[bytes | str] = deque()
        self._queued = 0
        self._wake = asyncio.Event()
        self._writer = asyncio.create_task(self._write_out(), name="vp-tui browser output")

    def send_text(self, text: str) -> None:
        """A JSON text frame of the protocol, after the output before it; bounded as output
        is (a client that stops reading while it pings is dropped)."""
        if self.closed:
            return
        if self._pending_output() > OUTPUT_LIMIT:
            self.drop(f"stopped reading its screen (over {OUTPUT_LIMIT // 1024} KiB waiting)")
            return
        self._queue.append(text)
        self._queued += len(text)
        self._wake.set()

    async def finish(self, notice: str | None) -> None:
        """Send what is left and the notice (as text on the screen), then close."""
        if notice and not self.closed:
            self._write(f"\r\n{notice}\r\n".encode())
        self._queue.append("")  # the end: the writer stops after what came before it
        self._wake.set()
        # asyncio.wait, not awaiting the writer: after a drop it was cancelled (abort), and
        # its CancelledError is not this task's.
        _, pending = await asyncio.wait({self._writer}, timeout=CLOSE_WAIT)
        if pending:
            self._writer.cancel()
        self.closed = True
        await self.websocket.close()

    def abort(self) -> None:
        """Cut the connection at once (a client past a bound)."""
        self.closed = True
        self._queue.clear()
        self._writer.cancel()
        if isinstance(self._transport, asyncio.WriteTransport):
            self._transport.abort()

    def _write(self, data: bytes) -> None:
        self._queue.append(data)
        self._queued += len(data)
        self._wake.set()

    def _pending_output(self) -> int:
        waiting = 0
        if isinstance(self._transport, asyncio.WriteTransport):
            waiting = self._transport.get_write_buffer_size()
        return self._queued + waiting

    async def _write_out(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._queue:
                    item = self._queue.popleft()
                    if item == "":
                        return
                    if isinstance(item, str):
                        await self.websocket.send_str(item)
                    else:
                        # Output queued meanwhile goes as one frame, as one channel write would.
                        frame = bytearray(item)
                        while self._queue:
                            head = self._queue[0]
                            if not isinstance(head, bytes):
                                break
                            self._queue.popleft()
                            frame += head
                        item = bytes(frame)
                        await self.websocket.send_bytes(item)
                    self._queued -= len(item)
        except (ConnectionError, RuntimeError) as error:
            # The client went away under us: nothing more goes out.
            logger.debug("browser output stopped: %s", error)
            self.closed = True

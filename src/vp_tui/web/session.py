"""One partner's browser tab: the app on its websocket, and textual-serve's protocol read
from it, every message checked and bounded before it reaches the terminal."""

from __future__ import annotations

import asyncio
import json
import logging
import time

from aiohttp import WSMsgType, web

from vp_tui.ssh.lifecycle import BROWSER, PartnerConnection, SessionHost
from vp_tui.web.terminal import WebTerminal

logger = logging.getLogger(__name__)

MAX_MESSAGE = 64 * 1024
"""The largest frame a browser may send (a paste included); a larger one drops it."""
MESSAGES_BURST = 500
"""Messages a browser may send at once (a paste of many keys, a mouse swept about)..."""
MESSAGES_PER_SECOND = 250.0
"""...and each second, sustained: xterm.js sends a message per key and per mouse move (at
most one per cell, at the screen's frame rate). Each costs the shared loop its parsing."""
MAX_PING = 32
"""Characters of a ping's payload (the client sends a time in milliseconds)."""


class BrowserSession(PartnerConnection):
    """A partner's app on a browser's websocket."""

    transport = BROWSER

    def __init__(self, host: SessionHost, partner_id: str, peer: str) -> None:
        super().__init__(host, partner_id, peer)
        self.web_terminal: WebTerminal | None = None
        self._closing: asyncio.Task[None] | None = None

    def open(self, terminal: WebTerminal) -> None:
        """Run the partner's app on this browser's terminal."""
        self.web_terminal = terminal
        self.start_app(terminal)

    async def closed(self) -> None:
        """Wait until the app has ended and the websocket is closed."""
        await self.finished()
        if self._closing is not None:
            await self._closing

    def _abort_transport(self) -> None:
        if self.web_terminal is not None:
            self.web_terminal.abort()

    def _close_transport(self, status: int, notice: str | None) -> None:
        terminal = self.web_terminal
        if terminal is not None and self._closing is None:
            self._closing = asyncio.create_task(terminal.finish(notice))


class MessageAllowance:
    """Messages a browser may still send now, refilled with time."""

    def __init__(self) -> None:
        self._left = float(MESSAGES_BURST)
        self._at = time.monotonic()

    def take(self) -> bool:
        """Whether one more message is allowed now."""
        now = time.monotonic()
        self._left = min(MESSAGES_BURST, self._left + (now - self._at) * MESSAGES_PER_SECOND) - 1
        self._at = now
        return self._left >= 0


async def read_browser(websocket: web.WebSocketResponse, terminal: WebTerminal) -> None:
    """Hand the browser's messages to its terminal until it leaves or breaks a bound."""
    allowance = MessageAllowance()
    async for message in websocket:
        if terminal.closed:
            return
        if message.type is WSMsgType.TEXT:
            if not allowance.take():
                terminal.drop("sent messages faster than anyone types")
                return
            if not handle_message(message.data, terminal):
                terminal.drop("sent a message this server does not understand")
                return
        elif message.type is WSMsgType.ERROR:
            terminal.drop(f"broke the websocket protocol ({message.data})")
            return
        else:  # binary frames are not part of the protocol
            terminal.drop("sent a message this server does not understand")
            return


def handle_message(text: str, terminal: WebTerminal) -> bool:
    """One protocol message: ``["stdin", str]``, ``["resize", {width, height}]``,
    ``["ping", str]``, ``["focus"]`` or ``["blur"]``. False when it is none of them."""
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(message, list) or not message or not isinstance(message[0], str):
        return False
    kind, arguments = message[0], message[1:]
    if kind == "stdin" and len(arguments) == 1 and isinstance(arguments[0], str):
        terminal.receive(arguments[0].encode("utf-8", errors="replace"))
        return True
    if kind == "resize" and len(arguments) == 1 and isinstance(arguments[0], dict):
        width, height = _count(arguments[0].get("width")), _count(arguments[0].get("height"))
        if width is None or height is None:
            return False
        terminal.resize(width, height)
        return True
    if kind == "ping" and len(arguments) == 1 and isinstance(arguments[0], str | int):
        payload = str(arguments[0])
        if len(payload) > MAX_PING:
            return False
        terminal.send_text(json.dumps(["pong", payload]))
        return True
    return kind in ("focus", "blur") and not arguments


def _count(value: object) -> int | None:
    """A number of columns or rows as sent (clamped later), or None if it is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 16:
        return value
    return None

"""Every reach into a private part of Textual, Rich or asyncssh, in one place, checked at start.

Serving many apps from one process and one event loop asks for a few things these libraries
do not offer publicly. Each is named here, with why, and ``problems()`` checks that each is
still where this version expects it: ``vp-tui serve`` refuses to start, in one line, when a
library upgrade moved one (``require``), instead of failing later in front of partners.

- ``textual._xterm_parser.XTermParser``: the driver parses each partner's key bytes with
  Textual's own parser (Textual has no public parser).
- ``textual.app.redirect_stdout`` / ``redirect_stderr``: names Textual imports and wraps every
  running app in; the server replaces them so that served apps leave the process's
  ``sys.stdout`` alone (``ssh.stdio``).
- The ``functools.lru_cache`` caches of ``StylesCache.get_inner_outer``,
  ``XTermParser._parse_extended_key``, ``ANSIToTruecolor.truecolor_style``, ``Strip.blank`` and
  Rich's ``cached_cell_len``: cleared when an app ends, or they keep parts of it alive
  (``ssh.caches``).
- Rich's ``Console._color_system``: a served app's colours are the client's terminal's, and
  Rich has no public setter (``ssh.driver``).
- asyncssh's ``SSHConnection._transport``: how much output waits behind a client that stopped
  reading (``ssh.terminal``); best effort, so its absence is not fatal.
- asyncssh's channel handler for agent forwarding requests, which has no public hook: wrapped
  so that the session refuses itself in words (``ssh.auth``); its absence is not fatal either.
- ``asyncssh.auth.KbdIntChallenge`` / ``KbdIntResponse``: the types of keyboard-interactive
  login, not exported at asyncssh's top level.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import asyncssh
import textual.app
from asyncssh.auth import KbdIntChallenge, KbdIntResponse
from rich.cells import cached_cell_len
from rich.color import ColorSystem
from rich.console import Console
from textual._styles_cache import StylesCache
from textual._xterm_parser import XTermParser
from textual.filter import ANSIToTruecolor
from textual.strip import Strip

__all__ = [
    "APP_CACHES",
    "REDIRECT_NAMES",
    "CompatError",
    "KbdIntChallenge",
    "KbdIntResponse",
    "XTermParser",
    "hook_agent_requests",
    "problems",
    "require",
    "set_color_system",
    "transport_backlog",
]

REDIRECT_NAMES = ("redirect_stdout", "redirect_stderr")
"""The names in ``textual.app`` that ``ssh.stdio`` replaces while a server runs."""

APP_CACHES: tuple[Any, ...] = (
    StylesCache.get_inner_outer,  # one per widget: its cached lines
    XTermParser._parse_extended_key,  # one per connection: its key parser
    ANSIToTruecolor.truecolor_style,  # one per app: its colour filter
    Strip.blank,  # blank lines, by width
    cached_cell_len,  # the widths of texts, lines of a screen among them
)
"""Process-wide caches whose keys keep parts of an ended app alive (``ssh.caches``)."""

AGENT_REQUEST_HANDLER = "_process_auth_agent_req_at_openssh_dot_com_request"
"""The method of an asyncssh channel that answers a request for agent forwarding (asyncssh
finds a channel request's handler by the request's name)."""

_COLOR_SYSTEM = "_color_system"


class CompatError(RuntimeError):
    """A library no longer has something the server relies on (one line, for the user)."""


def problems() -> list[str]:
    """What is missing of the private parts the server needs (empty when all is there)."""
    found: list[str] = []
    namespace = vars(textual.app)
    for name in REDIRECT_NAMES:
        if not callable(namespace.get(name)):
            found.append(f"textual.app.{name}")
    for cached in APP_CACHES:
        if not callable(getattr(cached, "cache_clear", None)):
            found.append(f"the cache of {getattr(cached, '__qualname__', repr(cached))}")
    if not callable(getattr(XTermParser, "feed", None)):
        found.append("textual._xterm_parser.XTermParser.feed")
    if _COLOR_SYSTEM not in vars(Console(file=None, color_system=None)):
        found.append("rich.console.Console._color_system")
    return found


def require() -> None:
    """Raise CompatError, saying what and which versions, unless everything needed is there."""
    missing = problems()
    if missing:
        raise CompatError(
            f"this vp-tui cannot serve with textual {textual.__version__} and asyncssh "
            f"{asyncssh.__version__}: {', '.join(missing)} not found; install the versions "
            "vp-tui's package names (pip install -e . again)"
        )


def set_color_system(console: Console, system: ColorSystem | None) -> None:
    """Make a Rich console draw for another terminal's colours."""
    setattr(console, _COLOR_SYSTEM, system)


def transport_backlog(connection: object) -> int:
    """Bytes waiting in an asyncssh connection's socket transport (0 when it cannot be known)."""
    transport = getattr(connection, "_transport", None)
    if isinstance(transport, asyncio.WriteTransport):
        return transport.get_write_buffer_size()
    return 0


def hook_agent_requests(channel: object, on_request: Callable[[], None]) -> bool:
    """Call ``on_request`` when the client asks this channel for agent forwarding (asyncssh
    then declines it as before); False when this asyncssh has no such handler to wrap."""
    decline = getattr(channel, AGENT_REQUEST_HANDLER, None)
    if decline is None:
        return False

    def requested(packet: object) -> object:
        on_request()
        return decline(packet)

    setattr(channel, AGENT_REQUEST_HANDLER, requested)
    return True

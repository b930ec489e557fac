"""A Textual driver that runs one app on one partner's terminal (an SSH channel or a browser's
websocket, see terminal.Terminal), inside the server's event loop.

Textual's LinuxDriver reads stdin in a thread and writes stdout in another; here there is one
event loop for every partner, so input arrives as asyncssh callbacks and output goes straight
to the channel, once what it shows is on disk: a frame that shows a change (a rating's echo)
is held back until the autosave has written every change made before it, so that what a
partner saw survives the server being killed the next moment. Window changes reach the app
merged and paced (see terminal.ResizePacer). Key parsing reuses Textual's own XTermParser (a
private module: Textual is pinned to one minor version in pyproject.toml for this reason).
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, Literal, TextIO, cast

from textual import constants, events
from textual.driver import Driver
from textual.geometry import Size
from textual.message import Message
from textual.messages import InBandWindowResize

from vp_tui.live.autosave import all_saved, when_saved
from vp_tui.ssh.compat import XTermParser, set_color_system
from vp_tui.ssh.memory import SETTLER
from vp_tui.ssh.terminal import INPUT_BACKLOG_LIMIT, ResizePacer, Terminal

if TYPE_CHECKING:
    from textual.app import App

logger = logging.getLogger(__name__)

INPUT_CHUNK = 1024
"""Bytes parsed in one go: parsing is pure Python, and other partners wait while it runs."""

MAX_QUEUED_EVENTS = 64
"""Events an app may have waiting before we stop parsing its input until it catches up."""

QUIET_INPUT_LIMIT = 256 * 1024
"""Characters that may arrive without producing a single event (an endless paste) before the
client counts as flooding: the parser keeps an unterminated paste in memory."""

_PASTED_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters a paste loses on its way to the app, Tab and line breaks excepted: a
box would show them raw, and the partner's own terminal act on them (an 8-bit CSI)."""

_ESCAPE_MARGIN = 0.005
"""Seconds past ESCDELAY before asking the parser, so that its own deadline has surely passed."""

# The same flags as LinuxDriver: disambiguate escapes, report all keys, report their text.
_KITTY_FLAGS = 0b00001 | 0b01000 | 0b10000


class ChannelDriver(Driver):
    """Runs an app on the Terminal it is bound to (see bind): an SSH channel or a websocket."""

    terminal: ClassVar[Terminal]

    @classmethod
    def bind(cls, terminal: Terminal) -> type[ChannelDriver]:
        """A driver class for one terminal: App builds its driver from a class, not an instance."""
        bound = type(f"{cls.__name__}ForChannel", (cls,), {"terminal": terminal})
        return cast("type[ChannelDriver]", bound)

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size or self.terminal.size)
        # Never Textual's debug mode here: it makes the parser append every key to ./keys.log.
        self._parser = XTermParser(debug=False)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._inbox = bytearray()
        self._input_handle: asyncio.Handle | None = None
        self._escape_handle: asyncio.TimerHandle | None = None
        self._quiet_characters = 0
        self._input_enabled = False
        self._started = False
        self._outbox: list[str] = []
        self._flush_handle: asyncio.Handle | None = None
        self._awaiting_save = False
        self._sizes = ResizePacer(self.terminal.size, self._new_size)
        if constants.COLOR_SYSTEM == "auto":
            # The App's console judged colours from the server's own environment; the client's
            # TERM is what counts. Rich has no public setter, and Textual's frames read this.
            set_color_system(app.console, self.terminal.color_system)

    # Output

    def write(self, data: str) -> None:
        """Queue output; it goes out on flush, or at the end of this turn of the event loop."""
        if self.terminal.closed:
            return
        self._outbox.append(data)
        if self._flush_handle is None:
            self._flush_handle = self._loop.call_soon(self.flush)

    def flush(self) -> None:
        """Send queued output to the channel as one write, once every change made before it
        is on disk (at once when none is waiting to be saved)."""
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        if not self._outbox or self._awaiting_save:
            return  # nothing to send, or it goes when the save is done
        if all_saved():
            self._send(len(self._outbox))
            return
        # The output queued so far goes once the changes made so far are saved; what is
        # queued meanwhile waits for the changes made before it, in turn.
        self._awaiting_save = True
        when_saved(partial(self._saved, len(self._outbox)))

    def _saved(self, parts: int) -> None:
        if not self._awaiting_save:
            return  # everything went out at once as the app ended
        self._awaiting_save = False
        self._send(parts)
        if self._outbox:
            self.flush()

    def _send(self, parts: int) -> None:
        if self.terminal.closed:
            self._outbox.clear()
            return
        text = "".join(self._outbox[:parts])
        del self._outbox[:parts]
        self.terminal.send(text.encode("utf-8", errors="replace"))
        if self._sizes.drawing and self._app.screen.outer_size == Size(*self._sizes.applied):
            self._sizes.drawn()  # a frame of the new size has gone out

    def _send_now(self) -> None:
        """Send everything queued, saved or not: the app is leaving, and the terminal must
        be given back as it was (a change made in its last instant may not be on disk)."""
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        self._awaiting_save = False
        if self._outbox:
            self._send(len(self._outbox))

    # Application mode: the same terminal set-up and restore as Textual's LinuxDriver

    def start_application_mode(self) -> None:
        """Take over the client's terminal and start reading its keys."""
        self._started = True
        self._input_enabled = True
        # The terminal's size, not the one the app was started with: a window change may have
        # come in between (the terminal keeps the latest, clamped).
        width, height = self._size = self.terminal.size
        self._sizes.started(self._size)
        self._post_resize(width, height)
        write = self.write
        write("\x1b[?1049h")  # alternate screen
        self._enable_mouse_support()
        write("\x1b[?25l")  # hide cursor
        write("\x1b[?1004h")  # focus in/out events
        if not constants.DISABLE_KITTY_KEY:
            write(f"\x1b[>{_KITTY_FLAGS}u")
        # Ask whether the terminal does synchronized output (the App listens for the answer).
        # LinuxDriver also asks about in-band resize (mode 2048); SSH already reports every
        # window change, and a second source of sizes would only race with it.
        write("\x1b[?2026$p")
        write("\x1b[?2004h")  # bracketed paste
        write("\x1b[?7l")  # no line wrap
        self._enable_mouse_support()  # again, as LinuxDriver does for iTerm 3.5
        self.flush()
        self.terminal.attach(self)

    def stop_application_mode(self) -> None:
        """Give the client's terminal back as it was."""
        write = self.write
        write("\x1b[?2004l")  # bracketed paste off
        write("\x1b[?7h")  # line wrap on
        self.disable_input()
        write("\x1b[<u")  # pop the kitty keyboard mode, before leaving the alternate screen
        write("\x1b[?1049l")  # main screen
        write("\x1b[?25h")  # show cursor
        write("\x1b[?1004l")  # focus events off
        self._send_now()

    def disable_input(self) -> None:
        """Stop reading keys (Textual calls this more than once)."""
        if self._started and self._input_enabled:
            self._disable_mouse_support()
        self._input_enabled = False
        self.terminal.detach(self)
        self._inbox.clear()
        for handle in (self._input_handle, self._escape_handle):
            if handle is not None:
                handle.cancel()
        self._input_handle = self._escape_handle = None
        self._sizes.stop()
        self._end_parser()

    def close(self) -> None:
        """Send what is left; the session closes the channel itself once the app has ended."""
        self._send_now()

    def _end_parser(self) -> None:
        # End the parser's input, as LinuxDriver does when its input thread stops. The parser
        # may outlive us in a process-wide cache (see caches.py), and until its generator ends
        # it holds the last key event, whose sender is the whole app.
        if not self._parser.is_eof:
            try:
                for _ in self._parser.feed(""):
                    pass
            except Exception:  # ParseError, or whatever the parser does at the end
                logger.debug("the key parser failed at the end of input", exc_info=True)

    def _enable_mouse_support(self) -> None:
        if self._mouse:
            self.write("\x1b[?1000h\x1b[?1003h\x1b[?1015h\x1b[?1006h")

    def _disable_mouse_support(self) -> None:
        if self._mouse:
            self.write("\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l")

    # Input

    def receive(self, data: bytes) -> None:
        """Bytes from the client; parsed a chunk at a time so that no client holds the loop."""
        if not self._input_enabled:
            return
        self._inbox += data
        if len(self._inbox) > INPUT_BACKLOG_LIMIT:
            self._inbox.clear()
            self.terminal.drop("sent input faster than its app could take it")
            return
        self._schedule_input()

    def resize(self, width: int, height: int) -> None:
        """The client's window changed (already clamped by the terminal): the app gets the
        latest size when the pacer says."""
        self._sizes.want((width, height))

    def _new_size(self, size: tuple[int, int]) -> None:
        self._size = size
        self._post_resize(*size)
        SETTLER.app_resized()

    def send_message(self, message: Message) -> None:
        """Post straight to the app: we are already on its event loop (no thread to hop from)."""
        self._app.post_message(message)

    def _post_resize(self, width: int, height: int) -> None:
        size = Size(width, height)
        self.send_message(events.Resize(size, size))

    def _schedule_input(self, delay: float = 0.0) -> None:
        if self._input_handle is not None or not self._input_enabled:
            return
        if delay:
            self._input_handle = self._loop.call_later(delay, self._process_input)
        else:
            self._input_handle = self._loop.call_soon(self._process_input)

    def _process_input(self) -> None:
        self._input_handle = None
        if not self._input_enabled or not self._inbox:
            return
        if self._app.message_queue_size > MAX_QUEUED_EVENTS:
            # The app is behind: keep the rest until it catches up (a flood then trips the
            # backlog limit in receive instead of filling the app's queue without bound).
            self._schedule_input(0.01)
            return
        chunk = bytes(self._inbox[:INPUT_CHUNK])
        del self._inbox[:INPUT_CHUNK]
        text = self._decoder.decode(chunk)
        # Half a character decodes to nothing, and the parser takes "" as the end of input.
        if text:
            self._parse(text)
        if self._inbox:
            self._schedule_input()

    def _parse(self, text: str) -> None:
        self._quiet_characters += len(text)
        try:
            for message in self._parser.feed(text):
                self._deliver(message)
        except Exception:
            logger.warning(
                "input the key parser could not handle; dropping the client", exc_info=True
            )
            self.terminal.drop("sent input the key parser could not handle")
            return
        if self._quiet_characters > QUIET_INPUT_LIMIT:
            self.terminal.drop("sent a paste too long for any field")
            return
        # A lone Esc is only known to be a key (not the start of a sequence) once ESCDELAY has
        # passed without more input: LinuxDriver's input thread ticks the parser after each
        # read or 0.1 s select timeout; here a timer ticks it just after the parser's deadline.
        if self._escape_handle is not None:
            self._escape_handle.cancel()
        self._escape_handle = self._loop.call_later(
            constants.ESCAPE_DELAY + _ESCAPE_MARGIN, self._escape_timeout
        )

    def _escape_timeout(self) -> None:
        self._escape_handle = None
        if not self._input_enabled:
            return
        try:
            for message in self._parser.tick():
                self._deliver(message)
        except Exception:
            logger.warning("the key parser failed on a timeout; dropping the client", exc_info=True)
            self.terminal.drop("sent input the key parser could not handle")

    def _deliver(self, message: Message) -> None:
        self._quiet_characters = 0
        if isinstance(message, (events.Resize, InBandWindowResize)):
            # Sizes come from SSH window-change requests (clamped); a size typed into the input
            # stream (an in-band resize report we never asked for) could claim anything.
            return
        if isinstance(message, events.Paste):
            message = events.Paste(_PASTED_CONTROLS.sub("", message.text))
        if self._input_enabled:
            self.process_message(message)

    # Things a local terminal does that make no sense for a remote one

    def open_url(self, url: str, new_tab: bool = True) -> None:
        """Do nothing: a browser would open on the server's machine, not the partner's."""
        logger.info("an app asked to open %s for an SSH client; ignored", url)

    def deliver_binary(
        self,
        binary: BinaryIO | TextIO,
        *,
        delivery_key: str,
        save_path: Path,
        open_method: Literal["browser", "download"] = "download",
        encoding: str | None = None,
        mime_type: str | None = None,
        name: str | None = None,
    ) -> None:
        """Refuse: the file would be saved on the server's disk, not the partner's."""
        error = OSError("files cannot be delivered over this SSH connection")
        self._app.post_message(events.DeliveryFailed(key=delivery_key, exception=error, name=name))

"""One SSH session channel: a partner's app on an interactive terminal, or a one-line refusal."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

import asyncssh
from rich.console import Console

from vp_tui.ssh.caches import release_app_caches
from vp_tui.ssh.driver import ChannelDriver
from vp_tui.ssh.stdio import mark_served_app
from vp_tui.ssh.terminal import ChannelTerminal

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver

logger = logging.getLogger(__name__)

EXIT_GRACE = 5.0
"""Seconds an app is given to end after being asked to, before its task is cancelled."""

REPLACED_NOTICE = (
    "vp-tui: Someone joined with your join code from another terminal, so this one was closed. "
    "If it was not you, tell the facilitator."
)
"""What the partner whose connection was replaced by a newer one with the same code reads."""
STOPPED_NOTICE = "vp-tui: the facilitator stopped the server."
CRASHED_NOTICE = (
    "vp-tui: the workshop screen stopped on an internal error; "
    "connect again with the same code to carry on."
)


class SessionHost(Protocol):
    """What a session needs from the server that owns it."""

    def build_app(self, partner_id: str, driver_class: type[Driver]) -> App[Any]:
        """A new, not yet running app for this partner."""
        ...

    async def take_over(self, session: PartnerSession) -> None:
        """Make this the partner's one session, ending (and awaiting) any earlier one."""
        ...

    def app_started(self, session: PartnerSession) -> None:
        """The session's app is about to run."""
        ...

    def app_ended(self, session: PartnerSession) -> None:
        """The session's app has ended."""
        ...

    def session_finished(self, session: PartnerSession) -> None:
        """The session has nothing left running."""
        ...


def connect_hint(link: asyncssh.SSHServerChannel[bytes] | asyncssh.SSHServerConnection) -> str:
    """The plain command that reaches this server, as the client reached it."""
    sockname = link.get_extra_info("sockname")
    host, port = ("localhost", 2222) if not sockname else (str(sockname[0]), int(sockname[1]))
    if host in ("127.0.0.1", "::1"):
        host = "localhost"
    return f"ssh -p {port} {host}"


class PartnerSession(asyncssh.SSHServerSession[bytes]):
    """A session channel of an authenticated partner."""

    def __init__(
        self, host: SessionHost, partner_id: str, peer: str, *, forwarding: str | None = None
    ) -> None:
        self.partner_id = partner_id
        self.peer = peer
        self._forwarding = forwarding
        """Forwarding asked for before the session started (declined), if any."""
        self._host = host
        self._channel: asyncssh.SSHServerChannel[bytes] | None = None
        self._pty: tuple[str, tuple[int, int]] | None = None
        self._request = "shell"
        self._subsystem = ""
        self._terminal: ChannelTerminal | None = None
        self._app: App[Any] | None = None
        self._task: asyncio.Task[None] | None = None
        self._watchdog: asyncio.TimerHandle | None = None
        self._ending = False
        self._notice: str | None = None

    # asyncssh callbacks

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        """The session channel is open."""
        self._channel = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Mapping[int, int]
    ) -> bool:
        """Accept the pty and remember its TERM and size (there is no real pty behind it)."""
        self._pty = (term_type, (term_size[0], term_size[1]))
        return True

    def shell_requested(self) -> bool:
        """Accept: whether it runs or is refused is decided in session_started."""
        self._request = "shell"
        return True

    def exec_requested(self, command: str) -> bool:
        """Accept, to refuse it with a message the client shows (a bare failure says nothing)."""
        self._request = "exec"
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        """Accept, to refuse it with a message, as for exec."""
        self._request = "subsystem"
        self._subsystem = subsystem
        return True

    def forwarding_requested(self, kind: str) -> None:
        """The client asked this session for a kind of forwarding (declined): the session
        will be refused, saying so."""
        self._forwarding = self._forwarding or kind

    def session_started(self) -> None:
        """Start the partner's app, or explain in one line why not."""
        assert self._channel is not None
        refusal = self._refusal(connect_hint(self._channel))
        if refusal is not None:
            logger.info(
                "partner %s (%s): refused a %s session", self.partner_id, self.peer, self._kind
            )
            self._close_channel(1, refusal)
            return
        assert self._pty is not None
        term_type, size = self._pty
        self._terminal = ChannelTerminal(
            self._channel,
            term_type=term_type,
            size=size,
            environment=self._channel.get_environment(),
            on_drop=self._dropped,
        )
        self._task = asyncio.create_task(self._run(), name=f"vp-tui partner {self.partner_id}")

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        """Keys from the client."""
        if self._terminal is not None and datatype is None:
            self._terminal.receive(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """The client's window changed size."""
        if self._terminal is not None:
            self._terminal.resize(width, height)

    def eof_received(self) -> bool:
        """The client closed its input: nothing more can be typed, so the app ends."""
        self.end("the client closed its input")
        return False

    def break_received(self, msec: int) -> bool:
        """Ignore breaks (there is no line to break)."""
        return False

    def signal_received(self, signal: str) -> None:
        """Ignore signals: the app has its own keys for stopping."""

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is gone (the client left, or the connection was dropped)."""
        if self._terminal is not None:
            self._terminal.closed = True
        if self._task is None:
            # Refused, or never asked for anything: there is no app task to report the end.
            self._host.session_finished(self)
        self.end("the connection closed" if exc is None else f"the connection failed: {exc}")

    # The app's life

    def end(self, reason: str, notice: str | None = None) -> None:
        """Ask the app to end (idempotent); a notice is shown to the client once it has ended."""
        if self._ending:
            return
        self._ending = True
        self._notice = notice
        if self._task is None or self._task.done():
            return  # no app, or it has already ended on its own
        logger.info("partner %s (%s): ending: %s", self.partner_id, self.peer, reason)
        if self._app is not None:
            self._app.exit()
        self._watchdog = asyncio.get_running_loop().call_later(EXIT_GRACE, self._cancel)

    async def finished(self) -> None:
        """Wait until this session's app (if any) has ended."""
        if self._task is not None:
            await asyncio.wait({self._task})

    async def _run(self) -> None:
        # This task's context is the app's own: mark it so that Textual leaves sys.stdout alone.
        mark_served_app()
        status, notice = 0, None
        try:
            await self._host.take_over(self)
            if self._ending:
                return
            status, notice = await self._run_app()
        except asyncio.CancelledError:
            # Our watchdog (or the server closing) cancelled an app that would not end; the task
            # ends here either way, and there is nobody above it to tell.
            logger.warning("partner %s (%s): app cancelled", self.partner_id, self.peer)
            status, notice = 1, None
        finally:
            if self._watchdog is not None:
                self._watchdog.cancel()
                self._watchdog = None
            self._close_channel(status, notice or self._notice)
            self._app = None
            self._host.session_finished(self)

    async def _run_app(self) -> tuple[int, str | None]:
        assert self._terminal is not None
        try:
            app = self._host.build_app(self.partner_id, ChannelDriver.bind(self._terminal))
        except Exception:
            logger.exception("partner %s: the app factory failed", self.partner_id)
            return 1, CRASHED_NOTICE
        # Textual prints an app's fatal traceback to its error console (the server's stderr,
        # which is the facilitator's screen): catch it and put it in the log instead.
        errors = io.StringIO()
        app.error_console = Console(file=errors, markup=False, highlight=False, width=120)
        self._app = app
        self._host.app_started(self)
        try:
            await app.run_async(size=self._terminal.size)
        except Exception:
            logger.exception("partner %s: the app failed", self.partner_id)
            return 1, CRASHED_NOTICE
        finally:
            self._host.app_ended(self)
            release_app_caches()
        if errors.getvalue() or (app.return_code or 0) != 0:
            logger.error(
                "partner %s (%s): the app stopped on an error:\n%s",
                self.partner_id,
                self.peer,
                errors.getvalue().rstrip() or f"return code {app.return_code}",
            )
            return 1, CRASHED_NOTICE
        return 0, None

    def _cancel(self) -> None:
        self._watchdog = None
        if self._task is not None and not self._task.done():
            logger.warning(
                "partner %s: app did not end in %s s; cancelling", self.partner_id, EXIT_GRACE
            )
            self._task.cancel()

    def _dropped(self, reason: str) -> None:
        logger.warning(
            "partner %s (%s): dropping the connection: the client %s",
            self.partner_id,
            self.peer,
            reason,
        )
        if self._channel is not None:
            # Abort, not close: a clean close would queue behind the output it is not reading.
            self._channel.get_connection().abort()
        self.end(f"the client {reason}")

    def _close_channel(self, status: int, notice: str | None) -> None:
        channel = self._channel
        if channel is None or (self._terminal is not None and self._terminal.closed):
            return
        try:
            if notice:
                end_of_line = "\r\n" if self._pty is not None else "\n"
                channel.write_stderr((notice + end_of_line).encode("utf-8"))
            channel.exit(status)
        except OSError:
            pass  # the client has already gone

    @property
    def _kind(self) -> str:
        if self._request == "subsystem":
            return f"{self._subsystem or 'unnamed'} subsystem"
        if self._request == "exec":
            return "command"
        return "shell" if self._pty is not None else "shell without a terminal"

    def _refusal(self, hint: str) -> str | None:
        only = "only the workshop in an interactive terminal"
        if self._request == "exec":
            lead = f"this server runs no commands, {only}"
        elif self._request == "subsystem":
            lead = f"this server offers no {self._subsystem or 'unnamed'} subsystem, {only}"
        elif self._pty is None:
            lead = "this server only offers the workshop in an interactive terminal"
        elif self._forwarding == "agent forwarding":
            lead = f"this server takes no agent forwarding, {only}"
            hint = hint.replace("ssh ", "ssh -a ", 1)  # -a: even with ForwardAgent in a config
        elif self._forwarding is not None:
            lead = f"this server offers no {self._forwarding}, {only}"
        else:
            return None
        return f"vp-tui: {lead}; connect with plain `{hint}`"

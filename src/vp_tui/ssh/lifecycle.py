"""One partner's app on one connection, whatever the transport: started once the connection
is the partner's only one, watched while it runs, ended on request (cancelled if it will not
end), a crash told to the partner in one line, and the app's caches released after it."""

from __future__ import annotations

import asyncio
import io
import logging
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Protocol

from rich.console import Console

from vp_tui.ssh.caches import release_app_caches
from vp_tui.ssh.driver import ChannelDriver
from vp_tui.ssh.stdio import mark_served_app

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver

    from vp_tui.ssh.terminal import Terminal

logger = logging.getLogger(__name__)

EXIT_GRACE = 5.0
"""Seconds an app is given to end after being asked to, before its task is cancelled."""

REPLACED_NOTICE = (
    "vp-tui: Someone joined with your join code from another terminal, so this one was closed. "
    "If it was not you, tell the facilitator."
)
"""What the partner whose connection was replaced by a newer one with the same code reads."""
REPLACED_BY_BROWSER_NOTICE = (
    "vp-tui: Someone joined with your join code from a web browser, so this connection was "
    "closed. If it was not you, tell the facilitator."
)
REPLACED_BY_TERMINAL_NOTICE = (
    "vp-tui: Someone joined with your join code from a terminal (SSH), so this browser tab was "
    "closed. If it was not you, tell the facilitator."
)
STOPPED_NOTICE = "vp-tui: the facilitator stopped the server."
CRASHED_NOTICE = (
    "vp-tui: the workshop screen stopped on an internal error; "
    "connect again with the same code to carry on."
)

TERMINAL = "terminal"
BROWSER = "browser"
"""The transports a partner joins by (``PartnerConnection.transport``)."""


def replaced_notice(previous: PartnerConnection, newer: PartnerConnection) -> str:
    """What the partner of ``previous`` reads when ``newer`` takes its place."""
    if newer.transport == BROWSER:
        return REPLACED_BY_BROWSER_NOTICE
    if previous.transport == BROWSER:
        return REPLACED_BY_TERMINAL_NOTICE
    return REPLACED_NOTICE


class SessionHost(Protocol):
    """What a connection needs from the server that owns it."""

    def build_app(self, partner_id: str, driver_class: type[Driver]) -> App[Any]:
        """A new, not yet running app for this partner."""
        ...

    async def take_over(self, session: PartnerConnection) -> None:
        """Make this the partner's one connection, ending (and awaiting) any earlier one."""
        ...

    def app_started(self, session: PartnerConnection) -> None:
        """The connection's app is about to run."""
        ...

    def app_ended(self, session: PartnerConnection) -> None:
        """The connection's app has ended."""
        ...

    def session_finished(self, session: PartnerConnection) -> None:
        """The connection has nothing left running."""
        ...


class PartnerConnection(ABC):
    """A partner's app on one connection's Terminal; a transport says how to close it."""

    transport: str = TERMINAL
    """How the partner joined (TERMINAL or BROWSER), for the words a replaced one reads."""

    def __init__(self, host: SessionHost, partner_id: str, peer: str) -> None:
        self.partner_id = partner_id
        self.peer = peer
        self._host = host
        self._terminal: Terminal | None = None
        self._app: App[Any] | None = None
        self._task: asyncio.Task[None] | None = None
        self._watchdog: asyncio.TimerHandle | None = None
        self._ending = False
        self._notice: str | None = None

    @abstractmethod
    def _close_transport(self, status: int, notice: str | None) -> None:
        """Tell the client the notice (if any) and close, once the app has ended."""

    @abstractmethod
    def _abort_transport(self) -> None:
        """Cut the connection at once (the client is past a bound)."""

    def start_app(self, terminal: Terminal) -> None:
        """Run the partner's app on this terminal, once it is their only connection."""
        self._terminal = terminal
        self._task = asyncio.create_task(self._run(), name=f"vp-tui partner {self.partner_id}")

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
        """Wait until this connection's app (if any) has ended."""
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
            self._close_transport(status, notice or self._notice)
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

    def dropped(self, reason: str) -> None:
        """The client broke a bound: cut its connection and end its app."""
        logger.warning(
            "partner %s (%s): dropping the connection: the client %s",
            self.partner_id,
            self.peer,
            reason,
        )
        self._abort_transport()
        self.end(f"the client {reason}")

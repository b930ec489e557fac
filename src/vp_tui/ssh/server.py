"""The embedded SSH server: join codes in, one app per partner connection, all in one event loop.

It knows nothing of the workshop: an app factory makes each partner's app, and a callback hears
who is connected. See DESIGN.md section 5.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh
from textual.app import App
from textual.driver import Driver

from vp_tui.ssh import compat, stdio
from vp_tui.ssh.admission import Admission
from vp_tui.ssh.algorithms import CIPHERS, KEX_ALGORITHMS, MACS, SERVER_VERSION, SIGNATURES
from vp_tui.ssh.auth import REPLACED_CONNECTION, Login
from vp_tui.ssh.codes import match_code, normalise
from vp_tui.ssh.hostkey import fingerprint, load_or_create_host_key
from vp_tui.ssh.lifecycle import EXIT_GRACE, STOPPED_NOTICE, PartnerConnection, replaced_notice
from vp_tui.ssh.memory import SETTLER
from vp_tui.ssh.serve_log import ServeLog
from vp_tui.ssh.session import PartnerSession

logger = logging.getLogger(__name__)

REFUSAL_LINGER = 1.0
"""Seconds a refused connection is kept before it is told why and closed."""
MAX_LINGERING = 16
"""Refused connections kept so at once: beyond, they are closed at once (a flood)."""

AppFactory = Callable[[str, type[Driver]], App[Any]]
"""(partner id, driver class) -> a new app, not yet running, built with that driver class."""


@dataclass(frozen=True, kw_only=True)
class ServeConfig:
    """How the server listens and whom it lets in."""

    host: str = "127.0.0.1"
    port: int = 2222
    state_dir: Path
    """The private state folder (0700): the host key lives here."""
    codes: Mapping[str, str]
    """Join code -> partner id. Codes are compared case-blind, without dashes or spaces."""
    login_timeout: float = 30.0
    """Seconds from connecting to logging in (OpenSSH's ``LoginGraceTime``)."""
    kex_timeout: float = 5.0
    """Seconds from connecting to the client's part of the key exchange: an idle socket holds
    a place no longer (the host key prompt that may follow is not counted)."""
    max_startups: tuple[int, int, int] = (10, 30, 60)
    """Connections logging in at once (``MaxStartups start:rate:full``): from ``start`` on, a
    new one is dropped at random with ``rate`` % chance, rising linearly to all at ``full``."""
    max_startups_per_source: int = 4
    """Connections logging in at once from one address (an IPv6 /64) (``PerSourceMaxStartups``):
    fewer than ``start``, so that one address alone never makes others' connections drop."""
    max_tries: int = 3
    """Codes one connection may try."""
    failure_delay: float = 1.0
    """Seconds a wrong code costs: its answer waits this long, and the next code from the same
    address is not compared before then, however many connections it comes by."""
    penalty_per_failure: float = 6.0
    """Seconds of penalty each wrong code adds to its address (``PerSourcePenalties authfail``),
    running down in real time."""
    penalty_threshold: float = 30.0
    """An address is refused while its penalty is above this (``min``): after more than 5 wrong
    codes in a row, or more than about 10 a minute kept up."""
    penalty_max: float = 600.0
    """The longest an address is refused for (``max``)."""
    max_connections_per_code: int = 3
    """Connections logged in with one code, with or without a session: one more closes the
    oldest (one without a session first)."""
    code_logins_burst: int = 3
    """Logins with one code in a row before they are spaced out..."""
    code_login_interval: float = 2.0
    """...to one every this many seconds."""
    session_timeout: float = 10.0
    """Seconds a logged-in connection may go without a session before it is closed."""
    keepalive_interval: float = 15.0
    keepalive_count_max: int = 3


class PartnerServer:
    """Serves each partner their own app over SSH; start() it, and close() it when done."""

    def __init__(
        self,
        config: ServeConfig,
        app_factory: AppFactory,
        on_connection_change: Callable[[str, bool], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        self.config = config
        self.port = config.port
        self.fingerprint = ""
        self.connected: dict[str, int] = dict.fromkeys(config.codes.values(), 0)
        self.normalised_codes = _normalised_codes(config.codes)
        self.admission = Admission(config)
        self.log = ServeLog(on_notice)
        """Refusals and wrong codes, for the facilitator (the console and ``serve.log``)."""
        self._lingering = 0
        """Refused connections waiting to be told why."""
        self._logged_in: dict[str, list[Login]] = {}
        """Partner id -> its logged-in connections, oldest first."""
        self._app_factory = app_factory
        self._on_connection_change = on_connection_change
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._connections: set[asyncssh.SSHServerConnection] = set()
        self._sessions: set[PartnerConnection] = set()
        self._current: dict[str, PartnerConnection] = {}
        self._closing = False

    async def start(self) -> None:
        """Listen (on a free port if the configured one is 0); self.port is then the real one.
        Raises CompatError first when a library lacks what serving relies on."""
        compat.require()
        key = load_or_create_host_key(self.config.state_dir)
        self.fingerprint = fingerprint(key)
        config = self.config
        self.log.open(self.config.state_dir)
        stdio.install()
        try:
            self._acceptor = await asyncssh.create_server(
                lambda: Login(self),
                config.host,
                config.port,
                server_host_keys=[key],
                config=None,
                rdns_lookup=False,
                login_timeout=config.login_timeout,
                keepalive_interval=config.keepalive_interval,
                keepalive_count_max=config.keepalive_count_max,
                public_key_auth=False,
                host_based_auth=False,
                gss_auth=False,
                gss_kex=False,
                kbdint_auth=True,
                password_auth=True,
                allow_pty=True,
                line_editor=False,
                encoding=None,
                agent_forwarding=False,  # and a session that asks for it is refused
                x11_forwarding=False,
                allow_scp=False,
                server_version=SERVER_VERSION,
                kex_algs=list(KEX_ALGORITHMS),
                encryption_algs=list(CIPHERS),
                mac_algs=list(MACS),
                signature_algs=list(SIGNATURES),
                compression_algs=["none"],
            )
        except BaseException:
            stdio.uninstall()
            self.log.close()
            raise
        self.port = self._acceptor.get_port()
        SETTLER.attach(self)
        logger.info(
            "listening on %s port %s (host key %s)", config.host, self.port, self.fingerprint
        )

    async def close(self) -> None:
        """Stop listening, end every partner's app and close every connection."""
        if self._closing or self._acceptor is None:
            return
        self._closing = True
        try:
            self._acceptor.close()
            await self._acceptor.wait_closed()
            sessions = list(self._sessions)
            for session in sessions:
                session.end("the server is stopping", notice=STOPPED_NOTICE)
            # An app gets EXIT_GRACE to end before its session cancels it; a second more.
            await _wait_all([session.finished() for session in sessions], EXIT_GRACE + 1)
            connections = list(self._connections)
            for connection in connections:
                connection.close()
            await _wait_all([c.wait_closed() for c in connections], EXIT_GRACE)
        finally:  # the process's stdout and garbage collector as they were, whatever happened
            stdio.uninstall()
            SETTLER.detach(self)
            self.log.close()
        logger.info("stopped")

    @property
    def unauthenticated(self) -> int:
        """Connections logging in now."""
        return self.admission.unauthenticated

    def close_logins(self, reason: str) -> None:
        """Refuse every login from now on, telling each newcomer the reason (one line)."""
        self.admission.closed = reason
        self.log.line("logins closed", reason.removeprefix("vp-tui: "))

    # Used by Login (one per connection)

    def refuse(self, connection: asyncssh.SSHServerConnection, code: int, reason: str) -> None:
        """Close a connection turned away on arrival, telling it why in one line.

        Not at once: OpenSSH's client sends its first key exchange message after reading the
        server's version line, and on a connection already closed it only says "Broken pipe".
        So the reason is sent a moment later, unless many refusals already wait so.
        """
        linger = REFUSAL_LINGER if self._lingering < MAX_LINGERING else 0.0
        self._lingering += linger > 0

        def close() -> None:
            self._lingering -= linger > 0
            connection.disconnect(code, reason)

        # At least until asyncssh has sent its version line, after the callback that got here.
        asyncio.get_running_loop().call_later(linger, close)

    def logged_in(self, login: Login, partner_id: str) -> None:
        """A connection logged in with a partner's code: beyond the limit per code, the
        oldest of that code's connections is closed (one without a session first)."""
        logins = self._logged_in.setdefault(partner_id, [])
        logins.append(login)
        if len(logins) <= self.config.max_connections_per_code:
            return
        idle = [earlier for earlier in logins if not earlier.has_session]
        oldest = (idle or logins)[0]
        logins.remove(oldest)
        self.log.line(
            "connections closed",
            f"{partner_id}: closed their oldest connection ({oldest.peer}): "
            f"more than {self.config.max_connections_per_code} with one code",
        )
        oldest.close(REPLACED_CONNECTION)

    def logged_out(self, login: Login, partner_id: str) -> None:
        """A logged-in connection is gone."""
        logins = self._logged_in.get(partner_id, [])
        if login in logins:
            logins.remove(login)

    def connection_opened(self, connection: asyncssh.SSHServerConnection) -> None:
        """Track a new connection, so close() can end it."""
        self._connections.add(connection)

    def connection_closed(self, connection: asyncssh.SSHServerConnection) -> None:
        """Forget a connection."""
        self._connections.discard(connection)

    def new_session(
        self, partner_id: str, peer: str, *, forwarding: str | None = None
    ) -> PartnerSession:
        """A session channel for an authenticated partner (``forwarding``: what the
        connection asked to forward before it, which the session refuses)."""
        session = PartnerSession(self, partner_id, peer, forwarding=forwarding)
        self._sessions.add(session)
        return session

    def add_connection(self, session: PartnerConnection) -> None:
        """Host a partner's connection from another transport (a browser's websocket), as
        one of this server's own: stopped with it, and one per partner across both."""
        self._sessions.add(session)

    # Join codes, whatever the transport

    async def check_code(self, source: str, typed: str) -> str | None:
        """The partner whose join code this is, once the source's turn to be compared comes
        (and the code's turn to log in); None if wrong, or refused unseen (the source is
        penalised meanwhile). The caller counts a None with wrong_code."""
        partner_id = await self.admission.compare(
            source, lambda: match_code(typed, self.normalised_codes)
        )
        if partner_id is not None:
            await self.admission.login_turn(partner_id)
        return partner_id

    def wrong_code(self, source: str) -> None:
        """A wrong code from the source: add to its penalty, and tell the facilitator. The
        answer is then held back ``failure_delay`` by the caller."""
        recent = self.admission.failed(source)
        self.log.line(
            "wrong join codes",
            f"{source}: wrong join code ({recent} from this address in the last minute)",
            always_written=True,
        )

    # SessionHost: used by PartnerSession and the web's BrowserSession

    def build_app(self, partner_id: str, driver_class: type[Driver]) -> App[Any]:
        """A new app for this partner, from the factory the server was given."""
        return self._app_factory(partner_id, driver_class)

    async def take_over(self, session: PartnerConnection) -> None:
        """Make this the partner's one session: a second connection with a code replaces the
        first, whichever transport each came by."""
        previous = self._current.get(session.partner_id)
        self._current[session.partner_id] = session
        if previous is not None and previous is not session:
            if previous.transport != session.transport:
                self.log.line(
                    "connections replaced",
                    f"{session.partner_id}: joined from a {session.transport}; "
                    f"closed their {previous.transport} connection ({previous.peer})",
                )
            previous.end(
                f"replaced by a new connection with the same code (from a {session.transport})",
                notice=replaced_notice(previous, session),
            )
            # The earlier app ends first, so that "left" is announced before "joined".
            await previous.finished()

    def app_started(self, session: PartnerConnection) -> None:
        """Count the partner as connected, and say so."""
        self.connected[session.partner_id] = self.connected.get(session.partner_id, 0) + 1
        self._announce(session.partner_id, True)
        SETTLER.app_started()

    def app_ended(self, session: PartnerConnection) -> None:
        """Count the partner as gone, and say so."""
        self.connected[session.partner_id] = max(0, self.connected.get(session.partner_id, 0) - 1)
        self._announce(session.partner_id, False)
        SETTLER.app_ended()

    @property
    def serving(self) -> bool:
        """Whether any partner's session is open (their app running, or about to)."""
        return bool(self._sessions)

    def session_finished(self, session: PartnerConnection) -> None:
        """Forget a session whose app has ended."""
        self._sessions.discard(session)
        if self._current.get(session.partner_id) is session:
            del self._current[session.partner_id]

    def _announce(self, partner_id: str, connected: bool) -> None:
        if self._on_connection_change is None:
            return
        try:
            self._on_connection_change(partner_id, connected)
        except Exception:
            logger.exception("on_connection_change(%r, %r) failed", partner_id, connected)


async def _wait_all(waits: list[Coroutine[Any, Any, None]], timeout: float) -> None:
    if not waits:
        return
    tasks = [asyncio.ensure_future(wait) for wait in waits]
    _, late = await asyncio.wait(tasks, timeout=timeout)
    for task in late:
        task.cancel()


def _normalised_codes(codes: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for code, partner_id in codes.items():
        key = normalise(code)
        if not key:
            raise ValueError(f"the join code of {partner_id!r} has no letters or digits")
        if key in seen and seen[key] != partner_id:
            raise ValueError(f"{seen[key]!r} and {partner_id!r} have the same join code")
        seen[key] = partner_id
    return tuple(seen.items())

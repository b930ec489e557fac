"""Logging in with a join code: one Login per connection, limited and slowed down on failure."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import asyncssh

from vp_tui.ssh.admission import source_of
from vp_tui.ssh.compat import KbdIntChallenge, KbdIntResponse, hook_agent_requests
from vp_tui.ssh.session import connect_hint

if TYPE_CHECKING:
    from vp_tui.ssh.server import PartnerServer
    from vp_tui.ssh.session import PartnerSession

logger = logging.getLogger(__name__)

PROMPT = "Join code: "
INSTRUCTION = "vp-tui workshop: type the join code the facilitator gave you."
RETRY_INSTRUCTION = "That join code is not right; try again."
SLOW = "vp-tui: no key exchange in time; connect again"
NO_SESSION = "vp-tui: logged in but no terminal was opened; connect with plain `ssh -p PORT HOST`"
REPLACED_CONNECTION = (
    "vp-tui: your join code connected again from elsewhere, so this connection was closed"
)
TOO_MANY_TRIES = "vp-tui: too many wrong join codes; ask the facilitator for yours"
NO_FORWARDING = (
    "vp-tui: this server offers no port forwarding, only the workshop in an interactive terminal"
)


def _tell_agent_requests(
    channel: asyncssh.SSHServerChannel[bytes], session: PartnerSession
) -> None:
    """Agent forwarding is off, and asyncssh declines a request for it without a word (it
    has no hook for it): the session is told too, to refuse itself in one line (with another
    asyncssh, it is still declined and the session goes on)."""
    hook_agent_requests(channel, lambda: session.forwarding_requested("agent forwarding"))


class Login(asyncssh.SSHServer):
    """The server side of one connection, from its first byte to the sessions it opens."""

    def __init__(self, server: PartnerServer) -> None:
        self._server = server
        self._connection: asyncssh.SSHServerConnection | None = None
        self._counted = False
        self._tries = 0
        self._answered = 0
        """Tries answered: fewer than ``_tries`` when a try comes while one is pending."""
        self.partner_id: str | None = None
        self.peer = "?"
        self.source = "?"
        self._forwarding: str | None = None
        self._refused = False
        """Turned away on arrival: told why in a moment, and nothing is tried meanwhile."""
        self._until_closed: asyncio.Future[None] | None = None
        self._sessions = 0
        self._timer: asyncio.TimerHandle | None = None
        """The key exchange's deadline, then (once logged in) that of the first session."""

    @property
    def has_session(self) -> bool:
        """Whether a session channel of this connection is open."""
        return self._sessions > 0

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """A TCP connection arrived: count it as logging in, or turn it away."""
        self._connection = conn
        self._server.connection_opened(conn)
        peer = conn.get_extra_info("peername")
        address = str(peer[0]) if peer else "?"
        self.peer = f"{address}:{peer[1]}" if peer else "?"
        self.source = source_of(address)
        refusal = self._server.admission.admit(self.source)
        if refusal is not None:
            self._refused = True
            self._server.log.line("refused connections", f"{self.source}: {_quiet(refusal)}")
            admission = self._server.admission
            code = (
                asyncssh.DISC_HOST_NOT_ALLOWED_TO_CONNECT
                if admission.closed is not None or admission.penalised(self.source)
                else asyncssh.DISC_TOO_MANY_CONNECTIONS
            )
            self._server.refuse(conn, code, refusal)
            return
        self._counted = True
        self._restart_timer(self._server.config.kex_timeout, self._kex_overdue)

    def connection_lost(self, exc: Exception | None) -> None:
        """The connection is gone."""
        if self._until_closed is not None and not self._until_closed.done():
            self._until_closed.set_result(None)
        self._uncount()
        self._restart_timer(None, None)
        if self.partner_id is not None:
            self._server.logged_out(self, self.partner_id)
        if self._connection is not None:
            self._server.connection_closed(self._connection)
            self._connection = None

    async def begin_auth(self, username: str) -> bool:
        """Every user name is welcome; the join code decides who it is. A refused connection
        waits here for its reason instead (its client would otherwise report a bare failure)."""
        if self._refused and self._connection is not None:
            self._until_closed = asyncio.get_running_loop().create_future()
            await self._until_closed
        return True

    def auth_completed(self) -> None:
        """Logged in: no longer counted among those logging in; a session must follow soon."""
        self._uncount()
        logger.info("%s: logged in as partner %s", self.peer, self.partner_id)
        assert self.partner_id is not None
        self._server.logged_in(self, self.partner_id)
        self._restart_timer(self._server.config.session_timeout, self._session_overdue)

    def password_auth_supported(self) -> bool:
        """The code as a password, for PuTTY and `-o` options; offered until the tries run out."""
        return not self._refused and self._tries < self._server.config.max_tries

    def kbdint_auth_supported(self) -> bool:
        """A "Join code: " prompt, which is what OpenSSH shows by default."""
        return not self._refused and self._tries < self._server.config.max_tries

    async def validate_password(self, username: str, password: str) -> bool:
        """Whether the password is a join code."""
        return await self._try(password)

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> KbdIntChallenge:
        """Ask for the join code, not echoed."""
        return ("", INSTRUCTION, "", [(PROMPT, False)])

    async def validate_kbdint_response(
        self, username: str, responses: KbdIntResponse
    ) -> KbdIntChallenge:
        """Accept a right code, or ask again while tries remain."""
        if await self._try(responses[0] if len(responses) == 1 else None):
            return True
        if self._tries < self._server.config.max_tries:
            return ("", RETRY_INSTRUCTION, "", [(PROMPT, False)])
        return False

    def close(self, reason: str) -> None:
        """Close this connection, telling the client why in one line."""
        if self._connection is not None:
            self._connection.disconnect(asyncssh.DISC_BY_APPLICATION, reason)

    def session_requested(
        self,
    ) -> tuple[asyncssh.SSHServerChannel[bytes], PartnerSession] | bool:
        """A session channel for the partner this connection logged in as."""
        if self.partner_id is None or self._connection is None:
            return False
        session = self._server.new_session(self.partner_id, self.peer, forwarding=self._forwarding)
        # The channel asyncssh would make (the connection's encoding, window and packet size).
        channel: asyncssh.SSHServerChannel[bytes] = self._connection.create_server_channel()
        _tell_agent_requests(channel, session)
        self._sessions += 1
        self._restart_timer(None, None)
        self._connection.create_task(self._session_closed(channel))
        return channel, session

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        """Refuse local port forwarding (`ssh -L`), saying why."""
        raise self._no_forwarding()

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        """Refuse remote port forwarding (`ssh -R`): a global request carries no message, so
        the session that follows is refused with one."""
        logger.info("%s: refused remote port forwarding", self.peer)
        self._forwarding = "port forwarding"
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        """Refuse forwarding to a UNIX socket, saying why."""
        raise self._no_forwarding()

    def unix_server_requested(self, listen_path: str) -> bool:
        """Refuse forwarding from a UNIX socket, and the session that follows."""
        logger.info("%s: refused socket forwarding", self.peer)
        self._forwarding = "socket forwarding"
        return False

    def _no_forwarding(self) -> asyncssh.ChannelOpenError:
        logger.info("%s: refused port forwarding", self.peer)
        hint = connect_hint(self._connection) if self._connection else "ssh -p PORT HOST"
        return asyncssh.ChannelOpenError(
            asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
            f"{NO_FORWARDING}; connect with plain `{hint}`",
        )

    async def _try(self, typed: str | None) -> bool:
        """One try at a code (None: not one answer). A try that comes before the one before it
        was answered (pipelined, cancelling it) is counted as wrong without being compared."""
        config = self._server.config
        admission = self._server.admission
        pipelined = self._answered < self._tries
        self._tries += 1
        number = self._tries
        if number > config.max_tries or self._refused:
            return False
        if admission.closed is not None and self._connection is not None:
            # The session completed while this connection was logging in.
            self._connection.disconnect(asyncssh.DISC_HOST_NOT_ALLOWED_TO_CONNECT, admission.closed)
            return False
        partner_id = None
        if typed is not None and not pipelined:
            partner_id = await self._server.check_code(self.source, typed)
        if partner_id is not None:
            self.partner_id = partner_id
            self._answered = number
            return True
        self._server.wrong_code(self.source)
        logger.info("%s: wrong join code (%d of %d)", self.peer, number, config.max_tries)
        await asyncio.sleep(config.failure_delay)
        self._answered = number
        if self._connection is not None:
            if admission.penalised(self.source):
                reason = admission.penalty_refusal(self.source)
                self._connection.disconnect(asyncssh.DISC_HOST_NOT_ALLOWED_TO_CONNECT, reason)
            elif number >= config.max_tries:
                self._connection.disconnect(
                    asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, TOO_MANY_TRIES
                )
        return False

    async def _session_closed(self, channel: asyncssh.SSHServerChannel[bytes]) -> None:
        await channel.wait_closed()
        self._sessions -= 1
        if not self._sessions and self._connection is not None:
            self._restart_timer(self._server.config.session_timeout, self._session_overdue)

    def _restart_timer(self, delay: float | None, action: Callable[[], None] | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if delay is not None and action is not None:
            self._timer = asyncio.get_running_loop().call_later(delay, action)

    def _kex_overdue(self) -> None:
        self._timer = None
        connection = self._connection
        # The server's side of the key exchange is done once it has its keys to send with.
        if connection is None or connection.get_extra_info("send_cipher") is not None:
            return
        self._server.log.line(
            "slow connections closed",
            f"{self.source}: closed: no key exchange within {self._server.config.kex_timeout:g} s",
        )
        connection.disconnect(asyncssh.DISC_PROTOCOL_ERROR, SLOW)

    def _session_overdue(self) -> None:
        self._timer = None
        if self._connection is None or self._sessions:
            return
        logger.info("%s: closed: logged in but opened no session", self.peer)
        self._server.log.line(
            "idle connections closed",
            f"{self.partner_id}: closed a connection ({self.peer}) that opened no session "
            f"in {self._server.config.session_timeout:g} s",
        )
        self.close(NO_SESSION)

    def _uncount(self) -> None:
        if self._counted:
            self._counted = False
            self._server.admission.release(self.source)


def _quiet(refusal: str) -> str:
    """A refusal as the facilitator reads it (without the program's name)."""
    return refusal.removeprefix("vp-tui: ")

"""Logging in with a join code: one Login per connection, limited and slowed down on failure."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import asyncssh
from asyncssh.auth import KbdIntChallenge, KbdIntResponse

from vp_tui.ssh.codes import match_code
from vp_tui.ssh.session import connect_hint

if TYPE_CHECKING:
    from vp_tui.ssh.server import PartnerServer
    from vp_tui.ssh.session import PartnerSession

logger = logging.getLogger(__name__)

PROMPT = "Join code: "
INSTRUCTION = "vp-tui workshop: type the join code the facilitator gave you."
RETRY_INSTRUCTION = "That join code is not right; try again."
BUSY = "vp-tui: too many people are logging in at once; try again in a moment"
TOO_MANY_TRIES = "vp-tui: too many wrong join codes; ask the facilitator for yours"
NO_FORWARDING = (
    "vp-tui: this server offers no port forwarding, only the workshop in an interactive terminal"
)


AGENT_REQUEST_HANDLER = "_process_auth_agent_req_at_openssh_dot_com_request"
"""The method of an asyncssh channel that answers a request for agent forwarding (asyncssh
finds a channel request's handler by the request's name)."""


def _tell_agent_requests(
    channel: asyncssh.SSHServerChannel[bytes], session: PartnerSession
) -> None:
    """Agent forwarding is off, and asyncssh declines a request for it without a word (it
    has no hook for it): the session is told too, to refuse itself in one line."""
    decline = getattr(channel, AGENT_REQUEST_HANDLER, None)
    if decline is None:  # another asyncssh: still declined, the session goes on
        return

    def requested(packet: object) -> object:
        session.forwarding_requested("agent forwarding")
        return decline(packet)

    setattr(channel, AGENT_REQUEST_HANDLER, requested)


class Login(asyncssh.SSHServer):
    """The server side of one connection, from its first byte to the sessions it opens."""

    def __init__(self, server: PartnerServer) -> None:
        self._server = server
        self._connection: asyncssh.SSHServerConnection | None = None
        self._counted = False
        self._failures = 0
        self.partner_id: str | None = None
        self.peer = "?"
        self._forwarding: str | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """A TCP connection arrived: count it as logging in, or turn it away if too many are."""
        self._connection = conn
        self._server.connection_opened(conn)
        peer = conn.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        if self._server.unauthenticated >= self._server.config.max_unauthenticated:
            logger.warning(
                "%s: refused, %d connections already logging in",
                self.peer,
                self._server.unauthenticated,
            )
            # After this callback asyncssh sends its version line; the disconnect must follow it.
            asyncio.get_running_loop().call_soon(
                conn.disconnect, asyncssh.DISC_TOO_MANY_CONNECTIONS, BUSY
            )
            return
        self._server.unauthenticated += 1
        self._counted = True

    def connection_lost(self, exc: Exception | None) -> None:
        """The connection is gone."""
        self._uncount()
        if self._connection is not None:
            self._server.connection_closed(self._connection)
            self._connection = None

    def begin_auth(self, username: str) -> bool:
        """Every user name is welcome; the join code decides who it is."""
        return True

    def auth_completed(self) -> None:
        """Logged in: no longer counted among those logging in."""
        self._uncount()
        logger.info("%s: logged in as partner %s", self.peer, self.partner_id)

    def password_auth_supported(self) -> bool:
        """The code as a password, for PuTTY and `-o` options; offered until the tries run out."""
        return self._failures < self._server.config.max_tries

    def kbdint_auth_supported(self) -> bool:
        """A "Join code: " prompt, which is what OpenSSH shows by default."""
        return self._failures < self._server.config.max_tries

    async def validate_password(self, username: str, password: str) -> bool:
        """Whether the password is a join code."""
        return await self._check(password)

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> KbdIntChallenge:
        """Ask for the join code, not echoed."""
        return ("", INSTRUCTION, "", [(PROMPT, False)])

    async def validate_kbdint_response(
        self, username: str, responses: KbdIntResponse
    ) -> KbdIntChallenge:
        """Accept a right code, or ask again while tries remain."""
        if len(responses) == 1 and await self._check(responses[0]):
            return True
        if len(responses) != 1:
            await self._fail()
        if self._failures < self._server.config.max_tries:
            return ("", RETRY_INSTRUCTION, "", [(PROMPT, False)])
        return False

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

    async def _check(self, typed: str) -> bool:
        if self._failures >= self._server.config.max_tries:
            return False
        partner_id = match_code(typed, self._server.normalised_codes)
        if partner_id is not None:
            self.partner_id = partner_id
            return True
        await self._fail()
        return False

    async def _fail(self) -> None:
        # Counted before the delay, so that a client cancelling its request (by sending the
        # next one) still uses up a try.
        self._failures += 1
        tries = self._server.config.max_tries
        logger.info("%s: wrong join code (%d of %d)", self.peer, self._failures, tries)
        await asyncio.sleep(self._server.config.failure_delay)
        if self._failures >= tries and self._connection is not None:
            self._connection.disconnect(
                asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, TOO_MANY_TRIES
            )

    def _uncount(self) -> None:
        if self._counted:
            self._counted = False
            self._server.unauthenticated -= 1

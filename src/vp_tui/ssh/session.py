"""One SSH session channel: a partner's app on an interactive terminal, or a one-line refusal."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import asyncssh

from vp_tui.ssh.lifecycle import (
    CRASHED_NOTICE,
    EXIT_GRACE,
    REPLACED_NOTICE,
    STOPPED_NOTICE,
    PartnerConnection,
    SessionHost,
)
from vp_tui.ssh.terminal import ChannelTerminal

logger = logging.getLogger(__name__)

__all__ = [
    "CRASHED_NOTICE",
    "EXIT_GRACE",
    "REPLACED_NOTICE",
    "STOPPED_NOTICE",
    "PartnerSession",
    "SessionHost",
    "connect_hint",
]


def connect_hint(link: asyncssh.SSHServerChannel[bytes] | asyncssh.SSHServerConnection) -> str:
    """The plain command that reaches this server, as the client reached it."""
    sockname = link.get_extra_info("sockname")
    host, port = ("localhost", 2222) if not sockname else (str(sockname[0]), int(sockname[1]))
    if host in ("127.0.0.1", "::1"):
        host = "localhost"
    return f"ssh -p {port} {host}"


class PartnerSession(PartnerConnection, asyncssh.SSHServerSession[bytes]):
    """A session channel of an authenticated partner."""

    def __init__(
        self, host: SessionHost, partner_id: str, peer: str, *, forwarding: str | None = None
    ) -> None:
        super().__init__(host, partner_id, peer)
        self._forwarding = forwarding
        """Forwarding asked for before the session started (declined), if any."""
        self._channel: asyncssh.SSHServerChannel[bytes] | None = None
        self._pty: tuple[str, tuple[int, int]] | None = None
        self._request = "shell"
        self._subsystem = ""

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
        self.start_app(
            ChannelTerminal(
                self._channel,
                term_type=term_type,
                size=size,
                environment=self._channel.get_environment(),
                on_drop=self.dropped,
            )
        )

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

    # The transport's part of the app's life (see lifecycle.PartnerConnection)

    def _abort_transport(self) -> None:
        if self._channel is not None:
            # Abort, not close: a clean close would queue behind the output it is not reading.
            self._channel.get_connection().abort()

    def _close_transport(self, status: int, notice: str | None) -> None:
        self._close_channel(status, notice)

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

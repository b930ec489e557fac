"""Anything but an interactive terminal is refused with one line and exit status 1, no traceback."""

from __future__ import annotations

import asyncio
import logging

import asyncssh
import pytest

from tests.ssh.conftest import Terminal, connect, eventually

EXPLANATION = "vp-tui: this server"


def one_line_explanation(errors: bytes | str, port: int, *, options: str = "") -> str:
    text = errors.decode() if isinstance(errors, bytes) else errors
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith(EXPLANATION)
    assert f"connect with plain `ssh {options}-p {port} localhost`" in lines[0]
    return lines[0]


@pytest.fixture(autouse=True)
def no_traceback_anywhere(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]):
    """Whatever each test does, nothing reaches stderr or the log with a traceback."""
    caplog.set_level(logging.DEBUG)
    yield
    assert "Traceback" not in capfd.readouterr().err
    assert not [record for record in caplog.records if record.exc_info], caplog.text


async def test_a_session_without_a_terminal_is_refused(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        process = await connection.create_process()  # like `ssh -T`
        result = await process.wait()
    assert result.exit_status == 1
    line = one_line_explanation(result.stderr, served.port)
    assert "only offers the workshop in an interactive terminal" in line
    assert result.stdout == ""
    assert served.changes == []
    await eventually(lambda: not served.server._sessions)  # a refused session is not kept


@pytest.mark.parametrize("with_terminal", [False, True])
async def test_a_remote_command_is_refused(serve, with_terminal) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        result = await connection.run("ls", term_type="xterm" if with_terminal else None)
    assert result.exit_status == 1
    line = one_line_explanation(result.stderr or "", served.port)
    assert "runs no commands" in line
    assert served.changes == []


async def test_sftp_fails(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        with pytest.raises((asyncssh.Error, OSError)):
            async with connection.start_sftp_client():
                pass
        process = await connection.create_process(subsystem="sftp", encoding=None)
        result = await process.wait()
    assert result.exit_status == 1
    assert "offers no sftp subsystem" in one_line_explanation(result.stderr or b"", served.port)


async def test_local_port_forwarding_is_refused_with_a_reason(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        with pytest.raises(asyncssh.ChannelOpenError) as refused:
            await connection.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", 9)
        assert refused.value.code == asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED
        assert "offers no port forwarding" in one_line_explanation(
            refused.value.reason, served.port
        )
        # ssh -L: the listener is local, every connection through it is refused.
        listener = await connection.forward_local_port("127.0.0.1", 0, "127.0.0.1", 9)
        reader, writer = await asyncio.open_connection("127.0.0.1", listener.get_port())
        assert await reader.read() == b""
        writer.close()
        listener.close()
        # The connection itself still works for what it is for.
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")


async def test_remote_port_forwarding_is_refused_and_so_is_its_session(serve) -> None:
    served = await serve()
    async with await connect(served.port) as connection:
        with pytest.raises(asyncssh.ChannelListenError):
            await connection.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9)
        # Like `ssh -R`: the client goes on to open its terminal, which is refused in one line.
        result = await connection.run(term_type="xterm", term_size=(80, 24))
    assert result.exit_status == 1
    line = one_line_explanation(result.stderr or "", served.port)
    assert "offers no port forwarding" in line
    assert served.changes == []
    await eventually(lambda: not served.server._sessions)


async def test_agent_forwarding_is_refused_with_a_reason(serve, tmp_path, caplog) -> None:
    served = await serve()
    agent = str(tmp_path / "agent")
    async with await connect(served.port, agent_forwarding=True, agent_path=agent) as connection:
        result = await connection.run(term_type="xterm", term_size=(80, 24))
    assert result.exit_status == 1
    line = one_line_explanation(result.stderr or "", served.port, options="-a ")
    assert "takes no agent forwarding" in line
    assert served.changes == []
    await eventually(lambda: not served.server._sessions)
    # Declined by the protocol too: the partner's agent was never within the server's reach.
    assert "Agent forwarding request denied" in caplog.text

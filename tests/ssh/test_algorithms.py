"""What the server tells a stranger before anything else: a version line naming only vp-tui, and
modern algorithms only (no SHA-1 anywhere, no 64-bit MAC tags), read from its KEXINIT like
`ssh -Q` lists a client's."""

from __future__ import annotations

import asyncio
import shutil
import struct

import asyncssh
import pytest

from tests.ssh.conftest import connect

NAME_LISTS = (
    "kex",
    "host keys",
    "ciphers client to server",
    "ciphers server to client",
    "MACs client to server",
    "MACs server to client",
    "compression client to server",
    "compression server to client",
)


async def server_hello(port: int) -> tuple[bytes, dict[str, list[str]]]:
    """The server's version line and the algorithms its KEXINIT offers."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        version = await reader.readline()
        writer.write(b"SSH-2.0-OpenSSH_9.9\r\n")
        length = struct.unpack(">I", await reader.readexactly(4))[0]
        packet = await reader.readexactly(length)
    finally:
        writer.close()
    padding, payload = packet[0], packet[1 : length - packet[0]]
    assert padding >= 4 and payload[0] == 20  # SSH_MSG_KEXINIT
    offset, offered = 17, {}
    for name in NAME_LISTS:
        size = struct.unpack(">I", payload[offset : offset + 4])[0]
        offered[name] = payload[offset + 4 : offset + 4 + size].decode("ascii").split(",")
        offset += 4 + size
    return version, offered


async def test_the_version_line_names_only_vp_tui(serve) -> None:
    served = await serve()
    version, _ = await server_hello(served.port)
    assert version == b"SSH-2.0-vp-tui\r\n"


async def test_only_modern_algorithms_are_offered(serve) -> None:
    served = await serve()
    _, offered = await server_hello(served.port)
    everything = [name for names in offered.values() for name in names]
    assert not [name for name in everything if "sha1" in name], offered
    assert not [name for name in everything if "umac-64" in name or "gss" in name], offered
    assert offered["host keys"] == ["ssh-ed25519"]
    assert "curve25519-sha256" in offered["kex"]
    assert "diffie-hellman-group14-sha1" not in offered["kex"]
    assert "hmac-sha1" not in offered["MACs server to client"]
    assert offered["compression server to client"] == ["none"]
    # Strict key exchange (against the Terrapin attack) is on.
    assert "kex-strict-s-v00@openssh.com" in offered["kex"]


@pytest.mark.parametrize(
    "weak",
    [
        # A MAC is only negotiated with a cipher that has none of its own.
        {"mac_algs": ["hmac-sha1"], "encryption_algs": ["aes128-ctr"]},
        {"mac_algs": ["umac-64@openssh.com"], "encryption_algs": ["aes128-ctr"]},
        {"kex_algs": ["diffie-hellman-group14-sha1"]},
        {"kex_algs": ["diffie-hellman-group1-sha1"]},
        {"server_host_key_algs": ["ssh-rsa"]},
    ],
)
async def test_a_client_offering_only_a_weak_algorithm_is_refused(serve, weak) -> None:
    served = await serve()
    with pytest.raises(asyncssh.KeyExchangeFailed):
        await connect(served.port, **weak)


async def test_openssh_sees_vp_tui_and_cannot_use_sha1(serve) -> None:
    assert shutil.which("ssh"), "ssh is needed (CI installs openssh-client)"
    served = await serve()
    base = [
        "ssh",
        "-v",
        "-F",
        "/dev/null",
        "-p",
        str(served.port),
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
    ]
    for option, refusal in [
        ("MACs=hmac-sha1", "no matching MAC"),
        ("KexAlgorithms=diffie-hellman-group14-sha1", "no matching key exchange"),
    ]:
        process = await asyncio.create_subprocess_exec(
            *base,
            "-o",
            "Ciphers=aes128-ctr",
            "-o",
            option,
            "partner@127.0.0.1",
            "true",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        async with asyncio.timeout(20):
            _, errors = await process.communicate()
        text = errors.decode(errors="replace")
        assert process.returncode != 0
        assert "remote software version vp-tui" in text
        assert refusal in text, text[-800:]

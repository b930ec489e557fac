"""Before login, as OpenSSH guards it: a limit per source address, random early drop as the
connections logging in grow, a short time to start the key exchange, and every refusal on the
facilitator's console (merged when they flood) and in serve.log."""

from __future__ import annotations

import asyncio
import gc
import shutil
import time
from collections.abc import Iterator

import asyncssh
import pytest

from tests.ssh.conftest import (
    ANA_CODE,
    BEN_CODE,
    Served,
    Terminal,
    connect_from,
    eventually,
    serve_log,
)
from vp_tui.ssh import serve_log as serve_log_module
from vp_tui.ssh.admission import Admission, source_of
from vp_tui.ssh.server import ServeConfig

Socket = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def idle_socket(port: int, address: str = "127.0.0.1") -> Socket:
    """A TCP connection that reads the server's version line and then says nothing."""
    return await asyncio.open_connection("127.0.0.1", port, local_addr=(address, 0))


async def is_refused(socket: Socket) -> bytes | None:
    """What a refused connection was told (its disconnect, a second or so after it came),
    or None if it stays open for 3 s."""
    reader, _ = socket
    try:
        async with asyncio.timeout(3):
            received = await reader.read(4096)
            while received and b"vp-tui:" not in received:
                more = await reader.read(4096)
                if not more:
                    break
                received += more
    except TimeoutError:
        return None
    return received


@pytest.fixture
def sockets() -> Iterator[list[Socket]]:
    opened: list[Socket] = []
    yield opened
    for _, writer in opened:
        writer.close()


async def test_one_address_holding_every_place_it_can_does_not_keep_another_out(
    serve, sockets
) -> None:
    served = await serve(kex_timeout=30.0)
    for _ in range(15):
        sockets.append(await idle_socket(served.port))
    refused = await asyncio.gather(*(is_refused(socket) for socket in sockets))
    held = [socket for socket, told in zip(sockets, refused, strict=True) if told is None]
    assert len(held) == served.server.config.max_startups_per_source
    assert all(b"from your address" in told for told in refused if told is not None)
    # Another address (here 127.0.0.2) logs in at once.
    started = time.monotonic()
    async with await connect_from("127.0.0.2", served.port, BEN_CODE) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ben")
    assert time.monotonic() - started < 10  # generous: the figure is bench/ssh_attack.py's
    assert "127.0.0.1: too many connections are logging in from your address" in serve_log(served)


async def test_past_the_full_mark_every_newcomer_is_dropped_whatever_its_address(
    serve, sockets, caplog
) -> None:
    served = await serve(max_startups=(4, 30, 4), max_startups_per_source=1, kex_timeout=30.0)
    for number in range(2, 6):
        sockets.append(await idle_socket(served.port, f"127.0.0.{number}"))
    assert await asyncio.gather(*(is_refused(socket) for socket in sockets)) == [None] * 4
    with pytest.raises(asyncssh.Error) as refused:
        await connect_from("127.0.0.9", served.port)
    assert "too many people are logging in at once" in str(refused.value)
    # The refused login left nothing waiting behind it.
    await served.server.close()
    gc.collect()
    await asyncio.sleep(0)
    assert "Task was destroyed" not in caplog.text


def test_random_early_drop_rises_linearly_from_start_to_full(tmp_path) -> None:
    config = ServeConfig(state_dir=tmp_path, codes={}, max_startups=(10, 30, 60))
    for roll, startups, dropped in [
        (99, 9, False),
        (29, 10, True),
        (30, 10, False),
        (64, 35, True),  # 30 + 70 * 25 / 50 = 65 %
        (65, 35, False),
        (97, 59, True),  # 30 + 70 * 49 // 50 = 98 %
        (98, 59, False),
        (0, 60, True),
    ]:
        admission = Admission(config, percent=lambda roll=roll: roll)
        admission.unauthenticated = startups
        assert (admission.admit("192.0.2.1") is not None) is dropped, (roll, startups)


def test_an_ipv6_address_counts_with_its_64_and_a_mapped_ipv4_as_itself() -> None:
    assert source_of("127.0.0.2") == "127.0.0.2"
    assert source_of("2001:db8:1:2:aaaa::1") == source_of("2001:db8:1:2:bbbb::9")
    assert source_of("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert source_of("2001:db8:1:3::1") != source_of("2001:db8:1:2::1")
    assert source_of("::ffff:192.0.2.7") == "192.0.2.7"
    assert source_of("fe80::1%lo") == "fe80::/64"


async def test_a_socket_that_never_starts_the_key_exchange_is_closed_early(serve) -> None:
    served = await serve(kex_timeout=0.5, login_timeout=20.0)
    reader, writer = await idle_socket(served.port)
    started = time.monotonic()
    async with asyncio.timeout(10):
        while await reader.read(1024):
            pass
    writer.close()
    assert time.monotonic() - started < 8  # the login timeout (20 s) is not what closed it
    await eventually(lambda: served.server.unauthenticated == 0)
    assert "no key exchange within 0.5 s" in serve_log(served)


async def test_a_flood_of_refusals_is_merged_on_the_console(serve, sockets, monkeypatch) -> None:
    monkeypatch.setattr(serve_log_module, "WINDOW", 1.0)
    shown: list[str] = []
    served: Served = await serve(kex_timeout=30.0)
    served.server.log._show = shown.append
    for _ in range(30):
        sockets.append(await idle_socket(served.port))
    await eventually(lambda: any("more refused connections" in line for line in shown), 5)
    refusals = [line for line in shown if "refused" in line or "from your address" in line]
    assert len(refusals) <= serve_log_module.PER_WINDOW + 1, shown
    assert "… and 23 more refused connections in 1 s" in shown[-1]
    assert list(served.server.log.recent) == shown


async def openssh_refusal(port: int, address: str = "127.0.0.1") -> str:
    """What OpenSSH's `ssh` says when it tries to connect (batch mode: it asks nothing)."""
    assert shutil.which("ssh"), "ssh is needed (CI installs openssh-client)"
    process = await asyncio.create_subprocess_exec(
        *["ssh", "-F", "/dev/null", "-p", str(port), "-b", address, "-o", "BatchMode=yes"],
        *["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"],
        "partner@127.0.0.1",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(20):
        _, errors = await process.communicate()
    assert process.returncode != 0
    return errors.decode(errors="replace")


async def test_openssh_shows_why_an_address_is_refused(serve, sockets) -> None:
    served = await serve(kex_timeout=30.0, max_startups_per_source=1)
    sockets.append(await idle_socket(served.port))
    assert "too many connections are logging in from your address" in await openssh_refusal(
        served.port
    )
    for _ in range(6):  # as if 127.0.0.2 had just sent 6 wrong codes
        served.server.admission.failed("127.0.0.2")
    told = await openssh_refusal(served.port, "127.0.0.2")
    assert "vp-tui: too many wrong join codes from your address; try again in" in told


async def test_openssh_asking_about_the_host_key_is_not_cut_off(serve, tmp_path) -> None:
    """The key-exchange deadline ends with the client's part of it: a partner who reads the
    fingerprint for longer before answering `yes` still logs in."""
    assert shutil.which("tmux"), "tmux is needed (CI installs it)"
    served = await serve(kex_timeout=0.5, login_timeout=20.0)
    socket = f"vp-tui-hostkey-{id(served)}"

    async def tmux(*arguments: str) -> str:
        process = await asyncio.create_subprocess_exec(
            "tmux", "-L", socket, *arguments, stdout=asyncio.subprocess.PIPE
        )
        output, _ = await process.communicate()
        return output.decode()

    async def shown(text: str) -> str:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        screen = ""
        while text not in screen:
            assert loop.time() < deadline, f"{text!r} never shown:\n{screen}"
            await asyncio.sleep(0.1)
            screen = await tmux("capture-pane", "-p", "-t", "ana")
        return screen

    ssh = (
        f"ssh -F /dev/null -p {served.port} -o UserKnownHostsFile={tmp_path / 'known_hosts'} "
        "-o PreferredAuthentications=keyboard-interactive ana@127.0.0.1"
    )
    try:
        await tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "ana", ssh)
        await shown("Are you sure you want to continue connecting")
        await asyncio.sleep(1.5)  # three times the deadline, reading the fingerprint
        await tmux("send-keys", "-t", "ana", "yes", "Enter")
        await shown("Join code")
        await tmux("send-keys", "-t", "ana", ANA_CODE, "Enter")
        await shown("partner=ana")
    finally:
        await tmux("kill-server")


def test_the_penalty_builds_up_with_wrong_codes_and_runs_down_in_real_time(tmp_path) -> None:
    now = [0.0]
    admission = Admission(ServeConfig(state_dir=tmp_path, codes={}), clock=lambda: now[0])
    for count in range(1, 6):  # 5 wrong codes at once: 30 s, not past the threshold
        assert admission.failed("192.0.2.1") == count
    assert admission.admit("192.0.2.1") is None
    admission.failed("192.0.2.1")  # the sixth: 36 s
    assert "try again in 36 s" in (admission.admit("192.0.2.1") or "")
    assert admission.admit("192.0.2.2") is None  # another address is not concerned
    now[0] = 30.0
    assert "try again in 6 s" in (admission.admit("192.0.2.1") or "")
    now[0] = 36.5
    assert admission.admit("192.0.2.1") is None
    # Kept up at 10 a minute, the penalty stays below the threshold; at 12, it crosses it.
    for rate, crosses in [(10, False), (12, True)]:
        source = f"198.51.100.{rate}"
        crossed = False
        for _ in range(rate * 3):
            now[0] += 60 / rate
            admission.failed(source)
            crossed = crossed or admission.penalised(source)
        assert crossed is crosses

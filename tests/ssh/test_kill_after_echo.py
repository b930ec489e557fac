"""A rating whose echo a partner saw is on disk, even when the server is killed the next moment.

A real ``vp-tui serve`` process, its console on a pseudo-terminal; a partner rates over SSH,
and the instant the frame showing the rating arrives, the server gets ``kill -9``.
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.flows.conftest import write_session
from tests.ssh.conftest import Terminal, connect
from vp_tui.model import changes
from vp_tui.storage import read_session, save_session

ATTEMPTS = 5
"""Servers started and killed (each attempt rates one key and kills at its echo)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def started(process: subprocess.Popen[bytes], codes_file: Path, port: int) -> None:
    """Wait until the server has written its codes and listens (or fail if it ended)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while True:
        assert process.poll() is None, "vp-tui serve ended before it listened"
        assert loop.time() < deadline, "vp-tui serve never listened"
        if codes_file.exists():
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                pass
            else:
                writer.close()
                return
        await asyncio.sleep(0.1)


async def rate_then_kill(folder: Path, attempt: int) -> tuple[int, int | None]:
    """Serve a session, rate its first benefit and kill the server at the echo; the rating
    given and the one in the file afterwards."""
    path = write_session(folder)
    session = read_session(path)
    changes.open_round(session, "anticipated")
    save_session(session, path)
    port = free_port()
    console, console_end = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "vp_tui", "serve", str(path), "--port", str(port)],
        stdin=console_end,
        stdout=console_end,
        stderr=console_end,
        env={**os.environ, "TERM": "xterm-256color"},
        cwd=folder,
        start_new_session=True,
    )
    os.close(console_end)
    rating = 1 + attempt % 9
    try:
        codes_file = folder / ".vp-tui" / "codes" / f"{path.stem}.json"
        await started(process, codes_file, port)
        code = json.loads(codes_file.read_text())["ana"]
        async with await connect(port, code) as connection:
            screen = await Terminal.open(connection)
            await screen.wait_for("Anticipated value", timeout=30)
            await asyncio.sleep(0.5)  # the screen has settled
            mark = len(screen.output)
            screen.press(str(rating).encode())
            while f"[{rating}]".encode() not in screen.output[mark:]:
                data = await asyncio.wait_for(screen.process.stdout.read(65536), 30)
                assert data, "the connection ended before the echo"
                screen.output += data
            process.send_signal(signal.SIGKILL)  # the moment the echo arrives
            process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(console)
    first = read_session(path).benefits[0]
    return rating, first.ratings.get("ana")


@pytest.mark.parametrize("attempt", range(ATTEMPTS))
async def test_a_rating_whose_echo_was_seen_survives_kill_9(tmp_path: Path, attempt: int) -> None:
    given, on_disk = await rate_then_kill(tmp_path, attempt)
    assert on_disk == given, f"the echo of {given} was on screen; the file holds {on_disk}"

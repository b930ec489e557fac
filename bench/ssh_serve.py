"""The SSH benchmark as users run it: real ``vp-tui serve`` processes, one per session of 8
partners, each with its facilitator's console on a pseudo-terminal of its own.

For a number of sessions (6 for 48 partners, 3 for 24), in one run:

cpu per key
    The CPU time (user + system, from /proc) of every serve process while its 8 partners rate,
    divided by the rating keys they pressed: what one key costs the server, the console and
    the autosave included. Target: 6 ms (23-31 ms before issue 11).
echo p95
    A partner presses a rating key: the time until the frame that shows the rating reaches
    them, p95 over every key of every partner. Each partner starts at their own moment and
    keeps their own pace (0.2-0.6 s between keys). Budget: 50 ms.
reveal p95
    The facilitator presses r on each console, every partner waiting (all rounds answered):
    the time until the equality view reaches each partner's screen. Budget: 250 ms.
memory per connection
    Growth of the serve processes' resident memory from 0 to 8 connections each, per
    connection.

The clients are asyncssh clients in this process (80x24 pseudo-terminals).
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import pty
import random
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sessions import large_session
from ssh import KEYS, Client, connect
from vp_tui.model import changes
from vp_tui.model.flow import ROUNDS, Turn, missing_in_turn
from vp_tui.model.session import Session
from vp_tui.storage import save_session

PARTNERS = 8
SOURCE = os.environ.get("VP_SERVE_SOURCE")
"""Another checkout's ``src`` folder to serve from instead of the installed package (the
baseline: ``git archive 2c72f47 src | tar -x -C /tmp/before``, the code before issue 11)."""


@dataclass
class ServeFigures:
    """What one run measured for one number of sessions."""

    sessions: int
    cpu_per_key: float
    """Seconds of server CPU per rating key."""
    echo_p95: float
    reveal_p95: float
    per_connection_kb: float
    keys: int


def _fresh(number: int) -> Session:
    """A session of 8 partners with 20 items a list, rating, nothing rated yet."""
    session = large_session(partners=PARTNERS, items=20, events=0)
    for entry in [*session.benefits, *session.costs, *session.values]:
        entry.ratings.clear()
    session.deal.clear()
    for contribution in session.contributions:
        contribution.ratings.clear()
    session.phase = "rating"
    session.events.clear()
    return session.model_copy(update={"title": f"Bench {number}"})


def _answered(number: int) -> Session:
    """The same session with every round opened and answered by every partner."""
    session = _fresh(number)
    for round_name in ROUNDS:
        changes.open_round(session, round_name)
        for partner in session.partner_ids:
            for target in missing_in_turn(session, Turn(round_name, partner)):
                if round_name == "brings":
                    changes.set_brings(session, partner, ["Time", "Know-how"])
                else:
                    changes.rate(session, partner, target, 0 if target == "deal" else 7)
            changes.finish_turn(session, partner, round_name)
    return session


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Serve:
    """One ``vp-tui serve`` process, its console on a pseudo-terminal that this reads."""

    def __init__(self, folder: Path, session: Session, number: int) -> None:
        self.path = folder / f"bench-{number}.toml"
        save_session(session, self.path)
        self.port = _free_port()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        if SOURCE:
            environment["PYTHONPATH"] = SOURCE
        self.process = subprocess.Popen(
            [sys.executable, "-m", "vp_tui", "serve", str(self.path), "--port", str(self.port)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
            cwd=folder,
        )
        os.close(slave)
        self.master = master
        self.screen = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.codes_file = folder / ".vp-tui" / "codes" / f"{self.path.stem}.json"

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.screen += chunk

    async def ready(self) -> list[str]:
        """The partners' join codes, once the console shows and the server listens."""
        deadline = time.monotonic() + 30
        while b"Partners join" not in self.screen or not self.codes_file.exists():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"vp-tui serve did not start: {bytes(self.screen[-500:])!r}")
            await asyncio.sleep(0.1)
        return list(json.loads(self.codes_file.read_text()).values())

    def press(self, key: str) -> None:
        """A key on the facilitator's console."""
        os.write(self.master, key.encode())

    def cpu(self) -> float:
        """Seconds of CPU the process has used (user and system)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kb(self) -> int:
        """The process's resident memory."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        """q on the console, then the process ends (killed if it lingers)."""
        try:
            self.press("q")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        os.close(self.master)


async def _start(folder: Path, sessions: list[Session]) -> tuple[list[Serve], list[list[str]]]:
    serves = [Serve(folder, session, number) for number, session in enumerate(sessions)]
    codes = [await serve.ready() for serve in serves]
    return serves, codes


async def _connect_all(serves: list[Serve], codes: list[list[str]]) -> list[list[Client]]:
    return [
        [await connect(serve.port, code) for code in group]
        for serve, group in zip(serves, codes, strict=True)
    ]


async def _rating(folder: Path, count: int) -> tuple[float, list[float], float]:
    """Seconds of CPU per key, every key's echo, memory per connection (kB)."""
    serves, codes = await _start(folder, [_fresh(number) for number in range(count)])
    try:
        await asyncio.sleep(1.0)
        before = sum(serve.rss_kb() for serve in serves)
        clients = await _connect_all(serves, codes)
        everyone = [client for group in clients for client in group]
        await asyncio.gather(*(c.wait_for(b"Hello", 0, 30) for c in everyone))
        await asyncio.sleep(1.0)
        after = sum(serve.rss_kb() for serve in serves)
        for serve in serves:
            serve.press("s")  # open the first round
        await asyncio.gather(*(c.wait_for(b"Anticipated value", 0, 30) for c in everyone))
        await asyncio.sleep(1.0)

        echoes: list[float] = []
        chooser = random.Random(24)

        async def rate(client: Client) -> None:
            await asyncio.sleep(chooser.uniform(0, 0.6))
            for key in range(KEYS):
                start = len(client.received)
                digit = str((key % 9) + 1)
                client.process.stdin.write(digit.encode())
                began = time.perf_counter()
                await client.wait_for(f"[{digit}]".encode(), start)
                echoes.append(time.perf_counter() - began)
                await asyncio.sleep(chooser.uniform(0.2, 0.6))

        # The CPU of the serve processes over the rating, idle moments included: what a key
        # costs, with what keeps a server running while people think.
        cpu_before = sum(serve.cpu() for serve in serves)
        await asyncio.gather(*(rate(client) for client in everyone))
        await asyncio.sleep(0.5)  # the last frames and saves
        cpu = sum(serve.cpu() for serve in serves) - cpu_before
        for client in everyone:
            await client.close()
        return cpu / len(echoes), echoes, (after - before) / len(everyone)
    finally:
        for serve in serves:
            serve.stop()


async def _reveal(folder: Path, count: int) -> list[float]:
    """Each partner's time from r on the console to the equality view on their screen."""
    serves, codes = await _start(folder, [_answered(number) for number in range(count)])
    try:
        clients = await _connect_all(serves, codes)
        everyone = [client for group in clients for client in group]
        await asyncio.gather(*(c.wait_for(b"You have finished", 0, 30) for c in everyone))
        await asyncio.sleep(3.0)  # they have been waiting a moment (minutes, in a workshop)
        reveals: list[float] = []
        for serve, group in zip(serves, clients, strict=True):
            marks = [len(client.received) for client in group]
            serve.press("r")
            began = time.perf_counter()

            async def seen(client: Client, mark: int, began: float = began) -> None:
                await client.wait_for(b"Summary", mark, 30)
                reveals.append(time.perf_counter() - began)

            await asyncio.gather(*(seen(c, m) for c, m in zip(group, marks, strict=True)))
            await asyncio.sleep(0.5)
        for client in everyone:
            await client.close()
        return reveals
    finally:
        for serve in serves:
            serve.stop()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def measure_serve(count: int) -> ServeFigures:
    """One run of the serve benchmark with ``count`` sessions of 8 partners."""
    return asyncio.run(_measure(count))


async def _measure(count: int) -> ServeFigures:
    with tempfile.TemporaryDirectory(prefix="vp-tui-serve-bench-") as name:
        folder = Path(name)
        (folder / "rating").mkdir()
        (folder / "reveal").mkdir()
        cpu_per_key, echoes, per_connection = await _rating(folder / "rating", count)
        reveals = await _reveal(folder / "reveal", count)
    return ServeFigures(
        count, cpu_per_key, _p95(echoes), _p95(reveals), per_connection, len(echoes)
    )


if __name__ == "__main__":
    for sessions in [int(arg) for arg in sys.argv[1:]] or [6, 3]:
        print(measure_serve(sessions), flush=True)

"""One partner resizes as fast as they can: does another partner's key echo suffer?

A real ``vp-tui serve`` process (its console on a pseudo-terminal), a session of 8 partners in
the first round. The victim rates over SSH, one key at a time at a person's pace (0.1-0.3 s
between keys): the time from each key to the frame showing its rating is its echo. Another
partner, the resizer, sends window changes between 1x1 and sizes no person uses (1000x1000,
100000x100000), reading what the server draws (so never dropped for not reading).

Three phases alternate, twice, in the same run, so that all see the same machine:

alone
    Nobody resizes: the baseline.
held
    The resizer sends 50 window changes a second, just under what the server lets a
    connection keep up: every change is taken, merged with the others.
flat out
    The resizer sends them back to back, as fast as its connection takes them; the server
    drops it for that, and it connects again at once, and again.

Printed: the victim's echo p95 in each phase (target: 50 ms while the resizer storms), and
the server's resident memory 3 s after each storm against just before it, summed.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from ssh import Client, connect
from ssh_serve import Serve, _fresh

PHASES = 2
"""Rounds of the three phases (alone, held storm, flat-out storm), one after the other."""
HELD_RATE = 50.0
"""Window changes a second of the held storm: just under what the server lets one connection
send for long (terminal.WINDOW_CHANGES_PER_SECOND)."""
KEYS_PER_PHASE = 40
STORM_SIZES = [(1000, 1000), (1, 1), (100000, 100000), (3, 2), (500, 200), (80, 24)]
UP = b"\x1b[A"


@dataclass
class ResizeFigures:
    """What one run measured (times in seconds, memory in kB)."""

    baseline_p95: float
    """The victim alone."""
    held_p95: float
    """While the resizer sends window changes as fast as the server keeps its connection."""
    flood_p95: float
    """While the resizer sends them back to back, connecting again each time it is dropped."""
    flood_max: float
    resizes: int
    """Window changes the resizer sent in all."""
    drops: int
    """Times the server dropped the resizer's connection."""
    memory_left_kb: float
    """Server memory 3 s after each storm against just before it, summed over the storms."""


async def _echoes(victim: Client, keys: int, pace: list[float]) -> list[float]:
    """The victim rates the same item again and again (each digit differs from the last)."""
    echoes: list[float] = []
    for key in range(keys):
        digit = str(key % 9 + 1)
        start = len(victim.received)
        began = time.perf_counter()
        victim.process.stdin.write(digit.encode())
        await victim.wait_for(f"[{digit}]".encode(), start, 30)
        echoes.append(time.perf_counter() - began)
        victim.process.stdin.write(UP)  # back to the same item for the next key
        await asyncio.sleep(pace[key % len(pace)])
    return echoes


async def _storm(port: int, code: str, stop: asyncio.Event, rate: float | None) -> tuple[int, int]:
    """Window changes until stopped, ``rate`` a second or (None) back to back, connecting
    again whenever the server drops the connection for them; how many were sent, and how
    many connections were dropped."""
    sent = dropped = 0
    started = time.perf_counter()
    while not stop.is_set():
        resizer = await connect(port, code)
        try:
            while not stop.is_set():
                if resizer.process.channel.is_closing():
                    dropped += 1
                    break
                width, height = STORM_SIZES[sent % len(STORM_SIZES)]
                resizer.process.change_terminal_size(width, height)
                sent += 1
                if rate is not None:
                    await asyncio.sleep(max(0.0, started + sent / rate - time.perf_counter()))
                else:  # let the connection send: a client cannot queue changes faster
                    await asyncio.sleep(0.001 if sent % 8 == 0 else 0)
        except (OSError, asyncssh.Error):
            dropped += 1
        finally:
            await resizer.close()
    return sent, dropped


async def _measure(folder: Path) -> ResizeFigures:
    serve = Serve(folder, _fresh(0), 0)
    try:
        codes = await serve.ready()
        victim = await connect(serve.port, codes[0])
        await victim.wait_for(b"Hello", 0, 30)
        serve.press("s")  # open the first round
        await victim.wait_for(b"Anticipated value", 0, 30)
        await asyncio.sleep(2.0)
        pace = [0.1 + 0.2 * ((n * 7) % 10) / 10 for n in range(10)]
        echoes: dict[float | None, list[float]] = {0.0: [], HELD_RATE: [], None: []}
        resizes = drops = 0
        memory_left = 0
        for _ in range(PHASES):
            for rate in echoes:
                if rate == 0.0:  # the baseline: nobody resizes
                    echoes[rate] += await _echoes(victim, KEYS_PER_PHASE, pace)
                    continue
                before = serve.rss_kb()
                stop = asyncio.Event()
                storming = asyncio.create_task(_storm(serve.port, codes[1], stop, rate))
                await asyncio.sleep(0.5)  # the storm is under way
                echoes[rate] += await _echoes(victim, KEYS_PER_PHASE, pace)
                stop.set()
                sent, dropped = await storming
                resizes, drops = resizes + sent, drops + dropped
                await asyncio.sleep(3.0)  # the resizer has left; its last frames are gone
                memory_left += serve.rss_kb() - before
        await victim.close()
        return ResizeFigures(
            _p95(echoes[0.0]),
            _p95(echoes[HELD_RATE]),
            _p95(echoes[None]),
            max(echoes[None]),
            resizes,
            drops,
            memory_left,
        )
    finally:
        serve.stop()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def measure_resize() -> ResizeFigures:
    """One run of the resize benchmark."""
    with tempfile.TemporaryDirectory(prefix="vp-tui-resize-bench-") as name:
        return asyncio.run(_measure(Path(name)))


if __name__ == "__main__":
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
        figures = measure_resize()
        print(
            f"victim echo p95: alone {figures.baseline_p95 * 1000:.1f} ms; "
            f"resizer held to {HELD_RATE:g}/s {figures.held_p95 * 1000:.1f} ms; "
            f"resizer flat out {figures.flood_p95 * 1000:.1f} ms "
            f"(max {figures.flood_max * 1000:.0f} ms, dropped {figures.drops} times); "
            f"{figures.resizes} window changes; "
            f"server memory left {figures.memory_left_kb / 1024:+.1f} MB",
            flush=True,
        )

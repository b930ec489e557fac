"""200 connect/disconnect cycles leave tasks, file descriptors and memory where they were."""

from __future__ import annotations

import asyncio
import gc
import os
import resource

from tests.ssh.conftest import Served, Terminal, connect, eventually
from vp_tui.ssh.codes import new_code

CYCLES = 200
AT_ONCE = 4
# One partner per concurrent client: a second connection with the same code replaces the first.
CODES = {new_code(): f"partner{index}" for index in range(AT_ONCE)}
BY_PARTNER = {partner: code for code, partner in CODES.items()}


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def resident_megabytes() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


async def cycle(served: Served, index: int) -> None:
    partner = f"partner{index % AT_ONCE}"
    connection = await connect(served.port, BY_PARTNER[partner])
    screen = await Terminal.open(connection)
    await screen.wait_for(f"partner={partner}")
    if index % 2:
        screen.press(b"\x11")  # half leave through the app, half just hang up
        await screen.read_to_end()
    connection.close()
    await connection.wait_closed()


async def cycles(served: Served, count: int) -> None:
    for start in range(0, count, AT_ONCE):
        await asyncio.gather(*(cycle(served, index) for index in range(start, start + AT_ONCE)))


async def settle(served: Served) -> None:
    await eventually(
        lambda: not any(served.server.connected.values()) and not served.server._sessions
    )
    await asyncio.sleep(0.2)
    gc.collect()


async def test_connect_disconnect_cycles_leave_nothing_behind(serve) -> None:
    served = await serve(codes=CODES)
    # Imports, caches and the allocator's pools fill up first, at the same concurrency.
    await cycles(served, 6 * AT_ONCE)
    await settle(served)
    tasks, descriptors = len(asyncio.all_tasks()), open_descriptors()
    objects, memory = len(gc.get_objects()), resident_megabytes()

    await cycles(served, CYCLES)
    await settle(served)

    assert len(asyncio.all_tasks()) == tasks
    assert open_descriptors() == descriptors
    assert len(served.apps) == 0, "apps still alive after their connections closed"
    assert served.server.unauthenticated == 0
    assert not served.server._connections
    # The exact check: Python objects, not even 3 per connection (an app alone is thousands).
    assert len(gc.get_objects()) - objects < 500
    # Memory outside Python objects too (crypto contexts, buffers). The allocator keeps some
    # pages after the first few hundred apps, so a tolerance: 12 MB over 200 connections is
    # 60 KB each, where an app that stayed would be about 1 MB.
    grown = resident_megabytes() - memory
    assert grown < 12, f"resident memory grew by {grown:.1f} MB over {CYCLES} connections"

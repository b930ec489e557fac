"""While partners' apps run, the garbage collector's full passes come when the server says."""

from __future__ import annotations

import asyncio
import gc

import pytest

from tests.ssh.conftest import Terminal, connect, eventually
from vp_tui.ssh import memory


def full_passes_during(work) -> int:
    """How many full passes the collector made by itself while ``work`` ran."""
    passes = 0

    def count(phase: str, info: dict[str, int]) -> None:
        nonlocal passes
        if phase == "start" and info["generation"] == 2:
            passes += 1

    gc.callbacks.append(count)
    try:
        work()
    finally:
        gc.callbacks.remove(count)
    return passes


def build_screens() -> list[object]:
    """What a round opening does to the heap: many new objects that stay (screens), in cycles."""
    kept: list[object] = []
    for _ in range(150_000):
        node: dict[str, object] = {}
        node["self"] = node
        kept.append(node)
    return kept


async def test_no_full_pass_of_the_collector_while_partners_work(
    serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory, "SETTLE_AFTER", 0.1)
    python = gc.get_threshold()
    if python[2] == 0:  # Python 3.14's collector: incremental, no threshold for full passes
        pytest.skip("this Python's collector has no full passes to hold back")
    # Without the server, Python walks the heap again and again as the objects arrive (as
    # measured from a full pass over a small heap, whatever the tests before left).
    gc.freeze()
    gc.collect()
    try:
        assert full_passes_during(build_screens) > 0
    finally:
        gc.unfreeze()
    served = await serve()
    async with await connect(served.port) as connection:
        screen = await Terminal.open(connection)
        await screen.wait_for("partner=ana")
        await eventually(lambda: gc.get_freeze_count() > 0)  # settled: the apps set aside
        assert full_passes_during(build_screens) == 0
    # A partner leaving: what their app leaves is collectable, by Python's own passes.
    await eventually(lambda: not served.server.serving)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == python
    await served.server.close()
    assert gc.get_threshold() == python and gc.get_freeze_count() == 0


async def test_a_partner_connecting_again_and_again_sets_off_one_full_pass(
    serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory, "SETTLE_AFTER", 0.05)
    monkeypatch.setattr(memory, "SETTLE_GAP", 60.0)
    passes: list[float] = []
    monkeypatch.setattr(memory, "give_back_free_memory", lambda: passes.append(1.0))
    served = await serve()
    for _ in range(4):  # each connection starts an app and ends it
        async with await connect(served.port) as connection:
            screen = await Terminal.open(connection)
            await screen.wait_for("partner=ana")
            await eventually(lambda: bool(passes))  # the first full pass comes at once
            await asyncio.sleep(0.3)  # time enough for another, were it not held back
    assert len(passes) == 1, f"{len(passes)} full passes for 4 connections in a row"

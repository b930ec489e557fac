"""A writer killed at any moment leaves a whole session file: the old version or the new one.

A forked child saves the same path over and over, each version with its own title,
and tells the parent over a pipe which versions it finished. The parent kills it with
SIGKILL after a random few milliseconds, 200 times, and after every kill the file must
load and be the last version reported finished or the one being written after it.
"""

from __future__ import annotations

import os
import random
import re
import signal
import time
from pathlib import Path

from vp_tui.model.session import Event, Session
from vp_tui.storage import SessionFile, SessionFileError, read_session, save_session

ROUNDS = 200
MAX_DELAY = 0.015
CHILD_LIFETIME = 5.0
"""A child never outlives this, even if the parent failed to kill it."""

_VERSION = re.compile(r"^version (\d+)$")


def _bulky(session: Session) -> Session:
    """The session with a long history, so that a write takes long enough to be cut short."""
    partner = session.partner_ids[0]
    bulky = session.model_copy(deep=True)
    bulky.events = [
        Event(
            at=session.created,
            actor=partner,
            kind="note",
            target=f"general/{index}",
            value="A note long enough to make the file a few tens of kilobytes. " * 3,
        )
        for index in range(150)
    ]
    return bulky


def _version_of(session: Session) -> int:
    match = _VERSION.match(session.title)
    assert match, f"not a version written by the test: {session.title!r}"
    return int(match.group(1))


def _writer(path: Path, session: Session, first: int, report: int) -> None:
    """The child: save version after version, reporting each one finished. Never returns."""
    code = 1  # a failed save shows as exit status 1 rather than a kill
    try:
        deadline = time.monotonic() + CHILD_LIFETIME
        version = first
        while time.monotonic() < deadline:
            session.title = f"version {version}"
            save_session(session, path)
            os.write(report, f"{version}\n".encode())
            version += 1
        code = 0
    finally:
        os._exit(code)


def _finished_versions(read_end: int) -> list[int]:
    """Every version the child reported as finished (complete lines only)."""
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    lines = b"".join(chunks).split(b"\n")
    return [int(line) for line in lines[:-1]]


def _one_round(path: Path, session: Session, current: int, rng: random.Random) -> list[int]:
    """Fork a writer that starts after version ``current``, kill it, return what it finished."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        _writer(path, session, current + 1, write_end)
    os.close(write_end)
    try:
        time.sleep(rng.uniform(0.0, MAX_DELAY))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        finished = _finished_versions(read_end)
    finally:
        os.close(read_end)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
        f"the writer must still be running when it is killed (wait status {status})"
    )
    assert finished == list(range(current + 1, current + 1 + len(finished)))
    return finished


def test_a_killed_writer_never_leaves_a_corrupt_file(
    tmp_path: Path, worked_example_path: Path
) -> None:
    session = _bulky(read_session(worked_example_path))
    session.title = "version 0"
    path = tmp_path / "session.toml"
    save_session(session, path)
    assert path.stat().st_size > 20_000

    rng = random.Random(20261127)
    current = 0
    corrupt: list[str] = []
    saves = 0
    killed_mid_save = 0
    for _round in range(ROUNDS):
        leftovers = len(list(tmp_path.glob(".session.toml.*.tmp")))
        finished = _one_round(path, session, current, rng)
        saves += len(finished)
        killed_mid_save += len(list(tmp_path.glob(".session.toml.*.tmp"))) > leftovers
        last = finished[-1] if finished else current
        try:
            loaded = read_session(path)
        except SessionFileError as error:
            # Count it, put a whole file back and go on: the total tells how bad it is.
            corrupt.append(str(error))
            session.title = f"version {last + 1}"
            save_session(session, path)
            current = last + 1
            continue
        version = _version_of(loaded)
        assert version in (last, last + 1), (
            f"the file holds version {version}; the writer had finished {last}"
        )
        expected = session.model_copy()
        expected.title = loaded.title
        assert loaded == expected, "the file holds one whole session, not a mix of two"
        current = version

    print(f"{ROUNDS} kills, {saves} saves finished, {killed_mid_save} kills mid-save")
    assert len(corrupt) == 0, f"{len(corrupt)} corrupt files, the first: {corrupt[:1]}"
    # Enough whole saves to matter, even on a loaded machine (typically 100-150).
    assert saves >= ROUNDS // 10, "the writer should finish many saves in all"
    assert killed_mid_save > 0, "some kills should land in the middle of a save"
    assert current > 0

    # A kill mid-save may leave a temporary file behind; the next writer cleans up.
    leftover = tmp_path / ".session.toml.killed.tmp"
    leftover.write_text("half a session")
    assert list(tmp_path.glob(".session.toml.*.tmp"))
    store, loaded = SessionFile.open(path)
    try:
        assert not list(tmp_path.glob(".session.toml.*.tmp"))
        assert _version_of(loaded) == current
    finally:
        store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session.toml"]

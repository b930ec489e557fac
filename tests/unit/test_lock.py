"""One writer per session file, and saves that never hurt the file already there.

The lock tests use real processes: a holder that opens the file and sleeps, a contender
that must be refused at once with a message naming the file and the holder, and a
SIGKILL that must free the file for the next writer straight away.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from vp_tui.model.fields import has_control_characters
from vp_tui.storage import (
    SessionFile,
    SessionFileError,
    SessionLock,
    SessionLockedError,
    read_session,
    save_session,
)
from vp_tui.storage.lock import lock_path_for

HOLDER = """
import sys, time
from vp_tui.storage import SessionFile
store, session = SessionFile.open(sys.argv[1], holder="lock-test holder")
print("ready", flush=True)
time.sleep(120)
"""

CONTENDER = """
import json, sys, time
from vp_tui.storage import SessionFile, SessionFileError
start = time.monotonic()
try:
    store, session = SessionFile.open(sys.argv[1])
except SessionFileError as error:
    outcome = {"error": type(error).__name__, "message": str(error)}
else:
    store.close()
    outcome = {"error": None, "message": ""}
outcome["seconds"] = time.monotonic() - start
print(json.dumps(outcome))
"""

NOBODY = 65534
"""The unprivileged user id that root drops to where folder permissions must apply."""

START_TIMEOUT = 60.0
"""How long a child Python may take to start and import vp-tui (not what is measured)."""


@pytest.fixture
def session_path(tmp_path: Path, worked_example_path: Path) -> Path:
    path = tmp_path / "workshop.toml"
    shutil.copyfile(worked_example_path, path)
    return path


@pytest.fixture
def holder(session_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the session file open for writing until killed."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(session_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        assert line == "ready\n", f"the holder did not start: {line!r} {process.poll()}"
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=START_TIMEOUT)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def contend(path: Path) -> dict[str, object]:
    """Try to open ``path`` for writing from a fresh process; report what happened."""
    result = subprocess.run(
        [sys.executable, "-c", CONTENDER, str(path)],
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome: dict[str, object] = json.loads(result.stdout)
    return outcome


def check_one_line(message: str, path: Path) -> None:
    assert message.startswith(f"{path}:"), message
    assert not has_control_characters(message), f"not one clean line: {message!r}"


# --- one writer at a time -------------------------------------------------------------------


def test_a_second_process_is_refused_at_once_naming_the_holder(
    session_path: Path, holder: subprocess.Popen[str]
) -> None:
    outcome = contend(session_path)
    assert outcome["error"] == "SessionLockedError"
    assert isinstance(outcome["seconds"], float) and outcome["seconds"] < 1.0
    message = str(outcome["message"])
    check_one_line(message, session_path)
    assert f"process {holder.pid}" in message
    assert "lock-test holder" in message

    # The same in this process (a new open file description conflicts just the same).
    start = time.monotonic()
    with pytest.raises(SessionLockedError) as caught:
        SessionFile.open(session_path)
    assert time.monotonic() - start < 1.0
    assert f"process {holder.pid}" in str(caught.value)
    check_one_line(str(caught.value), session_path)


def test_a_killed_holder_frees_the_file_at_once(
    session_path: Path, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=START_TIMEOUT)
    assert holder.returncode == -signal.SIGKILL
    # The sidecar survives a SIGKILL, but the kernel dropped the lock with the process.
    assert lock_path_for(session_path).exists()

    start = time.monotonic()
    store, session = SessionFile.open(session_path)
    try:
        assert time.monotonic() - start < 1.0
        assert session == read_session(session_path)
        store.save(session)
        assert str(os.getpid()) in lock_path_for(session_path).read_text()
    finally:
        store.close()
    assert not lock_path_for(session_path).exists()
    assert read_session(session_path) == session

    # And a fresh process can open it too.
    outcome = contend(session_path)
    assert outcome["error"] is None, outcome["message"]


def test_release_removes_the_sidecar_and_frees_the_file(session_path: Path) -> None:
    sidecar = lock_path_for(session_path)
    assert sidecar == session_path.with_name(".workshop.toml.lock")
    lock = SessionLock(session_path, holder="first writer")
    lock.acquire()
    try:
        assert lock.held
        assert sidecar.exists()
        text = sidecar.read_text()
        assert "first writer" in text and f"process {os.getpid()}" in text
        with pytest.raises(SessionLockedError, match="first writer"):
            SessionLock(session_path).acquire()
    finally:
        lock.release()
    assert not lock.held
    assert not sidecar.exists()
    lock.release()  # a second release is harmless

    with SessionLock(session_path) as again:
        assert again.held and sidecar.exists()
    assert not sidecar.exists()

    store, _session = SessionFile.open(session_path)
    assert sidecar.exists()
    store.close()
    assert not sidecar.exists()
    assert sorted(p.name for p in session_path.parent.iterdir()) == ["workshop.toml"]


# --- opening and creating -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'format = "vp-tui/session"\nversion = 1\ntitle = \n',
        b'format = "vp-tui/session"\nversion = 1\ntitle = "No partners"\n',
        b"\xff\xfe not even text",
        b'format = "vp-tui/session"\nversion = 7\n',
        b"",
    ],
    ids=["bad-toml", "invalid-session", "not-utf8", "newer-version", "empty"],
)
def test_opening_a_broken_file_leaves_it_alone_and_unlocked(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    path.chmod(0o640)
    before = path.stat()

    with pytest.raises(SessionFileError) as caught:
        SessionFile.open(path)
    assert not isinstance(caught.value, SessionLockedError)
    check_one_line(str(caught.value), path)

    after = path.stat()
    assert path.read_bytes() == content
    assert (after.st_mtime_ns, after.st_mode, after.st_ino) == (
        before.st_mtime_ns,
        before.st_mode,
        before.st_ino,
    )
    assert not lock_path_for(path).exists()
    with SessionLock(path):  # nobody holds it
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.toml"]


@pytest.mark.parametrize("name", ["missing.toml", "no-such-folder/missing.toml"])
def test_opening_a_missing_file_is_a_session_file_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(SessionFileError) as caught:
        SessionFile.open(path)
    check_one_line(str(caught.value), path)
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_an_existing_file(session_path: Path) -> None:
    before = session_path.read_bytes()
    session = read_session(session_path)
    session.title = "Something else"
    with pytest.raises(SessionFileError) as caught:
        SessionFile.create(session_path, session)
    check_one_line(str(caught.value), session_path)
    assert "exists" in str(caught.value)
    assert session_path.read_bytes() == before
    assert not lock_path_for(session_path).exists()


def test_create_writes_a_new_file_and_holds_it(tmp_path: Path, worked_example_path: Path) -> None:
    session = read_session(worked_example_path)
    path = tmp_path / "new" / "workshop.toml"
    store = SessionFile.create(path, session, holder="creator")
    try:
        assert read_session(path) == session
        with pytest.raises(SessionLockedError, match="creator"):
            SessionFile.open(path)
    finally:
        store.close()
    assert not lock_path_for(path).exists()
    with pytest.raises(SessionFileError, match="not open for writing"):
        store.save(session)


# --- saving ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o604])
def test_a_save_keeps_the_file_permission_bits(session_path: Path, mode: int) -> None:
    session_path.chmod(mode)
    store, session = SessionFile.open(session_path)
    try:
        session.title = "Saved through the store"
        store.save(session)
        assert stat.S_IMODE(session_path.stat().st_mode) == mode
    finally:
        store.close()
    session.title = "Saved directly"
    save_session(session, session_path)
    assert stat.S_IMODE(session_path.stat().st_mode) == mode
    assert read_session(session_path).title == "Saved directly"


@pytest.fixture
def writable_home(tmp_path: Path) -> Iterator[Path]:
    """A folder to make read-only; as root, one an unprivileged user can reach."""
    if os.geteuid() != 0:
        yield tmp_path
        return
    home = Path(tempfile.mkdtemp(prefix="vp-tui-readonly-"))
    try:
        home.chmod(0o755)
        yield home
    finally:
        for folder in (home, *home.iterdir()):
            if folder.is_dir():
                folder.chmod(0o755)
        shutil.rmtree(home)


def _outcome(action: Callable[[], object]) -> str:
    """Run ``action``: "ok", or the name of the exception it raised and its message."""
    try:
        action()
    except BaseException as error:
        return f"{type(error).__name__} {error}"
    return "ok"


def unprivileged(action: Callable[[], object]) -> tuple[str, str]:
    """Run ``action`` where folder permissions apply; return (exception name, message).

    As root, permissions do not bind, so the action runs in a forked child that drops
    to the ``nobody`` user first (and the test is skipped if that is not allowed).
    """
    if os.geteuid() != 0:
        kind, _, message = _outcome(action).partition(" ")
        return kind, message
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            try:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            except OSError as error:
                outcome = f"SKIP cannot drop root: {error}"
            else:
                outcome = _outcome(action)
            os.write(write_end, outcome.encode("utf-8", "replace"))
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        chunks = []
        while chunk := os.read(read_end, 65536):
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    outcome = b"".join(chunks).decode()
    if outcome.startswith("SKIP"):
        pytest.skip(outcome)
    kind, _, message = outcome.partition(" ")
    return kind, message


@pytest.fixture
def read_only_folder(writable_home: Path, worked_example_path: Path) -> Iterator[Path]:
    """A folder holding ``workshop.toml``, made read-only for the duration of the test."""
    folder = writable_home / "sessions"
    folder.mkdir()
    shutil.copyfile(worked_example_path, folder / "workshop.toml")
    (folder / "workshop.toml").chmod(0o644)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_a_save_into_a_read_only_folder_is_a_session_file_error(read_only_folder: Path) -> None:
    path = read_only_folder / "workshop.toml"
    before = path.read_bytes()
    read_only_folder.chmod(0o755)
    store, session = SessionFile.open(path)  # opened while it was still writable
    try:
        read_only_folder.chmod(0o555)
        session.title = "A change that cannot be saved"
        kind, message = unprivileged(lambda: store.save(session))
        assert kind == "SessionFileError", f"{kind}: {message}"
        check_one_line(message, path)
        assert "cannot save" in message
    finally:
        read_only_folder.chmod(0o755)
        store.close()
    assert path.read_bytes() == before
    assert read_session(path).title != session.title
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["workshop.toml"]


@pytest.mark.parametrize("name", ["new.toml", "sub/new.toml"])
def test_creating_in_a_read_only_folder_is_a_session_file_error(
    read_only_folder: Path, worked_example_path: Path, name: str
) -> None:
    session = read_session(worked_example_path)
    path = read_only_folder / name
    kind, message = unprivileged(lambda: SessionFile.create(path, session))
    assert kind == "SessionFileError", f"{kind}: {message}"
    check_one_line(message, path)
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["workshop.toml"]


def test_opening_in_a_read_only_folder_is_a_session_file_error(read_only_folder: Path) -> None:
    path = read_only_folder / "workshop.toml"
    before = path.read_bytes()
    kind, message = unprivileged(lambda: SessionFile.open(path))
    assert kind == "SessionFileError", f"{kind}: {message}"
    check_one_line(message, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["workshop.toml"]

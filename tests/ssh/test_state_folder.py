"""The state folder is trusted only when it is what the server made; codes read back from it are
checked like new ones; a complete session's codes expire.

Given a sessions folder whose ``.vp-tui`` another local user could tamper with, when the server
starts, then it refuses in one line and changes nothing, or serves the codes it made itself.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.flows.conftest import write_session
from vp_tui.live.session import LiveSession
from vp_tui.ssh import state
from vp_tui.ssh.codes import is_well_formed
from vp_tui.ssh.state import StateError, join_codes, state_dir

OTHER_UID = 65534  # "nobody": a user who is not the one running the server
ANA = "KQ7M-9XRT-H4"
BEN = "W3CP-DEFG-7N"

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="only root can give a file to another user"
)


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir()
    return folder


@pytest.fixture
def live(sessions: Path) -> Iterator[LiveSession]:
    opened = LiveSession.open(write_session(sessions, partners=("ana", "ben")), holder="test")
    yield opened
    opened.close()


def codes_file(sessions: Path, live: LiveSession) -> Path:
    assert live.path is not None
    return state_dir(sessions) / "codes" / f"{live.path.stem}.json"


def plant(path: Path, text: str | bytes, mode: int = 0o600) -> None:
    """Write a file as the server would (its folders 0700), whatever is in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in (path.parent, path.parent.parent):
        os.chmod(folder, 0o700)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    os.chmod(path, mode)


def everything_under(*roots: Path) -> dict[str, tuple[int, int, bytes | str | None]]:
    """Each path's mode, owner and content (a link's target), links not followed."""
    seen: dict[str, tuple[int, int, bytes | str | None]] = {}
    for root in roots:
        for folder, names, files in os.walk(root):
            for path in [Path(folder)] + [Path(folder, name) for name in names + files]:
                status = path.lstat()
                content: bytes | str | None = None
                if stat.S_ISLNK(status.st_mode):
                    content = os.readlink(path)
                elif stat.S_ISREG(status.st_mode):
                    content = path.read_bytes()
                seen[str(path)] = (status.st_mode, status.st_uid, content)
    return seen


def refused(sessions: Path, live: LiveSession, match: str) -> str:
    """join_codes refuses, in one line matching ``match``."""
    with pytest.raises(StateError, match=match) as error:
        join_codes(state_dir(sessions), live)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_state_folder_that_is_a_link_is_refused_and_its_target_left_alone(
    sessions: Path, live: LiveSession, tmp_path: Path
) -> None:
    open_to_all = tmp_path / "tmp-like"
    open_to_all.mkdir()
    os.chmod(open_to_all, 0o1777)
    state_dir(sessions).symlink_to(open_to_all)
    before = everything_under(open_to_all, sessions)

    refused(sessions, live, r"\.vp-tui is a symbolic link")

    assert everything_under(open_to_all, sessions) == before
    assert stat.S_IMODE(open_to_all.stat().st_mode) == 0o1777


def test_a_codes_folder_that_is_a_link_is_refused(
    sessions: Path, live: LiveSession, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    plant(codes_file(tmp_path / "x", live), json.dumps({"ana": ANA, "ben": BEN}))
    (tmp_path / "x" / ".vp-tui" / "codes").rename(elsewhere)
    state_dir(sessions).mkdir(mode=0o700)
    (state_dir(sessions) / "codes").symlink_to(elsewhere)
    before = everything_under(elsewhere, sessions)

    refused(sessions, live, r"join codes folder .*codes is a symbolic link")

    assert everything_under(elsewhere, sessions) == before


@pytest.mark.parametrize("writable", ["state folder", "codes folder", "codes file"])
def test_what_other_users_can_change_is_refused_as_it_is(
    sessions: Path, live: LiveSession, writable: str
) -> None:
    path = codes_file(sessions, live)
    plant(path, json.dumps({"ana": ANA, "ben": BEN}))
    loose = {
        "state folder": path.parent.parent,
        "codes folder": path.parent,
        "codes file": path,
    }[writable]
    os.chmod(loose, 0o777 if loose.is_dir() else 0o666)
    before = everything_under(sessions)

    message = refused(sessions, live, r"can be changed by other users \(mode 0[67]{3}\)")

    assert str(loose) in message
    assert everything_under(sessions) == before


@needs_root
def test_a_codes_file_planted_by_another_user_is_refused(sessions: Path, live: LiveSession) -> None:
    path = codes_file(sessions, live)
    plant(path, json.dumps({"ana": ANA, "ben": BEN}))
    os.chown(path, OTHER_UID, OTHER_UID)
    before = everything_under(sessions)

    message = refused(sessions, live, "belongs to another user")

    assert str(path) in message
    assert everything_under(sessions) == before


@needs_root
def test_a_state_folder_made_by_another_user_is_refused(sessions: Path, live: LiveSession) -> None:
    folder = state_dir(sessions)
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_UID, OTHER_UID)

    refused(sessions, live, r"the state folder .*\.vp-tui belongs to another user \(uid 65534\)")

    assert list(folder.iterdir()) == []


BAD_FILES = {
    "a code too short": (json.dumps({"ana": "a", "ben": BEN}), "malformed code for 'ana'"),
    "a code of no letters": (json.dumps({"ana": "-" * 10, "ben": BEN}), "malformed code"),
    "a code of other characters": (json.dumps({"ana": "IIII-OOOO-LL", "ben": BEN}), "malformed"),
    "not JSON": ("ana = KQ7M", r"is not JSON \(Expecting value, line 1\)"),
    "not UTF-8": (b"\xff\xfe{}", "is not UTF-8"),
    "a list": (json.dumps([ANA, BEN]), "does not map each partner to a code"),
    "a number for a code": (json.dumps({"ana": 7, "ben": BEN}), "does not map each partner"),
    "one code twice": (
        json.dumps({"ana": ANA, "ben": ANA.lower().replace("-", "")}),
        "gives 'ana' and 'ben' the same code",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_codes_file_is_refused_in_one_line_and_kept(
    sessions: Path, live: LiveSession, case: str
) -> None:
    content, problem = BAD_FILES[case]
    path = codes_file(sessions, live)
    plant(path, content)
    before = everything_under(sessions)

    message = refused(sessions, live, problem)

    assert message.startswith(f"the join codes file {path} ")
    assert message.endswith("move it away to give every partner a new code")
    assert everything_under(sessions) == before


def test_a_codes_file_that_cannot_be_read_is_refused_and_kept(
    sessions: Path, live: LiveSession
) -> None:
    path = codes_file(sessions, live)
    path.mkdir(parents=True, mode=0o700)  # unreadable as a file, even by root
    before = everything_under(sessions)

    refused(sessions, live, r"cannot read the join codes file .*: it is not a regular file")

    assert everything_under(sessions) == before


def test_once_fixed_the_good_codes_are_kept_and_a_partner_without_one_gets_one(
    sessions: Path, live: LiveSession
) -> None:
    path = codes_file(sessions, live)
    plant(path, json.dumps({"ana": ANA, "ben": "a"}))
    refused(sessions, live, "malformed code for 'ben'")

    plant(path, json.dumps({"ana": ANA, "cy": "XXXX-XXXX-XX"}))  # fixed, but no ben, a cy
    codes = join_codes(state_dir(sessions), live)

    assert codes["ana"] == ANA
    assert set(codes) == {"ana", "ben"}  # a partner not in the session logs no one in
    assert is_well_formed(codes["ben"]) and codes["ben"] != ANA
    assert json.loads(path.read_text()) == codes
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_complete_session_mints_no_code_and_its_codes_expire(
    sessions: Path, live: LiveSession
) -> None:
    path = codes_file(sessions, live)
    plant(path, json.dumps({"ana": ANA, "ben": BEN}))
    live.set_phase("complete")

    refused(sessions, live, r"the session is complete, so there is nothing to join")

    assert not path.exists()
    assert path.parent.is_dir()


def test_expired_codes_are_removed_once_and_never_through_a_link(
    sessions: Path, live: LiveSession, tmp_path: Path
) -> None:
    assert live.path is not None
    path = codes_file(sessions, live)
    plant(path, json.dumps({"ana": ANA, "ben": BEN}))

    state.expire_codes(state_dir(sessions), live.path)
    assert not path.exists()
    state.expire_codes(state_dir(sessions), live.path)  # already expired: nothing to do

    plant(path, json.dumps({"ana": ANA, "ben": BEN}))
    path.parent.rename(tmp_path / "elsewhere")
    path.parent.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(StateError, match="is a symbolic link"):
        state.expire_codes(state_dir(sessions), live.path)
    assert (tmp_path / "elsewhere" / path.name).exists()


def serve(session: Path) -> subprocess.CompletedProcess[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return subprocess.run(
        [sys.executable, "-m", "vp_tui", "serve", "--port", str(port), str(session)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_serve_refuses_a_planted_code_in_one_line_and_changes_nothing(
    sessions: Path, tmp_path: Path
) -> None:
    session = write_session(sessions)
    path = state_dir(sessions) / "codes" / f"{session.stem}.json"
    plant(path, json.dumps({"ana": "2345-6789-23", "ben": "----------"}))
    before = everything_under(sessions)

    result = serve(session)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"vp-tui serve: the join codes file {path} has a malformed code for 'ben' (not 10 of "
        "the characters a code is made of); fix it, or move it away to give every partner a "
        "new code"
    ]
    assert everything_under(sessions) == before


def test_serve_refuses_a_complete_session_in_one_line(sessions: Path) -> None:
    session = write_session(sessions, phase="complete")

    result = serve(session)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"vp-tui serve: {session}: the session is complete, so there is nothing to join and its "
        f"join codes have expired; show the result with `vp-tui report {session}`"
    ]
    assert not (state_dir(sessions) / "codes" / f"{session.stem}.json").exists()

"""The private state folder of a sessions folder: the host key and the join codes kept so that a
restarted server keeps them.

The folder is trusted only when it is what the server made (DESIGN.md section 5): the folder,
its codes folder and each file read from them belong to the user running the server, are not
symbolic links, and cannot be changed by other users. Anything else refuses the start with a
one-line StateError and changes nothing. Every file is reached through a descriptor of its
folder, and every name is opened with O_NOFOLLOW, so a link swapped in after a check is never
followed, and nothing is ever chmod-ed through one.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vp_tui.ssh.codes import format_code, is_well_formed, new_code, normalise

if TYPE_CHECKING:
    from vp_tui.live.session import LiveSession

STATE_FOLDER = ".vp-tui"
"""The sessions folder's private state: the host key and the join codes (0700)."""

HOST_KEY_NAME = "ssh_host_ed25519_key"
"""The host key's file name in the state folder (OpenSSH's own name for it)."""

CODES_FOLDER = "codes"
"""The state folder's folder of join codes, one file per session: ``<session stem>.json``."""

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: a planted FIFO is opened without waiting for a writer, then refused by fstat.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class StateError(ValueError):
    """A state folder or file the server may not trust or use; the message is one line."""


@dataclass(frozen=True)
class Folder:
    """A trusted folder held open: its files are opened relative to the descriptor."""

    path: Path
    descriptor: int
    mode: int

    def make_private(self) -> None:
        """Tighten the folder to 0700 (once everything in it has been judged, so that a
        refusal changes nothing); a folder that cannot be changed is left as it is."""
        if self.mode != 0o700:
            with contextlib.suppress(OSError):
                os.fchmod(self.descriptor, 0o700)


def state_dir(sessions_dir: Path) -> Path:
    """The private state folder of a sessions folder."""
    return sessions_dir / STATE_FOLDER


@contextlib.contextmanager
def private_folder(
    path: Path, what: str = "the state folder", inside: Folder | None = None
) -> Iterator[Folder]:
    """The folder (``path`` names it; ``inside`` holds it when given), made 0700 if missing.

    An existing folder must be ours, real and closed to other users' writes; one that others
    may write is refused. One that others may only read or enter (the umask of whoever made
    it) is ours and nobody else could have changed what is in it: make_private() tightens it.
    """
    name: str | Path = path.name if inside is not None else path
    parent = inside.descriptor if inside is not None else None
    if inside is None:
        path.parent.mkdir(parents=True, exist_ok=True)  # the sessions folder: not ours to judge
    try:
        descriptor = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
    except FileNotFoundError:
        try:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o700, dir_fd=parent)
            descriptor = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
        except OSError as error:
            raise _refusal(what, path, error, name, parent) from None
    except OSError as error:
        raise _refusal(what, path, error, name, parent) from None
    try:
        status = os.fstat(descriptor)
        _check_trusted(status, what, path, private_mode=0o700)
        yield Folder(path, descriptor, stat.S_IMODE(status.st_mode))
    finally:
        os.close(descriptor)


def read_private_file(
    folder: Folder, name: str, what: str, *, secret: bool = False
) -> bytes | None:
    """A file's bytes, or None when it is missing; refused unless it is ours, regular and
    closed to other users' writes (and, when ``secret``, to their reads too)."""
    path = folder.path / name
    try:
        descriptor = os.open(name, _READ_FLAGS, dir_fd=folder.descriptor)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _refusal(what, path, error, name, folder.descriptor) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise StateError(f"cannot read {what} {path}: it is not a regular file")
        _check_trusted(status, what, path, private_mode=0o600, secret=secret)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    except OSError as error:
        raise StateError(f"cannot read {what} {path}: {_reason(error)}") from None
    finally:
        os.close(descriptor)


def write_private_file(
    folder: Folder, name: str, data: bytes, what: str, *, replace: bool = True
) -> None:
    """Publish a complete 0600 file under ``name``; without ``replace``, a file already there
    (one that another process wrote first) is kept instead."""
    temporary = f".{name}.{secrets.token_hex(4)}.tmp"
    at = folder.descriptor
    try:
        descriptor = os.open(temporary, _CREATE_FLAGS, 0o600, dir_fd=at)
        with os.fdopen(descriptor, "wb") as stream:
            os.fchmod(descriptor, 0o600)
            stream.write(data)
            stream.flush()
            os.fsync(descriptor)
        if replace:
            os.replace(temporary, name, src_dir_fd=at, dst_dir_fd=at)
        else:
            # A hard link publishes the complete file and fails rather than replace one.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, name, src_dir_fd=at, dst_dir_fd=at, follow_symlinks=False)
        os.fsync(at)  # the new name must survive a crash too, not only the bytes
    except OSError as error:
        raise StateError(f"cannot write {what} {folder.path / name}: {_reason(error)}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=at)


def join_codes(folder: Path, live: LiveSession) -> dict[str, str]:
    """Each partner's join code (partner id -> code), kept so that a restarted server keeps
    them: partners reconnect with the code they were given.

    The codes file is checked like a new code; a bad one is refused (StateError), never
    replaced. A partner without a code gets a new one. A complete session has nothing to
    join: its codes expire and a StateError says so.
    """
    assert live.path is not None
    if live.session.phase == "complete":
        expire_codes(folder, live.path)
        raise StateError(
            f"{live.path}: the session is complete, so there is nothing to join and its join "
            f"codes have expired; show the result with `vp-tui report {live.path}`"
        )
    name = _codes_name(live.path)
    with private_folder(folder) as state:
        # Everything already in the folder is judged before anything is written to it.
        read_private_file(state, HOST_KEY_NAME, "the host key", secret=True)
        with private_folder(folder / CODES_FOLDER, "the join codes folder", state) as codes_folder:
            data = read_private_file(codes_folder, name, "the join codes file")
            known = {} if data is None else _read_codes(codes_folder.path / name, data)
            codes = {
                partner: known[partner] for partner in live.session.partner_ids if partner in known
            }
            for partner in live.session.partner_ids:
                codes.setdefault(partner, _another_code(codes.values()))
            state.make_private()
            codes_folder.make_private()
            if codes != known:
                text = json.dumps(codes, indent=2).encode("utf-8")
                write_private_file(codes_folder, name, text, "the join codes file")
    return {partner: format_code(code) for partner, code in codes.items()}


def expire_codes(folder: Path, session_path: Path) -> None:
    """Remove the join codes of a session (once it is complete): its codes log no one in.

    A missing file is already expired; an untrusted folder is refused (StateError) and left
    as it is.
    """
    name = _codes_name(session_path)
    if not os.path.lexists(folder / CODES_FOLDER / name):
        return
    with (
        private_folder(folder) as state,
        private_folder(folder / CODES_FOLDER, "the join codes folder", state) as codes_folder,
    ):
        try:
            os.unlink(name, dir_fd=codes_folder.descriptor)
            os.fsync(codes_folder.descriptor)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StateError(
                f"cannot remove the join codes file {codes_folder.path / name}: {_reason(error)}"
            ) from None


def _codes_name(session_path: Path) -> str:
    return f"{session_path.stem}.json"


def _read_codes(path: Path, data: bytes) -> dict[str, str]:
    """The codes of a codes file, each checked like a new one, or a StateError saying what is
    wrong with the file."""
    advice = "fix it, or move it away to give every partner a new code"
    try:
        known = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StateError(f"the join codes file {path} is not UTF-8 text; {advice}") from None
    except json.JSONDecodeError as error:
        raise StateError(
            f"the join codes file {path} is not JSON ({error.msg}, line {error.lineno}); {advice}"
        ) from None
    if not isinstance(known, dict) or not all(isinstance(code, str) for code in known.values()):
        raise StateError(
            f"the join codes file {path} does not map each partner to a code; {advice}"
        )
    owners: dict[str, str] = {}
    for partner, code in known.items():
        if not is_well_formed(code):
            raise StateError(
                f"the join codes file {path} has a malformed code for {partner!r} (not 10 of "
                f"the characters a code is made of); {advice}"
            )
        other = owners.setdefault(normalise(code), partner)
        if other != partner:
            raise StateError(
                f"the join codes file {path} gives {other!r} and {partner!r} the same code; {advice}"
            )
    return known


def _another_code(taken: Iterable[str]) -> str:
    """A new code that no partner has yet (a clash is all but impossible; ruling it out is free)."""
    used = {normalise(code) for code in taken}
    while True:
        code = new_code()
        if normalise(code) not in used:
            return code


def _check_trusted(
    status: os.stat_result, what: str, path: Path, *, private_mode: int, secret: bool = False
) -> None:
    me = os.geteuid()
    if status.st_uid != me:
        raise StateError(
            f"{what} {path} belongs to another user (uid {status.st_uid}), not to the one "
            f"running the server (uid {me}); it may have been planted: remove it if you did "
            "not put it there"
        )
    mode = stat.S_IMODE(status.st_mode)
    if secret and mode & 0o077:
        raise StateError(
            f"{what} {path} is open to other users (mode {mode:04o}); "
            f"make it private with `chmod {private_mode:o} {path}`"
        )
    if mode & 0o022:
        raise StateError(
            f"{what} {path} can be changed by other users (mode {mode:04o}), so it may have "
            f"been tampered with; check it, then `chmod {private_mode:o} {path}`"
        )


def _refusal(
    what: str, path: Path, error: OSError, name: str | Path, parent: int | None
) -> StateError:
    with contextlib.suppress(OSError):
        if stat.S_ISLNK(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
            return StateError(
                f"{what} {path} is a symbolic link; the server keeps its state only in "
                "folders and files of its own: remove the link"
            )
    return StateError(f"cannot open {what} {path}: {_reason(error)}")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)

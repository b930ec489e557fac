"""The server's Ed25519 host key: made once, kept private, never silently replaced."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import asyncssh

HOST_KEY_NAME = "ssh_host_ed25519_key"
"""The key's file name in the state folder (OpenSSH's own name for it)."""

_ALGORITHM = "ssh-ed25519"


class HostKeyError(ValueError):
    """A host key that exists but cannot be used, with a one-line message saying what to do."""


def host_key_path(state_dir: Path) -> Path:
    """Where the host key of a state folder lives."""
    return state_dir / HOST_KEY_NAME


def load_or_create_host_key(state_dir: Path) -> asyncssh.SSHKey:
    """The host key in the state folder, generated there (0600 in a 0700 folder) on first use."""
    _ensure_private_folder(state_dir)
    path = host_key_path(state_dir)
    if not path.exists():
        _create_key(path)
    return _read_key(path)


def fingerprint(key: asyncssh.SSHKey) -> str:
    """The key's SHA256 fingerprint as OpenSSH prints it ("SHA256:...")."""
    return key.get_fingerprint("sha256")


def _ensure_private_folder(state_dir: Path) -> None:
    try:
        state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise HostKeyError(
            f"cannot create the state folder {state_dir}: {_reason(error)}"
        ) from None
    # mkdir's mode is filtered by the umask, and a parent made with parents=True (or by other
    # code) gets the default mode: the folder is private whoever made it. A folder we may not
    # chmod is left as it is; the key file's own mode is what is checked before use.
    with contextlib.suppress(OSError):
        if stat.S_IMODE(state_dir.stat().st_mode) & 0o077:
            os.chmod(state_dir, 0o700)


def _create_key(path: Path) -> None:
    key = asyncssh.generate_private_key(_ALGORITHM, comment="vp-tui host key")
    data = key.export_private_key("openssh")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, data)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        # A hard link publishes the complete file under its name, and fails rather than replace
        # a key that another process wrote first: a key, once made, is never overwritten.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
        _sync_folder(path.parent)
    except OSError as error:
        raise HostKeyError(f"cannot write the host key {path}: {_reason(error)}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _read_key(path: Path) -> asyncssh.SSHKey:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as error:
        raise HostKeyError(f"cannot read the host key {path}: {_reason(error)}") from None
    if mode & 0o077:
        raise HostKeyError(
            f"the host key {path} is open to other users (mode {mode:04o}); "
            f"make it private with `chmod 600 {path}`"
        )
    try:
        key = asyncssh.read_private_key(path)
    except OSError as error:
        raise HostKeyError(f"cannot read the host key {path}: {_reason(error)}") from None
    except ValueError as error:  # asyncssh's KeyImportError is a ValueError
        raise HostKeyError(
            f"the host key {path} is not a readable private key ({error}); "
            "move it away to make a new one (partners' ssh will then warn that the key changed)"
        ) from None
    if key.get_algorithm() != _ALGORITHM:
        raise HostKeyError(
            f"the host key {path} is a {key.get_algorithm()} key, not {_ALGORITHM}; "
            "move it away to make a new one"
        )
    return key


def _sync_folder(folder: Path) -> None:
    # The new name must survive a crash too, not only the file's bytes.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)

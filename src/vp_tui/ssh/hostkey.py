"""The server's Ed25519 host key: made once, kept private, never silently replaced."""

from __future__ import annotations

from pathlib import Path

import asyncssh

from vp_tui.ssh.state import (
    HOST_KEY_NAME,
    StateError,
    private_folder,
    read_private_file,
    write_private_file,
)

_ALGORITHM = "ssh-ed25519"
_WHAT = "the host key"


class HostKeyError(StateError):
    """A host key that exists but cannot be used, with a one-line message saying what to do."""


def host_key_path(state_dir: Path) -> Path:
    """Where the host key of a state folder lives."""
    return state_dir / HOST_KEY_NAME


def load_or_create_host_key(state_dir: Path) -> asyncssh.SSHKey:
    """The host key in the state folder, generated there (0600 in a 0700 folder) on first use.

    The folder and the key must be the server's own (see vp_tui.ssh.state): a key planted by
    another user, or reached through a symbolic link, is refused and left as it is.
    """
    path = host_key_path(state_dir)
    try:
        with private_folder(state_dir) as folder:
            data = read_private_file(folder, HOST_KEY_NAME, _WHAT, secret=True)
            if data is None:
                write_private_file(folder, HOST_KEY_NAME, _new_key(), _WHAT, replace=False)
                # Whichever key was published first (another process may have won).
                data = read_private_file(folder, HOST_KEY_NAME, _WHAT, secret=True) or b""
            key = _import_key(path, data)
            folder.make_private()
    except HostKeyError:
        raise
    except StateError as error:
        raise HostKeyError(str(error)) from None
    return key


def fingerprint(key: asyncssh.SSHKey) -> str:
    """The key's SHA256 fingerprint as OpenSSH prints it ("SHA256:...")."""
    return key.get_fingerprint("sha256")


def _new_key() -> bytes:
    key = asyncssh.generate_private_key(_ALGORITHM, comment="vp-tui host key")
    return bytes(key.export_private_key("openssh"))


def _import_key(path: Path, data: bytes) -> asyncssh.SSHKey:
    try:
        key = asyncssh.import_private_key(data)
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

"""The example sessions shipped with vp-tui, copied into a sessions folder: never over a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vp_tui.storage.paths import EXAMPLES_DIR, session_files

PRIVATE = 0o600
"""Like every new session file: private to its owner."""

Outcome = Literal["copied", "same", "different"]
"""Copied; already there with the same content; a different file of that name left alone."""


@dataclass(frozen=True)
class ExampleCopy:
    """What copying one example did."""

    target: Path
    outcome: Outcome


def copy_examples(folder: Path, examples: Path = EXAMPLES_DIR) -> list[ExampleCopy]:
    """Copy every example session into ``folder`` (made if missing), never over a file.

    Raises ``OSError`` when the folder cannot be made or written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for source in session_files(examples):
        target = folder / source.name
        data = source.read_bytes()
        if _write_new(target, data):
            done.append(ExampleCopy(target, "copied"))
        else:
            same = _read_or_none(target) == data
            done.append(ExampleCopy(target, "same" if same else "different"))
    return done


def _write_new(target: Path, data: bytes) -> bool:
    """Write a new file whole (written and synced aside, then linked in); False if one is there.

    Linking, unlike renaming, never replaces a file that appeared in the meantime.
    """
    if target.exists():
        return False
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, PRIVATE)
        try:
            os.link(temporary, target)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: create it exclusively instead
            return _write_exclusively(target, data)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    _sync_folder(target.parent)
    return True


def _write_exclusively(target: Path, data: bytes) -> bool:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)  # ours, and only part written
        raise
    return True


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (where the system allows a folder to be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None

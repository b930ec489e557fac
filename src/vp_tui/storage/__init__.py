"""Session files on disk: clear errors on load, atomic saves, one writer at a time."""

from vp_tui.storage.errors import SessionFileError, SessionLockedError
from vp_tui.storage.load import parse_session, read_session
from vp_tui.storage.lock import SessionLock
from vp_tui.storage.save import atomic_write, save_session, session_to_toml
from vp_tui.storage.writer import SessionFile

__all__ = [
    "SessionFile",
    "SessionFileError",
    "SessionLock",
    "SessionLockedError",
    "atomic_write",
    "parse_session",
    "read_session",
    "save_session",
    "session_to_toml",
]

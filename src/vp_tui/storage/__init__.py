"""Session files on disk: clear errors on load, atomic saves, one writer at a time.

Names are imported on first use, so that ``vp-tui validate`` loads only the reading code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vp_tui.lazy import lazy_names

if TYPE_CHECKING:
    from vp_tui.storage.errors import SessionFileError, SessionLockedError
    from vp_tui.storage.load import parse_session, read_session
    from vp_tui.storage.lock import SessionLock
    from vp_tui.storage.save import atomic_write, save_session, session_to_toml
    from vp_tui.storage.writer import SessionFile

_HOMES = {
    "SessionFileError": "errors",
    "SessionLockedError": "errors",
    "parse_session": "load",
    "read_session": "load",
    "SessionLock": "lock",
    "atomic_write": "save",
    "save_session": "save",
    "session_to_toml": "save",
    "SessionFile": "writer",
}


__getattr__ = lazy_names(__name__, _HOMES)


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

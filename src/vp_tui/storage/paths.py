"""Where sessions live, and how new session files are named."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

SESSIONS_ENV = "VP_TUI_SESSIONS"
DEFAULT_SESSIONS_DIR = "sessions"


def sessions_dir(option: str | None = None) -> Path:
    """The sessions folder: ``--sessions-dir``, else ``$VP_TUI_SESSIONS``, else ``./sessions``."""
    chosen = option or os.environ.get(SESSIONS_ENV) or DEFAULT_SESSIONS_DIR
    return Path(chosen)


def session_files(folder: Path) -> list[Path]:
    """The session files in a folder, by name (hidden and temporary files left out)."""
    if not folder.is_dir():
        return []
    return sorted(
        path for path in folder.glob("*.toml") if not path.name.startswith(".") and path.is_file()
    )


def slugify(text: str, *, fallback: str = "session", max_length: int = 40) -> str:
    """A file-name-safe slug of a title: ``Ana & Ben — JV`` gives ``ana-ben-jv``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or fallback


def new_session_path(folder: Path, title: str, created: datetime) -> Path:
    """A file name for a new session that no existing file uses."""
    stem = f"{created:%Y-%m-%d}-{slugify(title)}"
    candidate = folder / f"{stem}.toml"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.toml"
        number += 1
    return candidate

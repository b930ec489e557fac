"""Where sessions live, and how new session files are named."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

SESSIONS_ENV = "VP_TUI_SESSIONS"
DEFAULT_SESSIONS_DIR = "sessions"
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
"""The example sessions shipped with vp-tui: listed as examples, read-only unless copied."""


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


def shown_path(folder: Path) -> str:
    """A folder's full path as the user should see it: absolute, the home folder as ``~``."""
    full = Path(os.path.abspath(folder))
    try:
        inside_home = full.relative_to(Path.home())
    except (ValueError, RuntimeError):  # outside the home folder, or no home folder known
        return str(full)
    return "~" if inside_home == Path() else f"~{os.sep}{inside_home}"


def copy_name(folder: Path, name: str) -> Path:
    """Where a copy of a file called ``name`` goes in ``folder``: its name, else ``NAME-2``..."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, number = folder / name, 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


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

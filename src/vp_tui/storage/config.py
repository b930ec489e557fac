"""The user's settings that last between runs: theme, sessions folder, the facilitator's PIN
and their own HTML report templates.

They live in ``$XDG_CONFIG_HOME/vp-tui/config.toml`` (``~/.config/vp-tui/config.toml``
by default), never in a session file. A broken file never stops the app: reading it
gives the settings that could be read and one line saying what is wrong. The PIN is
kept as a salted scrypt hash, so the file never holds it in plain.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

CONFIG_ENV = "XDG_CONFIG_HOME"
CONFIG_NAME = "config.toml"
KEYS = ("theme", "sessions_dir", "pin", "html_templates")
"""The keys the file may hold."""

PIN_LENGTHS = range(4, 33)
"""A PIN is 4 to 32 characters."""

# scrypt's cost: about 50 ms, once per PIN typed, so that a stolen file is slow to guess.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_SALT_BYTES = 16
_HASH_BYTES = 32


class ConfigError(Exception):
    """The settings file cannot be read or written; the message is one line."""


@dataclass(frozen=True)
class Config:
    """The settings: None where the user has chosen nothing."""

    theme: str | None = None
    sessions_dir: str | None = None
    """The default sessions folder (``--sessions-dir`` and ``$VP_TUI_SESSIONS`` win)."""
    pin: str | None = None
    """The PIN's salted hash (``hash_pin``), never the PIN itself."""
    html_templates: str | None = None
    """A folder of the facilitator's own HTML report templates, which win over the shipped
    ones of the same name (``~`` is the home folder; a relative path is relative to the
    settings file's folder)."""

    def with_changes(self, **changes: str | None) -> Config:
        """A copy with some settings changed."""
        return replace(self, **changes)


def config_path() -> Path:
    """Where the settings live: ``$XDG_CONFIG_HOME/vp-tui/config.toml``."""
    base = os.environ.get(CONFIG_ENV) or str(Path.home() / ".config")
    return Path(base) / "vp-tui" / CONFIG_NAME


def html_templates_folder(config: Config, path: Path | None = None) -> Path | None:
    """The folder of the facilitator's own HTML templates, as a full path (None: none set)."""
    if config.html_templates is None:
        return None
    folder = Path(config.html_templates).expanduser()
    return folder if folder.is_absolute() else (path or config_path()).parent / folder


def read_config(path: Path | None = None) -> tuple[Config, str | None]:
    """The settings, and one line saying what is wrong with the file (None when nothing is).

    A missing file is no settings and no problem. A setting with a wrong value is left
    out; the others are still used.
    """
    path = path or config_path()
    config, problems = _read(path)
    if not problems:
        return config, None
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return config, f"{path}: {problems[0]}{more}; ignored"


def _read(path: Path) -> tuple[Config, list[str]]:
    """The settings that could be read, and what is wrong with the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(), []
    except UnicodeDecodeError:
        return Config(), ["not UTF-8 text"]
    except OSError as error:
        return Config(), [f"cannot be read ({error.strerror or error})"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(), [f"not valid TOML ({error})"]
    fields: dict[str, str] = {}
    problems: list[str] = []
    for key, value in data.items():
        if key not in KEYS:
            problems.append(f"unknown setting {key!r}")
        elif not isinstance(value, str) or not value.strip() or not value.isprintable():
            problems.append(f"{key}: must be one line of text")
        elif key == "pin" and not _is_pin_hash(value):
            problems.append("pin: not a PIN hash written by vp-tui")
        else:
            fields[key] = value
    return Config(**fields), problems


def write_config(config: Config, path: Path | None = None) -> None:
    """Save the settings atomically, readable by their owner only (0600).

    Raises ``ConfigError`` (one line) when the file cannot be written.
    """
    import tomli_w

    from vp_tui.storage.save import atomic_write

    path = path or config_path()
    data: dict[str, Any] = {key: getattr(config, key) for key in KEYS if getattr(config, key)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, tomli_w.dumps(data).encode("utf-8"), mode=0o600)
    except OSError as error:
        raise ConfigError(f"{path}: cannot be written ({error.strerror or error})") from error


def update_config(path: Path | None = None, **changes: str | None) -> Config:
    """Change some settings in the file and keep the others as they are.

    A file that cannot be read whole is not overwritten: the user may be editing it.
    """
    path = path or config_path()
    config, problems = _read(path)
    if problems:
        raise ConfigError(f"{path}: {problems[0]}; fix or remove it first")
    config = config.with_changes(**changes)
    write_config(config, path)
    return config


# The PIN --------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=_HASH_BYTES
    )


def hash_pin(pin: str) -> str:
    """The PIN as a salted scrypt hash: ``scrypt$N$r$p$salt$hash`` (base64)."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(pin, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parts(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return None
        numbers = int(n), int(r), int(p)
        if not (2 <= numbers[0] <= 2**20 and 1 <= numbers[1] <= 32 and 1 <= numbers[2] <= 16):
            return None
        raw_salt = base64.b64decode(salt, validate=True)
        raw_digest = base64.b64decode(digest, validate=True)
    except ValueError:
        return None
    if len(raw_digest) != _HASH_BYTES or not raw_salt:
        return None
    return (*numbers, raw_salt, raw_digest)


def _is_pin_hash(stored: str) -> bool:
    return _parts(stored) is not None


def check_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN whose hash is ``stored`` (compared in constant time)."""
    parts = _parts(stored)
    if parts is None:
        return False
    n, r, p, salt, digest = parts
    try:
        candidate = _scrypt(pin, salt, n, r, p)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate, digest)


def pin_problem(pin: str) -> str | None:
    """Why a new PIN cannot be used, or None."""
    if len(pin) not in PIN_LENGTHS:
        return f"A PIN has {PIN_LENGTHS.start} to {PIN_LENGTHS.stop - 1} characters."
    if not pin.isprintable() or pin != pin.strip():
        return "A PIN is letters, digits or signs, without spaces around them."
    return None

"""Read session files: every way a file can be wrong becomes one ``SessionFileError``."""

from __future__ import annotations

import re
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vp_tui.model.session import FORMAT, VERSION, Session
from vp_tui.storage.errors import SessionFileError
from vp_tui.storage.locate import locate, split_path

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")
_RATING_PATH = re.compile(r"^(benefits|costs|values|contributions)\[\d+\]\.ratings\.[^.]+$")
_DEAL_PATH = re.compile(r"^deal\.[^.]+$")
_UNION_MEMBER = re.compile(r"^events\[\d+\]\.value\b")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def read_session(path: str | Path) -> Session:
    """Load and validate a session file; never modifies it."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SessionFileError(name, f"cannot read the file: {error.strerror or error}") from None
    return parse_session(data, name)


def parse_session(data: bytes | str, source: str = "<session>") -> Session:
    """Parse and validate the text of a session file named ``source`` in messages."""
    text = _decode(data, source)
    document = _parse_toml(text, source)
    _check_format(document, text, source)
    try:
        return Session.model_validate(document)
    except ValidationError as error:
        problems = _describe(error, text, source)
        first = problems[0]
        raise SessionFileError(
            source,
            first.message,
            field=first.field,
            line=first.line,
            problems=[p.line_text for p in problems],
        ) from None
    except RecursionError:
        raise SessionFileError(source, "the document is nested too deeply") from None


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SessionFileError(
            source, f"not UTF-8 text (byte {error.start + 1})", line=line
        ) from None


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position and position.group(1) else None
        if position:
            message = message[: position.start()]
        raise SessionFileError(source, f"invalid TOML: {message}", line=line) from None
    except RecursionError:
        raise SessionFileError(source, "invalid TOML: nested too deeply") from None


def _check_format(document: dict[str, Any], text: str, source: str) -> None:
    """Refuse other kinds of file, and files written by a newer vp-tui, before anything else."""
    file_format = document.get("format")
    if file_format != FORMAT:
        got = "missing" if file_format is None else f"{_shorten(file_format)} found"
        raise SessionFileError(
            source,
            f'not a vp-tui session file (format = "{FORMAT}" expected, {got})',
            field="format",
            line=locate(text, ["format"]),
        )
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise SessionFileError(
            source,
            f"the file is format version {version}, newer than this program reads "
            f"(versions 1 to {VERSION}); update vp-tui to open it",
            field="version",
            line=locate(text, ["version"]),
        )


class _Problem:
    __slots__ = ("field", "line", "line_text", "message")

    def __init__(self, source: str, field: str, message: str, line: int | None) -> None:
        self.field = field
        self.message = message
        self.line = line
        self.line_text = SessionFileError._format(source, field or None, line, message)


def _describe(error: ValidationError, text: str, source: str) -> list[_Problem]:
    problems: list[_Problem] = []
    seen: set[str] = set()
    for detail in error.errors(include_url=False):
        context = detail.get("ctx") or {}
        if detail["type"] == "vp_reference":
            field = str(context["path"])
            message = str(context["message"])
            parts = split_path(field)
        else:
            parts = [part for part in detail["loc"] if part != "[key]"]
            field = _path(detail["loc"])
            message = _message(detail, field)
            member = _UNION_MEMBER.match(field)
            if member:
                field = member.group(0)
                parts = parts[:3]
                message = (
                    "must be an integer, true or false, a date, a text of at most 2,000 "
                    "characters or a list of item names"
                )
        if field in seen:
            continue
        seen.add(field)
        problems.append(_Problem(source, field, message, locate(text, parts)))
    return problems


def _path(loc: tuple[int | str, ...]) -> str:
    """Write a pydantic location as ``values[3].ratings.ben``."""
    path = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            key = _key(part)
            path += f".{key}" if path else key
    return path


def _key(name: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted with control characters escaped."""
    if _BARE_KEY.match(name):
        return name
    escaped = ""
    for char in name:
        if char in '"\\':
            escaped += "\\" + char
        elif char.isprintable():
            escaped += char
        else:
            code = ord(char)
            escaped += f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return '"' + (escaped if len(escaped) <= 40 else escaped[:37] + "...") + '"'


def _shorten(value: object) -> str:
    """A safe, short rendering of a value found in a file (repr escapes control characters)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value.isoformat() if isinstance(value, date | time) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _message(detail: Any, field: str) -> str:
    kind = detail["type"]
    value = detail.get("input")
    context = detail.get("ctx") or {}
    got = f", got {_shorten(value)}"
    if _RATING_PATH.match(field) and kind in {"int_type", "greater_than_equal", "less_than_equal"}:
        return f"a rating must be a whole number from 0 to 10{got}"
    if _DEAL_PATH.match(field) and kind in {"int_type", "greater_than_equal", "less_than_equal"}:
        return f"a deal answer must be a whole number from -3 to 3{got}"
    if "[key]" in detail["loc"]:
        return f"partner ids are lowercase letters, digits and '-'{got}"
    if kind == "missing":
        return "missing (required)"
    if kind == "extra_forbidden":
        return "unknown key (not part of the session format)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"too long ({len(value)} characters, at most {context.get('max_length')})"
    if kind == "string_pattern_mismatch" and field.endswith("carried_from"):
        return f"must be a session file's name, without a folder{got}"
    if kind == "string_pattern_mismatch":
        return f"must be lowercase letters, digits and single '-' between them{got}"
    if kind == "too_short" and field == "partners":
        return f"a session needs 2 to 8 partners, found {len(value)}"
    if kind == "too_long" and field == "partners":
        return f"a session needs 2 to 8 partners, found {len(value)}"
    if kind == "int_type":
        return f"must be a whole number{got}"
    if kind in {"float_type", "finite_number"}:
        return f"must be a number{got}"
    if kind == "string_type":
        return f"must be a text{got}"
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        expected = "a list" if kind == "list_type" else "a table"
        return f"must be {expected}{got}"
    if kind == "datetime_type":
        return f"must be a date and time such as 2026-11-27T10:00:00Z{got}"
    if kind == "value_error":
        return str(detail["msg"]).removeprefix("Value error, ")
    message = str(detail["msg"])
    message = message[:1].lower() + message[1:]
    return message.replace("Input should", "should").replace("input should", "should") + got

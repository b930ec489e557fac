"""Find the line of a TOML document where a field path (``values[3].ratings.ben``) is written.

tomllib keeps no positions, so this reads the text the way a person would: it
follows table headers (``[thresholds]``, ``[[values]]``) and keys. It is a best
effort used only to point a user at the right place in an invalid file.
"""

from __future__ import annotations

import re
import tomllib

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.]""")
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(path: str) -> list[str | int]:
    """Split ``values[3].ratings.ben`` into ``["values", 3, "ratings", "ben"]``."""
    parts: list[str | int] = []
    for name, index in _PART.findall(path):
        parts.append(int(index) if index else name)
    return parts


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        if key[0] == '"' and "\\" in key:
            try:  # a basic string: let TOML itself decode the escapes
                return str(tomllib.loads(f"k = {key}")["k"])
            except tomllib.TOMLDecodeError:
                pass
        return key[1:-1]
    return key


def locate(text: str, path: list[str | int]) -> int | None:
    """The 1-based line where the field at ``path`` (or its nearest parent) is written."""
    if not path:
        return None
    lines = text.splitlines()
    top = path[0]
    if not isinstance(top, str):
        return None
    # Where each table starts: [name] once, [[name]] once per array element.
    table_start: dict[str, int] = {}
    array_starts: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header:
            name = header.group(2).strip()
            if header.group(1) == "[[":
                array_starts.setdefault(name, []).append(number)
            else:
                table_start.setdefault(name, number)

    def section_end(start: int) -> int:
        for number in range(start + 1, len(lines)):
            if _HEADER.match(lines[number]):
                return number
        return len(lines)

    def find_key(key: str, start: int, end: int) -> int | None:
        for number in range(start, end):
            found = _KEY.match(lines[number])
            if found and _unquote(found.group(1)) == key:
                return number
        return None

    if top in array_starts and (len(path) == 1 or not isinstance(path[1], int)):
        # The array as a whole (too few or too many entries): its first [[header]].
        return array_starts[top][0] + 1

    if top in array_starts and len(path) >= 2 and isinstance(path[1], int):
        starts = array_starts[top]
        if path[1] >= len(starts):
            return starts[-1] + 1
        start = starts[path[1]]
        best = start
        if len(path) >= 3 and isinstance(path[2], str):
            key_line = find_key(path[2], start + 1, section_end(start))
            if key_line is not None:
                best = key_line
            else:
                sub = table_start.get(f"{top}.{path[2]}")
                if sub is not None and sub > start:
                    best = sub
                    if len(path) >= 4 and isinstance(path[3], str):
                        deeper = find_key(path[3], sub + 1, section_end(sub))
                        best = deeper if deeper is not None else best
        return best + 1

    if top in table_start:
        start = table_start[top]
        if len(path) >= 2 and isinstance(path[1], str):
            key_line = find_key(path[1], start + 1, section_end(start))
            if key_line is not None:
                return key_line + 1
        return start + 1

    # A top-level key, written before the first table header (or inline).
    first_header = next((n for n, line in enumerate(lines) if _HEADER.match(line)), len(lines))
    key_line = find_key(top, 0, first_header)
    return key_line + 1 if key_line is not None else None

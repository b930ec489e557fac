"""Column layout that respects wide characters (CJK takes two cells, combining marks none)."""

from __future__ import annotations

import unicodedata


def cell_width(text: str) -> int:
    """How many terminal cells a text takes."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def clip(text: str, width: int) -> str:
    """Cut a text to fit ``width`` cells, marking the cut with an ellipsis."""
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = cell_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…"


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad a text with spaces to ``width`` cells, on the left when ``right`` aligned."""
    fill = " " * max(0, width - cell_width(text))
    return fill + text if right else text + fill


def wrap(text: str, width: int, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Wrap a text to lines of at most ``width`` cells, cutting a word only when it cannot fit."""
    following = indent if subsequent is None else subsequent
    lines: list[str] = []
    line, prefix = "", indent
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if cell_width(prefix + candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(prefix + line)
            prefix = following
        line = ""
        for char in word:  # a word wider than a line: cut it by cells
            if line and cell_width(prefix + line + char) > width:
                lines.append(prefix + line)
                prefix, line = following, ""
            line += char
    if line or not lines:
        lines.append(prefix + line)
    return lines

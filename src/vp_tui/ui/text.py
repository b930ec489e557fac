"""User text on screen: always literal, never markup.

Names, items and notes are typed by one person and shown to another. The model
already refuses control characters; here they become ``Content`` (or rich
``Text``) objects, which Textual displays as they are: ``[b]x[/b]`` stays those
characters and ``[@click=app.quit]`` does nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content


def plain(text: str) -> Content:
    """User text as content that is displayed literally."""
    return Content(text)


def plain_cell(text: str, *, style: str = "", justify: str = "left") -> Text:
    """User text for a DataTable cell (a str cell would be read as markup)."""
    return Text(text, style=style, justify=justify, no_wrap=True, overflow="ellipsis")  # type: ignore[arg-type]

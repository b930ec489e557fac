"""A tiny HTML builder that escapes every piece of text unless it is already markup.

User text (titles, names, items, notes) reaches the page only as a plain ``str`` child
or attribute value, and a plain ``str`` is always escaped; only ``Html`` values, made
by this module, pass through as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TypeAlias

_TAG = re.compile(r"^[a-zA-Z][a-zA-Z0-9]*$")
_VOID = frozenset({"meta", "br", "hr", "col", "wbr"})
_SVG_EMPTY = frozenset({"rect", "line", "circle", "path"})

Child: TypeAlias = "str | int | float | Iterable[Child] | None"
"""What an element may hold: text (escaped), figures, markup, nothing, or a list of those."""
AttrValue: TypeAlias = str | int | float | bool | None


class Html(str):
    """A piece of markup that is already safe to put in a page: never escaped again."""

    __slots__ = ()


def escape(text: str) -> Html:
    """Plain text made inert in HTML, quotes included."""
    return Html(html.escape(text, quote=True))


def _attribute_name(name: str) -> str:
    # class_ -> class, aria_label -> aria-label, text_anchor -> text-anchor; viewBox stays.
    return name.rstrip("_").replace("_", "-")


def _attributes(attrs: dict[str, AttrValue]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        key = _attribute_name(name)
        if value is True:
            parts.append(f" {key}")
        else:
            parts.append(f' {key}="{html.escape(str(value), quote=True)}"')
    return "".join(parts)


def _children(children: Iterable[Child]) -> str:
    out: list[str] = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, Html):
            out.append(child)
        elif isinstance(child, str):
            out.append(html.escape(child, quote=True))
        elif isinstance(child, int | float):
            out.append(html.escape(str(child), quote=True))
        else:
            out.append(_children(child))
    return "".join(out)


def fragment(*children: Child) -> Html:
    """Several children side by side, text escaped, markup kept."""
    return Html(_children(children))


def el(tag: str, *children: Child, **attrs: AttrValue) -> Html:
    """One element: ``el("td", name, class_="num")``; text children and attributes escaped."""
    if not _TAG.match(tag):
        raise ValueError(f"not a tag name: {tag!r}")
    opening = f"<{tag}{_attributes(attrs)}"
    if tag in _VOID:
        return Html(opening + ">")
    inner = _children(children)
    if not inner and tag in _SVG_EMPTY:
        return Html(opening + "/>")
    return Html(f"{opening}>{inner}</{tag}>")

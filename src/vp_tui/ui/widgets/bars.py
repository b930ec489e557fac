"""Horizontal bars drawn with block characters, on one shared scale.

A bar is plain characters (readable without colour); colour is added by the caller.
Benefit and cost run from 0 to ``scale``; the net runs from ``-scale`` to ``+scale``
around an axis, with the same number of cells per unit as the other bars, so that the
bars of one table can be compared by eye.
"""

from __future__ import annotations

from rich.text import Text

_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
_FULL = "█"
_RIGHT_HALF = "▐"
AXIS = "│"


def bar(value: float | None, scale: float, width: int) -> str:
    """A bar growing rightwards, ``width`` cells for ``scale``, drawn to an eighth of a cell."""
    if value is None or width <= 0:
        return " " * max(width, 0)
    value = min(max(value, 0.0), scale)
    eighths = round(value / scale * width * 8)
    full, part = divmod(eighths, 8)
    return (_FULL * full + _EIGHTHS[part]).ljust(width)


def left_bar(value: float | None, scale: float, width: int) -> str:
    """A bar growing leftwards from the right edge, drawn to half a cell."""
    if value is None or width <= 0:
        return " " * max(width, 0)
    value = min(max(value, 0.0), scale)
    halves = round(value / scale * width * 2)
    full, half = divmod(halves, 2)
    return ((_RIGHT_HALF if half else "") + _FULL * full).rjust(width)


def signed_bar(value: float | None, scale: float, half_width: int) -> tuple[str, str]:
    """The two halves of a bar on ``-scale..+scale``: what lies left and right of the axis."""
    if value is None:
        return " " * half_width, " " * half_width
    if value < 0:
        return left_bar(-value, scale, half_width), " " * half_width
    return " " * half_width, bar(value, scale, half_width)


def bar_cell(figure: str, value: float | None, scale: float, width: int, style: str) -> Text:
    """A table cell: the figure, then its bar in ``style``."""
    cell = Text(no_wrap=True, overflow="crop")
    cell.append(figure.rjust(5) + " ")
    cell.append(bar(value, scale, width), style=style)
    return cell


def signed_bar_cell(
    figure: str,
    value: float | None,
    scale: float,
    half_width: int,
    styles: tuple[str, str],
) -> Text:
    """A table cell: the signed figure, then its bar around the axis.

    ``styles`` are the styles of a negative and of a positive bar.
    """
    left, right = signed_bar(value, scale, half_width)
    cell = Text(no_wrap=True, overflow="crop")
    cell.append(figure.rjust(6) + " ")
    cell.append(left, style=styles[0])
    cell.append(AXIS, style="dim")
    cell.append(right, style=styles[1])
    return cell

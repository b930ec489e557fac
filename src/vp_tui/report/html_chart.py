"""Anticipated value as inline SVG: each partner's benefit, cost and net as bars on one scale."""

from __future__ import annotations

import math
from dataclasses import dataclass

from vp_tui.model.fields import RATING_MAX
from vp_tui.report.html_builder import Html, el, fragment
from vp_tui.report.sections import figure

WIDTH = 760
LABEL_RIGHT = 92
"""Where the row labels (benefit, cost, net) end."""
PLOT_LEFT, PLOT_RIGHT = 100, 700
BAR, ROW = 16, 22
NAME_ROW = 24
GROUP_GAP = 12
AXIS = 26
TOP = 4


@dataclass(frozen=True)
class BarGroup:
    """One partner's three figures, ``None`` when ratings are missing."""

    name: str
    benefit: float | None
    cost: float | None
    net: float | None


def _scale(groups: list[BarGroup]) -> tuple[int, int]:
    """The one range every bar shares: from the lowest net (or 0) to the top of the ratings."""
    nets = [g.net for g in groups if g.net is not None]
    low = min(0, math.floor(min(nets, default=0)))
    return low, RATING_MAX


def net_bars(groups: list[BarGroup]) -> Html:
    """Benefit, cost and net per partner as horizontal bars on one shared scale."""
    low, high = _scale(groups)

    def x(value: float) -> float:
        return round(PLOT_LEFT + (value - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT), 1)

    group_height = NAME_ROW + 3 * ROW + GROUP_GAP
    plot_bottom = TOP + group_height * len(groups)
    height = plot_bottom + AXIS
    ticks = range(low, high + 1, 1 if high - low <= 12 else 2)
    axis = [
        el("text", str(tick), x=x(tick), y=plot_bottom + 17, text_anchor="middle", class_="axis")
        for tick in ticks
    ]
    rows = []
    for index, group in enumerate(groups):
        top = TOP + index * group_height
        rows.append(el("text", group.name, x=0, y=top + 17, class_="partner"))
        # Grid lines only behind the bars, so that a long name above them stays clear.
        bars_top, bars_bottom = top + NAME_ROW - 3, top + NAME_ROW + 3 * ROW - 3
        for tick in ticks:
            css = "zero" if tick == 0 else "grid"
            rows.append(el("line", x1=x(tick), x2=x(tick), y1=bars_top, y2=bars_bottom, class_=css))
        bars = (("benefit", group.benefit), ("cost", group.cost), ("net", group.net))
        for position, (label, value) in enumerate(bars):
            y = top + NAME_ROW + position * ROW
            rows.append(
                el("text", label, x=LABEL_RIGHT, y=y + BAR - 3, text_anchor="end", class_="axis")
            )
            if value is None:
                rows.append(
                    el("text", "not rated yet", x=x(0) + 6, y=y + BAR - 3, class_="missing")
                )
                continue
            start, end = sorted((x(0), x(value)))
            css = "loss" if label == "net" and value < 0 else label
            rows.append(
                el("rect", x=start, y=y, width=round(end - start, 1), height=BAR, class_=css)
            )
            text = figure(value, signed=label == "net")
            rows.append(el("text", text, x=max(end, x(0)) + 6, y=y + BAR - 3))
    return el(
        "svg",
        el(
            "title",
            f"Benefit, cost and net per partner, on one scale from {low} to {high}",
        ),
        fragment(rows, axis),
        class_="bars",
        viewBox=f"0 0 {WIDTH} {height}",
        role="img",
    )

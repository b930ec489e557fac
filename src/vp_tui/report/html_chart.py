"""Anticipated value as a bar chart: each partner's benefit, cost and net on one scale.

This module only measures: it says where each bar, line and label goes. The markup is
drawn by the ``chart.svg.j2`` template, so a facilitator's own templates can restyle it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from vp_tui.model.fields import RATING_MAX
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


@dataclass(frozen=True)
class Label:
    """A piece of text on the chart; ``css``: partner, axis, missing or "" (a figure)."""

    x: float
    y: float
    text: str
    css: str = ""
    anchor: str = "start"


@dataclass(frozen=True)
class Line:
    """A vertical grid line; ``css``: grid, or zero for the line at 0."""

    x: float
    top: float
    bottom: float
    css: str


@dataclass(frozen=True)
class Bar:
    """One bar; ``css``: benefit, cost, net, or loss (a net below zero)."""

    x: float
    y: float
    width: float
    height: float
    css: str


@dataclass(frozen=True)
class Chart:
    """Everything the chart template draws, in the coordinates of ``width`` x ``height``."""

    title: str
    width: int
    height: int
    labels: list[Label] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)


def _scale(groups: list[BarGroup]) -> tuple[int, int]:
    """The one range every bar shares: from the lowest net (or 0) to the top of the ratings."""
    nets = [g.net for g in groups if g.net is not None]
    low = min(0, math.floor(min(nets, default=0)))
    return low, RATING_MAX


def net_bars(groups: list[BarGroup]) -> Chart:
    """Benefit, cost and net per partner as horizontal bars on one shared scale."""
    low, high = _scale(groups)

    def x(value: float) -> float:
        return round(PLOT_LEFT + (value - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT), 1)

    group_height = NAME_ROW + 3 * ROW + GROUP_GAP
    plot_bottom = TOP + group_height * len(groups)
    ticks = range(low, high + 1, 1 if high - low <= 12 else 2)
    chart = Chart(
        f"Benefit, cost and net per partner, on one scale from {low} to {high}",
        WIDTH,
        plot_bottom + AXIS,
    )
    for index, group in enumerate(groups):
        top = TOP + index * group_height
        chart.labels.append(Label(0, top + 17, group.name, "partner"))
        # Grid lines only behind the bars, so that a long name above them stays clear.
        bars_top, bars_bottom = top + NAME_ROW - 3, top + NAME_ROW + 3 * ROW - 3
        for tick in ticks:
            css = "zero" if tick == 0 else "grid"
            chart.lines.append(Line(x(tick), bars_top, bars_bottom, css))
        bars = (("benefit", group.benefit), ("cost", group.cost), ("net", group.net))
        for position, (label, value) in enumerate(bars):
            y = top + NAME_ROW + position * ROW
            chart.labels.append(Label(LABEL_RIGHT, y + BAR - 3, label, "axis", "end"))
            if value is None:
                chart.labels.append(Label(x(0) + 6, y + BAR - 3, "not rated yet", "missing"))
                continue
            start, end = sorted((x(0), x(value)))
            css = "loss" if label == "net" and value < 0 else label
            chart.bars.append(Bar(start, y, round(end - start, 1), BAR, css))
            text = figure(value, signed=label == "net")
            chart.labels.append(Label(max(end, x(0)) + 6, y + BAR - 3, text))
    chart.labels.extend(
        Label(x(tick), plot_bottom + 17, str(tick), "axis", "middle") for tick in ticks
    )
    return chart

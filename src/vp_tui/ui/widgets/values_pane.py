"""Shared values: every value with each partner's rating, its gap and status, worst first."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from vp_tui.report.layout import partner_labels
from vp_tui.report.sections import figure
from vp_tui.ui.widgets.item_table import (
    PADDING,
    Column,
    ItemTable,
    fitted,
    rating_cell,
    split,
)
from vp_tui.ui.widgets.pane import RevealPane
from vp_tui.ui.widgets.reveal import Reveal
from vp_tui.ui.widgets.verdict import verdict_content, verdict_text

DEALBREAKER = "✱"


class ValuesPane(RevealPane):
    """One row a value, the worst on top; Enter shows a value's ratings and notes."""

    component = "values"

    def compose(self) -> ComposeResult:
        yield Static(id="values-heading", classes="pane-heading")
        yield ItemTable(id="values-table")
        yield Static(id="values-legend", classes="muted")

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        score = reveal.view.values
        self.query_one("#values-heading", Static).update(
            Content.assemble(
                "Shared values: ",
                verdict_content(score.verdict, plain=self.plain),
                f"  largest gap {figure(score.gap)}",
                ("  worst first", "$text-muted"),
            )
        )
        ids = reveal.ids
        gap_width, status_width = 3, 13
        ordered = reveal.values_worst_first()
        marks = {
            item.item: " ".join(
                mark
                for mark in (
                    DEALBREAKER if item.dealbreaker else "",
                    reveal.note_marks(self.component, f"values/{item.item}"),
                )
                if mark
            )
            for item in ordered
        }
        item_width, rating_width = split(
            width - gap_width - status_width - (len(ids) + 3) * PADDING - 2,
            [f"{item.item}  {marks[item.item]}" for item in ordered],
            [name for _, name in reveal.partners],
        )
        labels = partner_labels(reveal.partners, rating_width)
        columns = [
            Column("Value", item_width),
            *(Column(labels.labels[pid], rating_width) for pid in ids),
            Column("Gap", gap_width),
            Column("Status", status_width),
        ]
        marker = reveal.theme.get("warning", "yellow") + " bold"
        rows: list[tuple[str, list[Any]]] = []
        for item in ordered:
            cells: list[Any] = [fitted(item.item, item_width, marks=marks[item.item])]
            for pid in ids:
                cell = rating_cell(item.ratings.get(pid))
                if pid in item.dealbreaker:
                    cell.append(DEALBREAKER, style=marker)
                cells.append(cell)
            gap = "-" if item.gap is None else f"{item.gap:g}"
            cells += [
                Text(gap, justify="right"),
                verdict_text(item.verdict, reveal.theme, plain=self.plain),
            ]
            rows.append((f"values/{item.item}", cells))
        self.query_one("#values-table", ItemTable).refill(columns, rows)
        aligned = reveal.session.thresholds.aligned
        legend = (
            f"{DEALBREAKER} dealbreaker: any gap above {aligned:g} is out of sync. "
            "Gap = highest - lowest. ✎ notes"
        )
        if labels.legend:
            legend += "\n" + labels.legend_text()
        self.query_one("#values-legend", Static).update(Content(legend))

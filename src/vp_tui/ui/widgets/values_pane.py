"""Shared values: every value with each partner's rating, its gap and status, worst first."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from vp_tui.report.layout import partner_labels
from vp_tui.report.prompts import meanings_differ
from vp_tui.report.sections import figure
from vp_tui.ui.widgets.item_table import (
    PADDING,
    Column,
    ItemTable,
    fitted,
    rating_cell,
    split,
)
from vp_tui.ui.widgets.pane import RevealPane, show_line
from vp_tui.ui.widgets.reveal import Reveal
from vp_tui.ui.widgets.verdict import verdict_content, verdict_text

DEALBREAKER = "✱"
DIFFERENT = "≠"
"""Marks a value whose lines of what it means in practice differ."""


def meaning_lines(reveal: Reveal) -> list[Content]:
    """What each value means to each partner in practice, side by side with their names,
    and a prompt to talk where the lines differ (even when the ratings agree)."""
    lines: list[Content] = []
    for entry in reveal.session.values:
        if not entry.meaning:
            continue
        # One line a partner, the names in a column: the lines read side by side.
        width = max(Content(reveal.name(pid)).cell_length for pid in reveal.ids) + 1
        lines.append(Content.styled(entry.item, "bold underline"))
        lines.extend(
            Content.assemble(
                "  ",
                Content.styled(f"{reveal.name(pid)}:", "bold").pad_right(
                    width - Content(reveal.name(pid)).cell_length - 1
                ),
                " ",
                entry.meaning.get(pid, "—"),
            )
            for pid in reveal.ids
        )
        if meanings_differ(entry):
            lines.append(
                Content.styled(
                    f"  {DIFFERENT} Different lines: talk about what {entry.item} looks like "
                    "in practice, even where the ratings agree.",
                    "$text-warning",
                )
            )
    if lines:
        lines.insert(0, Content.styled("In practice, in each partner's words", "bold"))
    return lines


class ValuesPane(RevealPane):
    """One row a value, the worst on top; Enter shows a value's ratings and notes."""

    component = "values"

    def compose(self) -> ComposeResult:
        yield Static(id="values-heading", classes="pane-heading")
        yield ItemTable(id="values-table")
        yield Static(id="values-again")
        yield Static(id="values-meanings")
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
        differ = {entry.item for entry in reveal.session.values if meanings_differ(entry)}
        marks = {
            item.item: " ".join(
                mark
                for mark in (
                    DEALBREAKER if item.dealbreaker else "",
                    DIFFERENT if item.item in differ else "",
                    reveal.again_mark("value", item.item),
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
        if differ:
            legend += f" {DIFFERENT} lines differ"
        show_line(self.query_one("#values-again", Static), reveal.again_line("value"))
        meanings = self.query_one("#values-meanings", Static)
        lines = meaning_lines(reveal)
        meanings.display = bool(lines)
        meanings.update(Content("\n").join(lines))
        if labels.legend:
            legend += "\n" + labels.legend_text()
        self.query_one("#values-legend", Static).update(Content(legend))

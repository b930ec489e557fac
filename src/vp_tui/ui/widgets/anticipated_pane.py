"""Anticipated value: each partner's benefit, cost and net as bars; is it equal, does it feel so."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from vp_tui.model.scoring import Verdict
from vp_tui.model.wording import DEAL_LEGEND
from vp_tui.report.layout import cell_width, partner_labels
from vp_tui.report.sections import figure
from vp_tui.ui.widgets.bars import bar_cell, signed_bar_cell
from vp_tui.ui.widgets.item_table import (
    PADDING,
    Column,
    ItemTable,
    fitted,
    rating_cell,
    split,
)
from vp_tui.ui.widgets.pane import RevealPane, show_line
from vp_tui.ui.widgets.reveal import DEAL_SHORT, Reveal, deal_figure
from vp_tui.ui.widgets.verdict import verdict_content

SCALE = 10.0
"""Benefit and cost bars run from 0 to SCALE, the net from -SCALE to +SCALE."""


class AnticipatedPane(RevealPane):
    """The bars table (one row a partner) above the benefit and cost items."""

    component = "anticipated"

    def compose(self) -> ComposeResult:
        yield Static(id="anticipated-heading", classes="pane-heading")
        with Horizontal(id="anticipated-questions"):
            yield Static(id="is-equal")
            yield Static(id="feels-equal")
        yield Static(
            "The figures and the feeling disagree: talk about why.",
            id="anticipated-disagree",
            classes="at-risk",
        )
        yield ItemTable(id="anticipated-partners")
        yield Static(id="anticipated-again")
        yield Static(
            DEAL_LEGEND,
            id="anticipated-legend",
            classes="muted",
        )
        yield ItemTable(id="anticipated-items")

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        score = reveal.view.anticipated
        self.query_one("#anticipated-heading", Static).update(
            Content.assemble(
                "Anticipated value: ",
                verdict_content(score.verdict, plain=self.plain),
                ("  the worse of the two answers below", "$text-muted"),
            )
        )
        self.query_one("#is-equal", Static).update(
            Content.assemble(
                "Is it equal? ",
                verdict_content(score.net_verdict, plain=self.plain),
                f"  gap {figure(score.gap)}",
            )
        )
        self.query_one("#feels-equal", Static).update(
            Content.assemble(
                "Does it feel equal? ", verdict_content(score.deal_verdict, plain=self.plain)
            )
        )
        complete = Verdict.INCOMPLETE not in (score.net_verdict, score.deal_verdict)
        self.query_one("#anticipated-disagree").display = (
            complete and score.net_verdict is not score.deal_verdict
        )
        self._fill_partners(reveal, width)
        self._fill_items(reveal, width)

    def _fill_partners(self, reveal: Reveal, width: int) -> None:
        score = reveal.view.anticipated
        theme = reveal.theme
        marks = {pid: reveal.partner_marks(self.component, "net", pid) for pid in reveal.ids}
        show_line(self.query_one("#anticipated-again", Static), reveal.again_line("net"))
        wanted = max(
            cell_width(name) + (cell_width(marks[pid]) + 1 if marks[pid] else 0)
            for pid, name in reveal.partners
        )
        name_width = max(8, min(20, wanted, width // 6))
        # The figures take 6 + 6 + 8 cells and a deal answer 4, or 31 in words when the bars
        # keep at least 10 cells; one unit is as long in every bar.
        free = width - name_width - 20 - 5 * PADDING - 2
        words = free - 31 >= 4 * 10
        deal_width = 31 if words else 4
        bar_width = max(4, min(25, (free - deal_width) // 4))
        styles = (theme.get("error", "red"), theme.get("primary", "blue"))
        rows: list[tuple[str, list[Any]]] = []
        for pid, name in reveal.partners:
            value = score.partners[pid]
            deal = deal_figure(value.deal)
            if words and value.deal is not None:
                deal += " " + DEAL_SHORT[value.deal]
            benefit, cost, net = value.benefit, value.cost, value.net
            rows.append(
                (
                    f"partner/{pid}",
                    [
                        fitted(name, name_width, marks=marks[pid]),
                        bar_cell(
                            figure(benefit), benefit, SCALE, bar_width, theme.get("success", "")
                        ),
                        bar_cell(figure(cost), cost, SCALE, bar_width, theme.get("warning", "")),
                        signed_bar_cell(figure(net, signed=True), net, SCALE, bar_width, styles),
                        Text(deal, no_wrap=True, overflow="ellipsis"),
                    ],
                )
            )
        self.query_one("#anticipated-partners", ItemTable).refill(
            [
                Column("Partner", name_width),
                Column("Benefit 0..10", 6 + bar_width),
                Column("Cost 0..10", 6 + bar_width),
                Column("Net -10..+10", 8 + 2 * bar_width),
                Column("Deal", deal_width),
            ],
            rows,
        )

    def _fill_items(self, reveal: Reveal, width: int) -> None:
        ids = reveal.ids
        kind_width = 7
        entries = [
            (list_name, kind, entry)
            for list_name, kind in (("benefits", "benefit"), ("costs", "cost"))
            for entry in reveal.session.rated_list(list_name)
        ]
        marks = {
            f"{list_name}/{entry.item}": reveal.note_marks(
                self.component, f"{list_name}/{entry.item}"
            )
            for list_name, _, entry in entries
        }
        item_width, rating_width = split(
            width - kind_width - (len(ids) + 2) * PADDING - 2,
            [entry.item + "  " + marks[f"{ln}/{entry.item}"] for ln, _, entry in entries],
            [name for _, name in reveal.partners],
        )
        labels = partner_labels(reveal.partners, rating_width)
        columns = [
            Column("Benefit or cost", item_width),
            Column("Kind", kind_width),
            *(Column(labels.labels[pid], rating_width) for pid in ids),
        ]
        legend = self.query_one("#anticipated-legend", Static)
        legend.update(Content(DEAL_LEGEND + ("\n" + labels.legend_text() if labels.legend else "")))
        rows: list[tuple[str, list[Any]]] = []
        for list_name, kind, entry in entries:
            key = f"{list_name}/{entry.item}"
            rows.append(
                (
                    key,
                    [
                        fitted(entry.item, item_width, marks=marks[key]),
                        kind,
                        *(rating_cell(entry.ratings.get(pid)) for pid in ids),
                    ],
                )
            )
        self.query_one("#anticipated-items", ItemTable).refill(columns, rows)

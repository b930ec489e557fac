"""Contribution: who rates whose contribution how, each partner's balance and recognition."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from vp_tui.report.layout import partner_labels
from vp_tui.report.sections import figure
from vp_tui.ui.widgets.item_table import PADDING, Column, ItemTable, fitted, split
from vp_tui.ui.widgets.pane import RevealPane, show_line
from vp_tui.ui.widgets.reveal import Reveal
from vp_tui.ui.widgets.verdict import verdict_content


class ContributionPane(RevealPane):
    """The rater x partner matrix, one row a partner; Enter shows what they bring and notes."""

    component = "contribution"

    def compose(self) -> ComposeResult:
        yield Static(id="contribution-heading", classes="pane-heading")
        yield Static(
            "Rows: who rates. Columns: whose contribution. (8): a partner's own rating.",
            classes="muted",
        )
        yield ItemTable(id="contribution-table")
        yield Static(id="contribution-again")
        yield Static(
            "Balance: own rating minus the mean they give the others (+: they feel they "
            "bring more). Recognition: self-rating minus how the others rate them.",
            classes="muted",
        )
        yield Static(id="contribution-legend", classes="muted")
        yield Static(id="contribution-brings")

    def render_reveal(self, reveal: Reveal, width: int) -> None:
        score = reveal.view.contribution
        self.query_one("#contribution-heading", Static).update(
            Content.assemble(
                "Contribution: ",
                verdict_content(score.verdict, plain=self.plain),
                f"  largest balance {figure(score.gap)}",
            )
        )
        ids = reveal.ids
        marks = {pid: reveal.partner_marks(self.component, "balance", pid) for pid in ids}
        show_line(self.query_one("#contribution-again", Static), reveal.again_line("balance"))
        figure_width = 11 if width >= 90 else 7
        name_width, rating_width = split(
            width - 2 * figure_width - (len(ids) + 3) * PADDING - 2,
            [f"{name}  {marks[pid]}" for pid, name in reveal.partners],
            [name for _, name in reveal.partners],
            low=4,
            least=8,
        )
        name_width = min(name_width, 24)
        labels = partner_labels(reveal.partners, rating_width)
        columns = [
            Column("Rater", name_width),
            *(Column(labels.labels[pid], rating_width) for pid in ids),
            Column("Balance", figure_width),
            Column("Recognition" if figure_width >= 11 else "Recog.", figure_width),
        ]
        rows: list[tuple[str, list[Any]]] = []
        for rater, name in reveal.partners:
            ratings = score.matrix.get(rater, {})
            cells: list[Any] = [fitted(name, name_width, marks=marks[rater])]
            for partner in ids:
                rating = ratings.get(partner)
                text = "-" if rating is None else str(rating)
                own = partner == rater
                cells.append(
                    Text(
                        f"({text})" if own else text, justify="center", style="bold" if own else ""
                    )
                )
            cells += [
                Text(figure(score.balance.get(rater), signed=True), justify="right"),
                Text(figure(score.recognition.get(rater), signed=True), justify="right"),
            ]
            rows.append((f"partner/{rater}", cells))
        self.query_one("#contribution-table", ItemTable).refill(columns, rows)
        legend = self.query_one("#contribution-legend", Static)
        legend.update(Content(labels.legend_text()))
        legend.display = bool(labels.legend)
        brings = []
        for pid in ids:
            contribution = reveal.session.contribution_of(pid)
            listed = ", ".join(contribution.brings) if contribution and contribution.brings else "-"
            brings.append(Content.assemble((reveal.name(pid), "bold"), " brings: ", listed))
        self.query_one("#contribution-brings", Static).update(Content("\n").join(brings))

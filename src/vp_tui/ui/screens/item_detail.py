"""Drill into one row of the equality view: its ratings, its figures and its notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from vp_tui.model.session import Note
from vp_tui.model.wording import deal_words
from vp_tui.report.prompts import meanings_differ
from vp_tui.report.sections import figure
from vp_tui.ui.screens.note import about
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.reveal import Focus, Reveal, component_title, deal_figure
from vp_tui.ui.widgets.verdict import verdict_content


@dataclass(frozen=True)
class Detail:
    """Everything the detail view shows about one row."""

    title: str
    about: str
    facts: list[tuple[str, Content]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def detail_for(reveal: Reveal, focus: Focus) -> Detail:
    """The detail of a highlighted row: a value, a benefit or cost, or a partner."""
    kind = (focus.key or "").partition("/")[0]
    notes = reveal.notes_about(focus)
    if kind == "values":
        facts = _value_facts(reveal, focus.item or "")
    elif kind in ("benefits", "costs"):
        facts = _rated_item_facts(reveal, kind, focus.item or "")
    elif kind == "partner" and focus.partner and focus.component == "anticipated":
        facts = _anticipated_partner_facts(reveal, focus.partner)
    elif kind == "partner" and focus.partner:
        facts = _contribution_partner_facts(reveal, focus.partner)
    else:
        facts = []
    return Detail(focus.item or component_title(focus.component), about(focus), facts, notes)


def _value_facts(reveal: Reveal, item: str) -> list[tuple[str, Content]]:
    score = next(entry for entry in reveal.view.values.items if entry.item == item)
    facts = [
        (reveal.name(pid), plain(_rating(score.ratings.get(pid), pid in score.dealbreaker)))
        for pid in reveal.ids
    ]
    facts.append(("Gap", plain("-" if score.gap is None else f"{score.gap:g}")))
    facts.append(("Status", verdict_content(score.verdict)))
    entry = next((e for e in reveal.session.values if e.item == item), None)
    if entry is not None and entry.meaning:
        for pid in reveal.ids:
            said = entry.meaning.get(pid)
            facts.append((f"{reveal.name(pid)}, in practice", plain(said) if said else plain("—")))
        if meanings_differ(entry):
            facts.append(
                (
                    "Talk",
                    plain("The lines differ: talk about what it looks like in practice."),
                )
            )
    if score.dealbreaker:
        holders = ", ".join(reveal.name(pid) for pid in score.dealbreaker)
        aligned = reveal.session.thresholds.aligned
        facts.append(
            ("Dealbreaker", plain(f"for {holders}: a gap above {aligned:g} is out of sync"))
        )
    return facts


def _rating(value: int | None, dealbreaker: bool = False) -> str:
    text = "not rated" if value is None else str(value)
    return text + ("  ✱ dealbreaker" if dealbreaker else "")


def _rated_item_facts(reveal: Reveal, list_name: str, item: str) -> list[tuple[str, Content]]:
    entry = next(e for e in reveal.session.rated_list(list_name) if e.item == item)
    what = "benefit" if list_name == "benefits" else "cost"
    facts = [("Kind", plain(f"a {what}: each partner rates it for themselves, 0 to 10"))]
    facts += [(reveal.name(pid), plain(_rating(entry.ratings.get(pid)))) for pid in reveal.ids]
    return facts


def _anticipated_partner_facts(reveal: Reveal, pid: str) -> list[tuple[str, Content]]:
    value = reveal.view.anticipated.partners[pid]
    deal = deal_figure(value.deal)
    if value.deal is not None:
        deal += f"  {deal_words(value.deal, len(reveal.ids))}"
    facts = [
        ("Benefit", plain(f"{figure(value.benefit)}  mean of their benefit ratings")),
        ("Cost", plain(f"{figure(value.cost)}  mean of their cost ratings")),
        ("Net", plain(f"{figure(value.net, signed=True)}  benefit minus cost")),
        ("Deal", plain(deal)),
    ]
    for list_name, label in (("benefits", "benefit"), ("costs", "cost")):
        for entry in reveal.session.rated_list(list_name):
            facts.append((f"{label}: {entry.item}", plain(_rating(entry.ratings.get(pid)))))
    return facts


def _contribution_partner_facts(reveal: Reveal, pid: str) -> list[tuple[str, Content]]:
    score = reveal.view.contribution
    contribution = reveal.session.contribution_of(pid)
    brings = ", ".join(contribution.brings) if contribution and contribution.brings else "-"
    facts = [("Brings", plain(brings))]
    for rater in reveal.ids:
        rating = score.matrix.get(rater, {}).get(pid)
        label = "Own rating" if rater == pid else f"Rated by {reveal.name(rater)}"
        facts.append((label, plain(_rating(rating))))
    for other in reveal.ids:
        if other != pid:
            rating = score.matrix.get(pid, {}).get(other)
            facts.append((f"Rates {reveal.name(other)}", plain(_rating(rating))))
    facts.append(
        ("Balance", plain(figure(score.balance.get(pid), signed=True) + "  own minus the others"))
    )
    facts.append(
        (
            "Recognition",
            plain(figure(score.recognition.get(pid), signed=True) + "  self-view minus others'"),
        )
    )
    return facts


class ItemDetailScreen(ModalScreen[bool]):
    """The detail of one row; dismisses True when the user wants to write a note about it."""

    CSS_PATH = "../styles/equality.tcss"

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="close-detail", key_display="esc"),
        Binding("n", "note", "Note on this", id="detail-note"),
    ]

    def __init__(self, detail: Detail, *, notes: bool = True) -> None:
        super().__init__(classes="dialog-screen")
        self.detail = detail
        self.notes = notes
        """Whether n offers a note (not in a replay, which writes nothing)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No note from a read-only screen."""
        return self.notes or action != "note"

    def compose(self) -> ComposeResult:
        detail = self.detail
        with Vertical(classes="dialog", id="detail-dialog"):
            yield Static(plain(detail.title), classes="title", id="detail-title")
            yield Static(plain(detail.about), classes="muted")
            with VerticalScroll(id="detail-body"):
                with Grid(id="detail-facts"):
                    for label, value in detail.facts:
                        yield Static(plain(label), classes="detail-label")
                        yield Static(value, classes="detail-value")
                yield from self._notes()
        yield KeyBar()

    def _notes(self) -> ComposeResult:
        notes = self.detail.notes
        if not notes:
            hint = "No notes about this yet: press n to write one." if self.notes else "No notes."
            yield Static(hint, classes="muted detail-gap")
            return
        yield Static(f"Notes ({len(notes)})", classes="pane-heading detail-gap")
        for note in notes:
            yield Static(plain(note.text), classes="note-text")

    def action_close(self) -> None:
        """Back to the equality view."""
        self.dismiss(False)

    def action_note(self) -> None:
        """Write a note about this row."""
        self.dismiss(True)

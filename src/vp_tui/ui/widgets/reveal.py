"""What the equality panes are given: the session as it stands and its scores, read-only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.content import Content

from vp_tui.model.recurring import STRICT_KINDS, Flag, FlagKind, item_key
from vp_tui.model.scoring import EqualityView, ValueScore
from vp_tui.model.session import Note, Session
from vp_tui.report.sections import COMPONENT_TITLES

GENERAL = "general"

DEAL_SHORT = {
    3: "much better for me",
    2: "better for me",
    1: "a bit better for me",
    0: "even",
    -1: "a bit better for my partners",
    -2: "better for my partners",
    -3: "much better for my partners",
}
"""The deal answer in a few words, for a table column."""


AGAIN = "↺"
"""Marks an item at risk now that was at risk in the partnership's previous session too."""


def deal_figure(deal: int | None) -> str:
    """A deal answer with its sign, or a dash when it is missing."""
    if deal is None:
        return "-"
    return f"{deal:+d}" if deal else "0"


def component_title(component: str) -> str:
    """The title of a component, or "General" for notes about the whole partnership."""
    return COMPONENT_TITLES.get(component, "General")


@dataclass(frozen=True)
class Focus:
    """What a pane has highlighted: a component, and maybe one item or partner of it.

    ``key`` is the row key (``values/Honesty``, ``benefits/Time``, ``partner/ana``);
    ``item`` is how a note names the row (the item, or the partner's name).
    """

    component: str
    key: str | None = None
    item: str | None = None
    partner: str | None = None


@dataclass(frozen=True)
class Reveal:
    """A session and its equality view, for panes that only read them."""

    session: Session
    view: EqualityView
    theme: Mapping[str, str]
    again: tuple[Flag, ...] = ()
    """The items at risk now that were at risk in the partnership's previous revealed session."""

    @property
    def ids(self) -> list[str]:
        """The partner ids, in order."""
        return self.session.partner_ids

    @property
    def partners(self) -> list[tuple[str, str]]:
        """(id, name) of every partner, in order."""
        return [(partner.id, partner.name) for partner in self.session.partners]

    def name(self, partner_id: str) -> str:
        """A partner's display name."""
        return self.session.partner(partner_id).name

    def focus_of(self, component: str, key: str) -> Focus:
        """The focus of a row key in a component's table."""
        kind, _, rest = key.partition("/")
        if kind == "partner":
            return Focus(component, key, self.name(rest), rest)
        return Focus(component, key, rest)

    def notes_about(self, focus: Focus) -> list[Note]:
        """The notes attached to what the focus names (an item, a partner or a component)."""
        names = {focus.item, focus.partner} - {None}
        return [
            note
            for note in self.session.notes
            if note.component == focus.component
            and ((note.item is None) if not names else note.item in names)
        ]

    def note_marks(self, component: str, key: str) -> str:
        """A short marker of how many notes a row has ("" when none)."""
        count = len(self.notes_about(self.focus_of(component, key)))
        return f"✎{count}" if count else ""

    def values_worst_first(self) -> list[ValueScore]:
        """The values ordered as the report orders them: worst status, then widest gap."""
        return sorted(
            self.view.values.items,
            key=lambda item: (-item.verdict.severity, -(item.gap or 0), item.item),
        )

    def again_mark(self, kind: FlagKind, key: str) -> str:
        """``AGAIN`` beside a value (by name) or a partner (by id) at risk last time too."""
        wanted = f"{kind}:{item_key(key) if kind == 'value' else key}"
        return AGAIN if any(flag.ident == wanted for flag in self.again) else ""

    def partner_marks(self, component: str, kind: FlagKind, partner: str) -> str:
        """The marks beside a partner's row: at risk last time too, and their notes."""
        marks = (self.again_mark(kind, partner), self.note_marks(component, f"partner/{partner}"))
        return " ".join(mark for mark in marks if mark)

    def again_line(self, kind: FlagKind) -> Content | None:
        """The items of one kind at risk now and last time, in words: for business kinds a
        value still at risk is not remedied (the framework: such partnerships dissolve)."""
        strict = self.session.kind in STRICT_KINDS
        items = [
            flag.describe() + (" (not remedied)" if strict and kind == "value" else "")
            for flag in self.again
            if flag.kind == kind
        ]
        if not items:
            return None
        return Content.assemble(
            (f"{AGAIN} also at risk last time: ", "bold"), ", ".join(items)
        ).stylize("$text-warning")

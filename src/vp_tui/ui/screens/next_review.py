"""When to review the partnership again, asked once a session is finished.

Finishing sets ``next_review`` to today plus the template's cadence (``review_months``; a
template without one leaves it unset); the facilitator then sees the date in a box: Enter
keeps it, a date typed instead replaces it, an empty box clears it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from vp_tui.live.session import LiveSession
from vp_tui.model import review as reviewing
from vp_tui.model.review import add_months
from vp_tui.model.templates import Template, template_for
from vp_tui.ui.text import plain

NEXT_REVIEW_HINT = (
    "Enter keeps this date; type another (YYYY-MM-DD) to replace it, or empty the box for none."
)


def proposed_next_review(templates: Mapping[str, Template], kind: str, today: date) -> date | None:
    """Today plus the cadence of the session's template, or None when it sets none."""
    template = template_for(templates, kind)
    if template is None or template.review_months is None:
        return None
    return add_months(today, template.review_months)


async def ask_next_review(
    app: App[Any], live: LiveSession, templates: Mapping[str, Template]
) -> None:
    """Once a session is complete: set its next review to today plus its template's cadence,
    then let the facilitator keep, change or clear it (call it from a worker of ``app``)."""
    proposed = proposed_next_review(templates, live.session.kind, reviewing.local_today())
    live.set_next_review(proposed)
    live.set_next_review(await app.push_screen_wait(NextReviewScreen(proposed)))


def next_review_words(day: date | None) -> str:
    """A next review in words, for the notice that ends a session."""
    return f"Next review: {day.isoformat()}" if day is not None else "No next review set"


def read_day(text: str) -> date | None:
    """A date typed as YYYY-MM-DD (None for an empty box); ValueError when it is not one."""
    text = text.strip()
    if not text:
        return None
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


class NextReviewScreen(ModalScreen[date | None]):
    """The next review's date in a box; dismissed with the date kept (None: no review date)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep", id="next-review.keep"),
    ]

    def __init__(self, proposed: date | None) -> None:
        super().__init__()
        self.proposed = proposed

    def compose(self) -> ComposeResult:
        with Vertical(id="next-review-dialog"):
            yield Static("Next review", classes="title")
            yield Static(
                "When should this partnership be evaluated again?", id="next-review-question"
            )
            yield Input(
                self.proposed.isoformat() if self.proposed else "",
                placeholder="YYYY-MM-DD",
                max_length=10,
                id="next-review-day",
                select_on_focus=False,
            )
            yield Static(id="next-review-error", classes="error")
            yield Static(NEXT_REVIEW_HINT, classes="muted")

    @on(Input.Changed)
    def _typed(self) -> None:
        """A message about the date is stale once it changes."""
        self.query_one("#next-review-error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """The date in the box, or why it is not one."""
        event.stop()
        try:
            self.dismiss(read_day(event.value))
        except ValueError:
            self.query_one("#next-review-error", Static).update(
                plain(f"Not a date: “{event.value.strip()}”. Type it as YYYY-MM-DD.")
            )

    def action_keep(self) -> None:
        """Keep the date proposed."""
        self.dismiss(self.proposed)

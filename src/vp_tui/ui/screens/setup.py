"""The setup of a new session: title, kind, facilitator, partners and the item lists.

The screen keeps what is typed as a ``Draft`` and asks ``setup_draft`` what the model
thinks of it; each problem is shown under its field. ``ctrl+s`` returns the new
session (phase setup) or, when something is wrong, focuses the first problem.

Whenever what is typed makes a valid session (a title and two partners are enough),
the screen hands it to ``keep``, which saves it in phase setup: a crash loses nothing,
and a session resumed in phase setup comes back to this screen filled in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from vp_tui.live.clock import Clock
from vp_tui.model.session import MAX_PARTNERS, MIN_PARTNERS, RATED_LISTS, Session
from vp_tui.model.templates import Template
from vp_tui.model.wording import STAGE_WORDS, bands_in_words
from vp_tui.ui.limits import ITEM_LIMIT, NAME_LIMIT, ROLE_LIMIT, TITLE_LIMIT
from vp_tui.ui.screens.confirm import ConfirmScreen
from vp_tui.ui.setup_draft import (
    LISTS,
    Draft,
    Entry,
    Problem,
    band_thresholds,
    build_session,
    describe,
    list_problem,
    problems,
    template_entries,
    template_order,
)
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.item_list import Check, ItemList
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.limited_input import LimitedInput

DEFAULT_TEMPLATE = "business"

_PANE_OF = {
    "title": "session",
    "kind": "session",
    "facilitator": "session",
    "bands": "session",
    "timebox": "session",
}
_BAND_LABELS = {
    "aligned": "Aligned",
    "at_risk": "At risk",
    "values_aligned": "Values",
    "values_at_risk": "and",
    "present": "There",
}
_ORDERS = [
    ("Round by round: each round, every partner in turn", "by-round"),
    ("Partner by partner: rounds 1-3 in one sitting, fewer hand-offs", "by-partner"),
]
_STAGES = [(words, stage) for stage, words in STAGE_WORDS.items()]
_TIMEBOX_LABELS = {
    "anticipated": "Anticipated",
    "values": "Values",
    "brings": "Brings",
    "contribution": "Contribution",
    "discussion": "Talk",
}
_TAB_NAMES = {
    "session": "Session",
    "partners": "Partners",
    "benefits": "Benefits",
    "costs": "Costs",
    "values": "Values",
}
_TABS = Binding.Group("Tabs", compact=False)

_NOUNS = {"partners": "partner", "benefits": "benefit", "costs": "cost", "values": "value"}
_HINTS = {
    "partners": f"Who takes part, in turn order: {MIN_PARTNERS} to {MAX_PARTNERS} partners, "
    "each with an optional role.",
    "benefits": "What the partnership's results may bring: each partner rates what they "
    "expect to gain for themselves.",
    "costs": "What taking part may cost: each partner rates what it costs them.",
    "values": "Personal values: each partner rates how important each one is to them.",
}


Keep = Callable[[Session], Path | None]
"""Saves a valid setup; says in which file it is saved (None while it cannot be)."""


def template_of(templates: dict[str, Template], session: Session) -> str | None:
    """The template a session was most likely set up from: the one named after its kind."""
    if session.kind in templates:
        return session.kind
    return next((name for name in templates if templates[name].kind == session.kind), None)


def session_entries(session: Session) -> dict[str, tuple[Entry, ...]]:
    """A session's partners and item lists as the setup's list entries."""
    lists = {"partners": tuple(Entry(p.name, p.role) for p in session.partners)}
    for name in RATED_LISTS:
        lists[name] = tuple(Entry(entry.item) for entry in getattr(session, name))
    return lists


class SetupScreen(Screen[Session | None]):
    """Set up a new session: title, kind, facilitator, partners and the item lists."""

    CSS_PATH = "../styles/setup.tcss"

    AUTO_FOCUS = "#title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", id="start", tooltip="Start rating"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
        # F2/F3 reach the app in every terminal (tmux, xterm, the Linux console); many
        # terminals keep ctrl+PgUp/PgDn for their own tabs, so those are extras.
        Binding("f2", "switch_tab(-1)", "Previous tab", id="previous-tab", group=_TABS),
        Binding("f3", "switch_tab(1)", "Next tab", id="next-tab", group=_TABS),
        Binding("ctrl+pagedown", "switch_tab(1)", "Next tab", show=False, priority=True),
        Binding("ctrl+pageup", "switch_tab(-1)", "Previous tab", show=False, priority=True),
    ]

    def __init__(
        self,
        templates: dict[str, Template],
        *,
        clock: Clock,
        session: Session | None = None,
        keep: Keep | None = None,
        saved_in: Path | None = None,
    ) -> None:
        super().__init__()
        self.templates = templates
        self.clock = clock
        self.order = template_order(templates)
        self.keep = keep
        self.saved_in = saved_in
        """The file the setup is saved in, once it is."""
        self.resumed = session
        """The session in setup this screen goes on with, if any."""
        self.created: datetime | None = session.created if session else None
        """When the session was created: fixed by its first save."""
        self._kept: Session | None = session
        default = DEFAULT_TEMPLATE if DEFAULT_TEMPLATE in templates else self.order[0]
        self.loaded = (template_of(templates, session) if session else None) or default
        """The template whose items are in the lists."""
        self.lists: dict[str, tuple[Entry, ...]] = (
            session_entries(session)
            if session
            else {"partners": (), **template_entries(templates[self.loaded])}
        )
        self.touched: set[str] = set()
        self.show_all = False
        """True once a start was refused: from then on every problem shows."""

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="setup-tabs"):
            with TabPane("Session", id="session"), VerticalScroll():
                yield Label("Title", classes="field-label")
                yield LimitedInput(
                    self.resumed.title if self.resumed else "",
                    limit=TITLE_LIMIT,
                    id="title",
                    placeholder="What is this partnership called?",
                )
                yield Label(classes="error", id="title-error")
                yield Label("Partnership kind", classes="field-label")
                yield Select(
                    [(Text(self.templates[name].title), name) for name in self.order],
                    allow_blank=False,
                    value=self.loaded,
                    id="kind",
                )
                yield Static(classes="muted", id="kind-description")
                yield Static(classes="muted", id="kind-bands")
                yield Label(classes="error", id="kind-error")
                yield Label("Facilitator (optional)", classes="field-label")
                yield LimitedInput(
                    (self.resumed.facilitator or "") if self.resumed else "",
                    limit=NAME_LIMIT,
                    id="facilitator",
                    placeholder="Who runs the workshop?",
                )
                yield Label(classes="error", id="facilitator-error")
                yield Label("Turn order", classes="field-label")
                yield Select(
                    _ORDERS,
                    allow_blank=False,
                    value=self.resumed.order if self.resumed else "by-round",
                    id="turn-order",
                )
                yield Label("Stage", classes="field-label")
                yield Select(
                    _STAGES,
                    allow_blank=False,
                    value=(self.resumed.stage if self.resumed else None) or "current",
                    id="stage",
                )
                yield Label(
                    "Bands: aligned up to, at risk up to; the same for shared values; "
                    "really there from",
                    classes="field-label",
                )
                yield self._figures_row("band", _BAND_LABELS, self._band, r"[0-9.]*", 4)
                yield Label(classes="error", id="bands-error")
                yield Label(
                    "Timebox in minutes per round (optional; the time left is shown)",
                    classes="field-label",
                )
                yield self._figures_row("timebox", _TIMEBOX_LABELS, self._minutes, r"[0-9]*", 3)
                yield Label(classes="error", id="timebox-error")
            for name in LISTS:
                with TabPane(_TAB_NAMES[name], id=name):
                    yield Static(_HINTS[name], classes="muted hint")
                    yield ItemList(
                        self.lists[name],
                        noun=_NOUNS[name],
                        check=self._checker(name),
                        detail="Role" if name == "partners" else None,
                        max_entries=MAX_PARTNERS if name == "partners" else None,
                        name_limit=NAME_LIMIT if name == "partners" else ITEM_LIMIT,
                        detail_limit=ROLE_LIMIT,
                        id=f"{name}-list",
                    )
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        self._show_description()
        self._show_problems()

    # What is typed, and what the model thinks of it.

    def draft(self) -> Draft:
        """Everything typed so far."""
        order = self.query_one("#turn-order", Select).value
        return Draft(
            title=self.query_one("#title", Input).value,
            template=self.templates[self._kind()],
            facilitator=self.query_one("#facilitator", Input).value,
            lists=self.lists,
            turn_order="by-partner" if order == "by-partner" else "by-round",
            stage="prospective"
            if self.query_one("#stage", Select).value == "prospective"
            else "current",
            bands={name: self.query_one(f"#band-{name}", Input).value for name in _BAND_LABELS},
            timebox={
                name: self.query_one(f"#timebox-{name}", Input).value for name in _TIMEBOX_LABELS
            },
        )

    @staticmethod
    def _figures_row(
        kind: str,
        labels: dict[str, str],
        value: Callable[[str], str],
        restrict: str,
        max_length: int,
    ) -> Horizontal:
        """A row of small labelled boxes for figures (the bands, the timebox minutes):
        ``#KIND-NAME`` boxes of class ``KIND``, in a ``#KIND-row``."""
        children: list[Widget] = []
        for name, label in labels.items():
            children.append(Label(label, classes=f"{kind}-label"))
            children.append(
                Input(
                    value(name),
                    id=f"{kind}-{name}",
                    classes=kind,
                    restrict=restrict,
                    max_length=max_length,
                )
            )
        return Horizontal(*children, id=f"{kind}-row")

    def _band(self, name: str) -> str:
        """A resumed setup's threshold, as the field shows it (blank: the template's)."""
        if self.resumed is None:
            return ""
        value: float | None = getattr(self.resumed.thresholds, name)
        return "" if value is None else f"{value:g}"

    def _minutes(self, name: str) -> str:
        """The minutes of a resumed setup's timebox, as the field shows them."""
        timebox = self.resumed.timebox if self.resumed else None
        minutes = timebox.minutes(name) if timebox else None
        return "" if minutes is None else str(minutes)

    def _kind(self) -> str:
        value = self.query_one("#kind", Select).value
        return value if isinstance(value, str) else self.loaded

    def _checker(self, name: str) -> Check:
        def check(entries: tuple[Entry, ...]) -> Problem | None:
            return list_problem(self.templates[self._kind()], name, entries)

        return check

    def _lists_edited(self) -> bool:
        loaded = template_entries(self.templates[self.loaded])
        return any(self.lists[name] != loaded[name] for name in loaded)

    def _anything_typed(self) -> bool:
        draft = self.draft()
        return bool(draft.title.strip() or draft.facilitator.strip() or self.lists["partners"]) or (
            self._lists_edited()
        )

    def _show_problems(self) -> dict[str, Problem]:
        found = problems(self.draft())
        for field in ("title", "kind", "facilitator", "bands", "timebox"):
            problem = found.get(field)
            message = (
                problem.message if problem and (self.show_all or field in self.touched) else ""
            )
            label = self.query_one(f"#{field}-error", Label)
            if str(label.content) != message:
                label.update(plain(message))
            label.display = bool(message)
        for name in LISTS:
            problem = found.get(name)
            item_list = self.query_one(f"#{name}-list", ItemList)
            item_list.error = problem.message if problem and self.show_all else ""
        tabs = self.query_one(TabbedContent)
        for pane, title in _TAB_NAMES.items():
            count = f" ({len(self.lists[pane])})" if pane in self.lists else ""
            flagged = self.show_all and any(_PANE_OF.get(field, field) == pane for field in found)
            text = f"{title}{count}{' !' if flagged else ''}"
            tab = tabs.get_tab(pane)
            if tab.label.plain != text:
                tab.label = text
        self._keep_draft()
        return found

    def _keep_draft(self) -> None:
        """Save what is typed when it makes a valid session and changed since last saved."""
        if self.keep is None:
            return
        try:
            session = build_session(self.draft(), self.created or self.clock())
        except ValueError:  # a pydantic ValidationError, or a timebox that is no number
            return  # not a session yet (or not any more): the file keeps the last valid setup
        if self._kept is not None and session == self._kept:
            return
        self._kept = session
        self.created = session.created
        self.saved_in = self.keep(session) or self.saved_in

    def _show_description(self) -> None:
        template = self.templates[self._kind()]
        self.query_one("#kind-description", Static).update(plain(template.description))
        try:
            thresholds = band_thresholds(self.draft())
        except ValueError:
            thresholds = template.thresholds
        self.query_one("#kind-bands", Static).update(
            plain(bands_in_words(thresholds) + " Change them under Bands, below.")
        )
        for name in _BAND_LABELS:  # an empty box stands for the kind's own figure
            figure: float | None = getattr(template.thresholds, name)
            self.query_one(f"#band-{name}", Input).placeholder = (
                f"{figure:g}" if figure is not None else ""
            )

    # Reacting to edits.

    @on(Input.Changed, "#title, #facilitator")
    def _text_changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self.touched.add(event.input.id)
        self._show_problems()

    @on(Input.Changed, ".timebox")
    def _timebox_changed(self, event: Input.Changed) -> None:
        self.touched.add("timebox")
        self._show_problems()

    @on(Input.Changed, ".band")
    def _band_changed(self, event: Input.Changed) -> None:
        self.touched.add("bands")
        self._show_description()
        self._show_problems()

    @on(Select.Changed, "#turn-order, #stage")
    def _order_changed(self, event: Select.Changed) -> None:
        self._show_problems()

    @on(Input.Submitted, "#title, #facilitator")
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "facilitator":
            self._go_to("partners")
        else:
            self.focus_next()

    @on(ItemList.Changed)
    def _list_changed(self, event: ItemList.Changed) -> None:
        name = (event.item_list.id or "").removesuffix("-list")
        if name in self.lists:
            self.lists[name] = event.entries
            self.touched.add(name)
        self._show_problems()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        chosen = event.value
        if not isinstance(chosen, str) or chosen == self.loaded:
            return
        self._show_description()
        if not self._lists_edited():
            self._load(chosen)
            return
        title = self.templates[chosen].title
        question = f"Replace the benefits, costs and values you edited with those of '{title}'?"

        def answered(replace: bool | None) -> None:
            if replace:
                self._load(chosen)
            else:
                self._show_problems()

        self.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep mine"), answered)

    def _load(self, name: str) -> None:
        """Put a template's items in the lists."""
        self.loaded = name
        for list_name, entries in template_entries(self.templates[name]).items():
            self.lists[list_name] = entries
            self.query_one(f"#{list_name}-list", ItemList).entries = entries
        self._show_problems()

    # The keys.

    def system_commands(self) -> Iterator[SystemCommand]:
        """The setup's actions for the command palette (the app adds them)."""
        yield SystemCommand(
            "Start rating", "Check the setup and start the rounds", self.action_start
        )
        yield SystemCommand("Cancel setup", "Leave without creating a session", self.action_cancel)
        for pane, title in _TAB_NAMES.items():
            yield SystemCommand(
                f"Go to {title}", f"Show the {title} tab of the setup", partial(self._go_to, pane)
            )

    def _go_to(self, pane: str) -> None:
        self._open_pane(pane)
        self._focus_pane(pane)

    def _focus_pane(self, pane: str) -> None:
        if pane == "session":
            self.query_one("#title", Input).focus()
        else:
            self.query_one(f"#{pane}-list", ItemList).focus_entry()

    def _open_pane(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane

    def action_switch_tab(self, step: int) -> None:
        """Show the next (1) or previous (-1) tab."""
        panes = list(_TAB_NAMES)
        current = self.query_one(TabbedContent).active
        index = panes.index(current) if current in panes else 0
        self._go_to(panes[(index + step) % len(panes)])

    def _focus_field(self, field: str, problem: Problem) -> None:
        self._open_pane(_PANE_OF.get(field, field))
        if field in LISTS:
            self.query_one(f"#{field}-list", ItemList).focus_entry(problem.index)
        else:
            first = {"timebox": "#timebox-anticipated", "bands": "#band-aligned"}
            target = first.get(field, f"#{field}")
            self.query_one(target, Widget).focus()

    def action_start(self) -> None:
        """Start rating, or show what must be fixed first."""
        self.show_all = True
        found = self._show_problems()
        if found:
            field, problem = next(iter(found.items()))
            self._focus_field(field, problem)
            return
        try:
            session = build_session(self.draft(), self.created or self.clock())
        except ValidationError as error:
            # Not expected: every field was judged above. Say what the model refused.
            message = describe(error.errors(include_url=False)[0])
            self.notify(message, title="Not ready to start", severity="error", markup=False)
            return
        self.dismiss(session)

    def action_cancel(self) -> None:
        """Leave without a session; ask first when something was typed.

        A setup already saved is left as it is (open it from the home screen to go on);
        one that never made a valid session is discarded.
        """
        if self.saved_in is not None:

            def leave(yes: bool | None) -> None:
                if yes:
                    self.dismiss(None)

            question = (
                f"Leave the setup?\n\nEverything typed is saved in {self.saved_in.name}: "
                "open it from the home screen to go on."
            )
            self.app.push_screen(ConfirmScreen(question, yes="Leave", no="Keep editing"), leave)
            return
        if not self._anything_typed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard this new session?", yes="Discard", no="Keep editing"), answered
        )

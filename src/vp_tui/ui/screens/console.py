"""The facilitator's console of a hosted session: join codes, who is connected, who has finished
which round (never their ratings), and the controls: open the next round, reveal."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from vp_tui.live.session import LiveSession
from vp_tui.model.flow import (
    ROUND_HEADINGS,
    ROUND_TITLES,
    ROUNDS,
    opened_round,
    progress,
    round_done_by_all,
    round_to_open,
    stage,
)
from vp_tui.ui.live_watcher import LiveChanged, LiveWatcher
from vp_tui.ui.text import plain, plain_cell
from vp_tui.ui.widgets.key_bar import KeyBar

ConsoleChoice = Literal["reveal", "stop"]


@dataclass(frozen=True)
class Hosting:
    """How partners join a hosted session, and who has."""

    codes: Mapping[str, str]
    """Partner id -> join code."""
    address: str
    """What a partner types to connect (``ssh -p 2222 HOST``)."""
    fingerprint: str
    """The server's host key, for partners to check."""
    connected: Callable[[], Mapping[str, int]]
    """Partner id -> live connections (0 or 1)."""
    notices: Callable[[], Sequence[str]] = field(default=lambda: ())
    """The server's latest lines for the facilitator (refusals, wrong codes), latest last."""


NOTICES_SHOWN = 3
"""The server's latest lines the console shows (all of them are in serve.log)."""


def hidden(code: str) -> str:
    """A join code as the console shows it until asked: its shape, not its letters."""
    return "".join("-" if character == "-" else "•" for character in code)


class ConsoleScreen(Screen[ConsoleChoice]):
    """The hosted session at a glance, and what the facilitator can do next."""

    CSS_PATH = "../styles/turns.tcss"
    BINDINGS = [
        Binding("c", "toggle_code", "Show/hide code", id="toggle-code"),
        Binding("s", "open_round", "Open next round", id="open-round"),
        Binding("r", "reveal", "Reveal", id="reveal"),
        Binding("q", "stop", "Stop hosting", id="stop"),
    ]

    class Changed(Message):
        """The session or a connection changed."""

    def __init__(self, live: LiveSession, hosting: Hosting) -> None:
        super().__init__()
        self.live = live
        self.hosting = hosting
        self._watcher = LiveWatcher(live, self, ignore_answers=True)
        self._cells: dict[tuple[str, str], str] = {}
        """What each cell of the table shows, by (partner, column): a change redraws only
        the cells whose text changed."""
        self._status_shown: Content | None = None
        self._notices_shown: tuple[str, ...] = ()
        self._code_shown: str | None = None
        """The one partner whose code is shown (codes are hidden, as the screen may be shared)."""

    def compose(self) -> ComposeResult:
        yield Static(plain(self.live.session.title), classes="progress")
        yield Static(
            plain(f"Partners join with:  {self.hosting.address}   and their code below"),
            classes="title",
        )
        yield Static(plain(f" Host key {self.hosting.fingerprint}"), classes="muted")
        yield DataTable(id="console-table", cursor_type="row", zebra_stripes=False)
        yield Static(id="console-status")
        yield Static(id="console-notices", classes="muted")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Partner", key="partner")
        table.add_column("Join code", key="code")
        table.add_column("Here", key="here")
        for name in ROUNDS:
            table.add_column(ROUND_HEADINGS[name], key=name)
        rows = self._rows()
        for partner in self.live.session.partners:
            cells = rows[partner.id]
            code = hidden(self.hosting.codes.get(partner.id, "-"))
            table.add_row(plain_cell(partner.name), code, *cells.values(), key=partner.id)
            self._cells.update({(partner.id, column): text for column, text in cells.items()})
        self._watcher.start()
        self.show()

    def on_unmount(self) -> None:
        self._watcher.stop()

    def on_live_changed(self, message: LiveChanged) -> None:
        # A rating changes nothing the console shows: a burst of them costs nothing here.
        if not message.answers_only:
            self.show()

    def on_console_screen_changed(self, _message: Changed) -> None:
        self.show()

    def show(self) -> None:
        """Show who is here and how far everyone is (only the cells that changed are drawn)."""
        table = self.query_one(DataTable)
        for partner, cells in self._rows().items():
            for column, text in cells.items():
                if self._cells[partner, column] != text:
                    self._cells[partner, column] = text
                    table.update_cell(partner, column, text)
        status = self._status()
        if status != self._status_shown:
            self._status_shown = status
            self.query_one("#console-status", Static).update(status)
        notices = tuple(self.hosting.notices())[-NOTICES_SHOWN:]
        if notices != self._notices_shown:
            self._notices_shown = notices
            self.query_one("#console-notices", Static).update(plain("\n".join(notices)))
        self.refresh_bindings()

    def _rows(self) -> dict[str, dict[str, str]]:
        """Each partner's cells that change: here or away, and a tick per finished round."""
        done = progress(self.live.session)
        connected = self.hosting.connected()
        rows = {}
        for partner in self.live.session.partner_ids:
            cells = {"here": "● here" if connected.get(partner) else "○ away"}
            cells.update({name: "✓" if name in done[partner] else "·" for name in ROUNDS})
            rows[partner] = cells
        return rows

    def _status(self) -> Content:
        session = self.live.session
        current = opened_round(session)
        following = round_to_open(session)
        if stage(session).name == "ready":
            return Content("Every partner has finished every round: press r to reveal.")
        if current is None:
            return Content("No round is open yet: press s to open the first, anticipated value.")
        title = ROUND_TITLES[current].lower()
        if round_done_by_all(session, current) and following is not None:
            return Content(
                f"Everyone finished {title}: press s to open {ROUND_TITLES[following].lower()}."
            )
        waiting = [p.name for p in session.partners if current not in progress(session)[p.id]]
        return plain(f"Open: {title}. Still rating: {', '.join(waiting)}.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Open a round only when it may open; reveal only once every turn is done."""
        if action == "open_round":
            return True if round_to_open(self.live.session) is not None else None
        if action == "reveal":
            return (
                True if stage(self.live.session).name in ("ready", "reveal", "complete") else None
            )
        return True

    def action_toggle_code(self) -> None:
        """Show the join code of the partner on the cursor's row (hiding any other), or hide it."""
        table = self.query_one(DataTable)
        partners = self.live.session.partner_ids
        if not partners:
            return
        partner = partners[min(max(table.cursor_row, 0), len(partners) - 1)]
        previous, self._code_shown = (
            self._code_shown,
            None if self._code_shown == partner else partner,
        )
        for changed in {previous, self._code_shown} - {None}:
            assert changed is not None
            code = self.hosting.codes.get(changed, "-")
            table.update_cell(
                changed, "code", code if changed == self._code_shown else hidden(code)
            )

    def action_open_round(self) -> None:
        """Open the next round to every partner at once."""
        following = round_to_open(self.live.session)
        if following is not None:
            self.live.open_round(following)

    def action_reveal(self) -> None:
        """Move every screen to the equality view (or show it again once revealed)."""
        if stage(self.live.session).name in ("ready", "reveal", "complete"):
            self.dismiss("reveal")

    def action_stop(self) -> None:
        """Stop hosting (the session is saved; a new `vp-tui serve` resumes it)."""
        self.dismiss("stop")

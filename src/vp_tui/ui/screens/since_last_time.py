"""Since last time: what the partnership agreed, and the actions it carried over, first.

The next session of a partnership (``vp-tui new --from``, or ``n`` in the partnerships view)
opens here, in phase setup, before anyone rates anything: the statement agreed last time,
one sentence per component, and each action carried over with its owner and due date, to
mark done, still open or dropped. It shows no rating, of this session or the last.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from vp_tui.live.session import LiveSession
from vp_tui.model.changes import ChangeError
from vp_tui.model.events import STATEMENT_PARTS
from vp_tui.model.fields import ActionStatus
from vp_tui.model.session import Action, Session
from vp_tui.model.wording import STATEMENT_HEADING, owner_name
from vp_tui.report.sections import COMPONENT_TITLES
from vp_tui.ui.text import plain, plain_cell
from vp_tui.ui.widgets.key_bar import KeyBar

STATUS_WORDS: dict[str, str] = {"open": "still open", "done": "done", "dropped": "dropped"}


def carried_actions(session: Session) -> list[Action]:
    """The actions carried over from an earlier session of the partnership."""
    return [action for action in session.actions if action.carried_from is not None]


def looks_back(session: Session) -> bool:
    """Whether a session opens with "Since last time": still in setup, with a statement or
    actions carried over from the partnership's previous session."""
    return session.phase == "setup" and (
        session.statement is not None or bool(carried_actions(session))
    )


def statement_lines(session: Session) -> list[Content]:
    """The statement agreed last time, one sentence per component."""
    statement = session.statement
    if statement is None:
        return [Content.styled("No statement was agreed last time.", "$text-muted")]
    return [
        Content.assemble((f"{COMPONENT_TITLES[part]}: ", "bold"), plain(text))
        for part in STATEMENT_PARTS
        if (text := getattr(statement, part))
    ]


class SinceLastTimeScreen(Screen[bool]):
    """The partnership's last statement and carried actions; True goes on to the setup,
    False leaves the session (it stays saved)."""

    BINDINGS = [
        Binding("d", "mark('done')", "Done", id="since.done"),
        Binding("o", "mark('open')", "Still open", id="since.open"),
        Binding("x", "mark('dropped')", "Dropped", id="since.dropped"),
        Binding("enter", "carry_on", "Go on", id="since.go-on", priority=True),
        Binding("escape", "leave", "Leave", id="since.leave"),
    ]

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        session = self.live.session
        yield Static(Content.assemble(" Since last time: ", plain(session.title)), classes="title")
        with VerticalScroll(id="since-body"):
            yield Static(Content.styled(f"{STATEMENT_HEADING}, as agreed last time", "bold"))
            yield Static(Content("\n").join(statement_lines(session)), id="since-statement")
            yield Static(id="since-actions-heading", classes="since-heading")
            yield DataTable(id="since-actions", cursor_type="row", cell_padding=1)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Action", key="text")
        table.add_column("Owner", key="owner")
        table.add_column("Due", key="due")
        table.add_column("Now", key="status")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        session = self.live.session
        actions = carried_actions(session)
        heading = self.query_one("#since-actions-heading", Static)
        if actions:
            source = actions[0].carried_from or ""
            heading.update(
                Content.assemble(
                    ("Actions carried over", "bold"),
                    f" from {source}: what became of each?",
                )
            )
        else:
            heading.update(Content.styled("No action was left open last time.", "$text-muted"))
        table = self.query_one(DataTable)
        table.display = bool(actions)
        row = table.cursor_row
        table.clear()
        for action in actions:
            table.add_row(
                plain_cell(action.text),
                plain_cell(owner_name(session, action.owner)),
                action.due.isoformat() if action.due is not None else "no date",
                STATUS_WORDS.get(action.status, action.status),
                key=action.id,
            )
        if actions:
            table.move_cursor(row=min(row, len(actions) - 1))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Marking needs a carried action."""
        if action == "mark":
            return True if carried_actions(self.live.session) else None
        return True

    def action_mark(self, status: ActionStatus) -> None:
        """Record what became of the action under the cursor."""
        actions = carried_actions(self.live.session)
        table = self.query_one(DataTable)
        if not actions or table.cursor_row >= len(actions):
            return
        action = actions[table.cursor_row]
        if action.id is None or action.status == status:
            return
        try:
            self.live.edit_action(action.id, status=status)
        except ChangeError as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return
        self._fill()
        if table.cursor_row < len(actions) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_carry_on(self) -> None:
        """On to the setup of this session."""
        self.dismiss(True)

    def action_leave(self) -> None:
        """Leave the session for now; what is marked is saved."""
        self.dismiss(False)

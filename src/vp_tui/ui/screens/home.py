"""The home screen: the sessions in the sessions folder; new, open, replay, delete.

The shipped example sessions are listed too, tagged as examples: they are read-only, so
opening one offers to copy it into the sessions folder first; replay reads them as they are.
While the folder holds no session of the user's own, ``x`` copies them all into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Literal

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from vp_tui.live.clock import Clock
from vp_tui.storage.errors import SessionFileError
from vp_tui.storage.lock import SessionLock
from vp_tui.storage.paths import copy_name, session_files, shown_path
from vp_tui.storage.summary import SummaryCache
from vp_tui.ui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from vp_tui.ui.screens.portfolio import PortfolioChoice
from vp_tui.ui.text import plain
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.session_table import SessionRow, SessionTable


@dataclass(frozen=True)
class HomeChoice:
    """What the user chose on the home screen."""

    action: Literal["new", "open", "replay", "next", "quit"]
    path: Path | None = None
    """The session to open or replay; for ``next``, the one to start the next session from."""


class SessionsFound(Message):
    """The loader read some session files (``done`` once it has read them all)."""

    def __init__(self, generation: int, rows: list[SessionRow], *, total: int, done: bool) -> None:
        super().__init__()
        self.generation = generation
        self.rows = rows
        self.total = total
        self.done = done


class DueCounted(Message):
    """How many partnerships are due: a review due or an action overdue."""

    def __init__(self, generation: int, count: int) -> None:
        super().__init__()
        self.generation = generation
        self.count = count


_BATCH_SECONDS = 0.1
"""How often the loader hands over what it has read, so a big folder fills in as it goes."""


_AT_ONCE = 50
"""Up to this many files whose summaries are all cached are listed without a thread."""


class HomeScreen(Screen[HomeChoice]):
    """The sessions found in the sessions folder."""

    BINDINGS = [
        # Enter would otherwise go to the table ("select"); here it opens the session.
        Binding("enter", "open", "Open", id="home.open", priority=True),
        Binding("o", "open", "Open", show=False, id="home.open-o"),
        Binding("n", "new", "New", id="home.new"),
        Binding("r", "replay", "Replay", id="home.replay"),
        Binding("d", "delete", "Delete", id="home.delete"),
        Binding("p", "portfolio", "Partnerships", id="home.portfolio"),
        Binding("x", "copy_examples", "Copy examples", id="home.examples"),
        Binding("f5,ctrl+r", "refresh", "Refresh", show=False, id="home.refresh"),
        Binding("q", "quit", "Quit", id="home.quit"),
    ]

    def __init__(
        self,
        sessions_dir: Path,
        *,
        clock: Clock,
        examples_dir: Path | None = None,
        selected: Path | None = None,
    ) -> None:
        super().__init__()
        self.sessions_dir = sessions_dir
        self.clock = clock
        self.examples_dir = examples_dir
        """Where the example sessions are (listed read-only), if they are to be listed."""
        self.selected = selected
        """The session the cursor starts on (the one last opened or replayed)."""
        self._generation = 0
        self._loading = True  # until the folder is read
        self._own_sessions = 0
        self._cadences: dict[str, int | None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-status", classes="muted", markup=False)
        yield Static(id="home-due", markup=False)
        yield SessionTable(id="home-table")
        yield Static(id="home-empty")
        yield Static(id="home-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    @property
    def table(self) -> SessionTable:
        """The table of sessions."""
        return self.query_one(SessionTable)

    @property
    def highlighted(self) -> SessionRow | None:
        """The session under the cursor."""
        return self.table.highlighted

    # Loading, in a thread so that a big or slow folder never freezes the screen.

    def _examples(self) -> list[Path]:
        try:
            return session_files(self.examples_dir) if self.examples_dir else []
        except OSError:
            return []

    def _files(self) -> list[Path]:
        """The session files to list: the folder's, then the examples not copied into it
        (OSError if unreadable)."""
        paths = session_files(self.sessions_dir)
        names = {path.name for path in paths}
        return [*paths, *(path for path in self._examples() if path.name not in names)]

    def is_example(self, row: SessionRow) -> bool:
        """Whether a row is one of the shipped examples (read-only)."""
        return str(row.path) in self.table.examples

    def reload(self) -> None:
        """Read the sessions folder again."""
        self._generation += 1
        highlighted = self.highlighted
        wanted = highlighted.path if highlighted else self.selected
        self.table.examples = frozenset(str(path) for path in self._examples())
        rows = self._known_rows()
        self._loading = rows is None
        self.table.show_rows(rows or [], wanted=wanted)
        self._show_status()
        if rows is None:
            self.load_sessions(self._generation)
        else:
            self._refresh_actions()
            self.count_due(self._generation, rows)

    def _known_rows(self) -> list[SessionRow] | None:
        """Every row at once when the folder is small and the summary cache knows each file.

        Then the screen is whole from its first frame; otherwise ``load_sessions`` reads
        the folder in a thread.
        """
        try:
            paths = self._files()
        except OSError:
            return None
        if len(paths) > _AT_ONCE:
            return None
        summaries = SummaryCache()
        rows = [summaries.cached(path) for path in paths]
        return None if None in rows else [row for row in rows if row is not None]

    @work(thread=True, exclusive=True, group="home-load")
    def load_sessions(self, generation: int) -> None:
        """Summarise every session file, handing the rows over in batches."""
        worker = get_current_worker()
        try:
            paths = self._files()
        except OSError:
            paths = []
        self.post_message(SessionsFound(generation, [], total=len(paths), done=not paths))
        if not paths:
            return
        batch: list[SessionRow] = []
        handed_over = monotonic()
        summaries = SummaryCache()
        for path in paths:
            if worker.is_cancelled:
                return
            batch.append(summaries.summary(path))
            if monotonic() - handed_over >= _BATCH_SECONDS:
                self.post_message(SessionsFound(generation, batch, total=len(paths), done=False))
                batch, handed_over = [], monotonic()
        self.post_message(SessionsFound(generation, batch, total=len(paths), done=True))
        summaries.save()

    def on_sessions_found(self, message: SessionsFound) -> None:
        if message.generation != self._generation:
            return  # from a load that a refresh replaced
        self._loading = not message.done
        self.table.add_session_rows(message.rows)
        self._show_status(message.total)
        self._refresh_actions()
        if message.done:
            self.count_due(self._generation, list(self.table.session_rows.values()))

    @work(thread=True, exclusive=True, group="home-due")
    def count_due(self, generation: int, rows: list[SessionRow]) -> None:
        """Count the partnerships due (the templates' cadences are read from files)."""
        from vp_tui.model import review as reviewing
        from vp_tui.model.portfolio import portfolio

        found = reviewing.reviews(portfolio(rows), reviewing.local_today(), self.cadences())
        self.post_message(DueCounted(generation, sum(entry.due for entry in found)))

    def on_due_counted(self, message: DueCounted) -> None:
        if message.generation != self._generation:
            return
        count = message.count
        due = self.query_one("#home-due", Static)
        due.display = count > 0
        them = "it" if count == 1 else "them"
        due.update(f"{count} partnership{'s' if count != 1 else ''} due for review: p shows {them}")

    def _show_status(self, total: int | None = None) -> None:
        count = self.table.row_count
        folder = shown_path(self.sessions_dir)
        if self._loading:
            status = f"Reading {count} of {total or '…'} files in {folder}"
        else:
            examples = sum(path in self.table.examples for path in self.table.session_rows)
            own = self._own_sessions = count - examples
            status = f"{own} " + ("file" if own == 1 else "files") + f" in {folder}"
            if examples:
                status += f" · {examples} " + ("example" if examples == 1 else "examples")
            if self._offers_examples():
                status += ": press x to copy them into it"
        self.query_one("#home-status", Static).update(plain(status))
        empty = not self._loading and count == 0
        self.set_class(empty, "-empty")
        if empty:
            self.query_one("#home-empty", Static).update(
                Content.assemble(
                    "No sessions yet in ",
                    (folder, "bold"),
                    " — press ",
                    ("n", "bold"),
                    " to start one.",
                )
            )
        self._show_detail()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_detail()
        self._refresh_actions()

    def _show_detail(self) -> None:
        row = self.highlighted
        detail = self.query_one("#home-detail", Static)
        if row is None:
            detail.update("")
        elif row.error is not None:
            detail.update(
                Content.assemble(
                    (row.path.name, "bold"),
                    " cannot be opened (it can only be deleted):\n",
                    (row.error, "$text-error"),
                )
            )
        else:
            where = (
                ("Example, read-only: open it to copy it into your sessions folder", "dim italic")
                if self.is_example(row)
                else (row.path.name, "dim")
            )
            detail.update(
                Content.assemble(
                    (row.title, "bold"),
                    "\n",
                    ("Partners: ", "dim"),
                    ", ".join(row.partners),
                    "\n",
                    where,
                )
            )

    # Actions.

    def _refresh_actions(self) -> None:
        """Let the footer show what the highlighted row allows (it redraws only on a change)."""
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Open and replay need a readable session under the cursor; delete needs any.

        While the folder is being read they are shown as available: the keys would
        otherwise be dimmed for a moment and the footer drawn twice. Pressed that early,
        they do nothing.
        """
        if action == "copy_examples":
            return self._offers_examples()
        if action == "delete" and self._offers_examples():
            return False  # only read-only examples listed: x takes Delete's place in the key bar
        if self._loading:
            return True
        row = self.highlighted
        if action in ("open", "replay"):
            return True if row is not None and row.valid else None
        if action == "delete":
            return True if row is not None and not self.is_example(row) else None
        return True

    def _offers_examples(self) -> bool:
        """Whether ``x`` copies the examples: they are listed, and none of the user's own."""
        return not self._loading and self._own_sessions == 0 and bool(self.table.examples)

    def action_copy_examples(self) -> None:
        """Copy the example sessions into the sessions folder, never over a file."""
        from vp_tui.storage.examples import copy_examples

        if self.examples_dir is None or not self._offers_examples():
            return
        try:
            copies = copy_examples(self.sessions_dir, self.examples_dir)
        except OSError as error:
            message = f"{self.sessions_dir}: {error.strerror or error}"
            self.notify(message, title="Not copied", severity="error", markup=False)
            return
        copied = sum(copy.outcome == "copied" for copy in copies)
        where = shown_path(self.sessions_dir)
        self.notify(f"{copied} copied into {where}", title="Examples", markup=False)
        self.reload()

    def action_new(self) -> None:
        """Set up a new session."""
        self.dismiss(HomeChoice("new"))

    def action_open(self) -> None:
        """Resume the session under the cursor; an example only once copied."""
        row = self.highlighted
        if row is not None and row.valid:
            self._open(row)

    def _open(self, row: SessionRow) -> None:
        if not self.is_example(row):
            self.dismiss(HomeChoice("open", row.path))
            return
        question = (
            f"“{row.title}” is an example, read-only.\n\n"
            f"Copy it into {shown_path(self.sessions_dir)} and open the copy?"
        )

        def answered(copy: bool | None) -> None:
            if copy:
                self._open_a_copy(row.path)

        self.app.push_screen(ConfirmScreen(question, yes="Copy", no="Cancel"), answered)

    def _open_a_copy(self, example: Path) -> None:
        from vp_tui.storage.save import PRIVATE, atomic_write

        try:
            self.sessions_dir.mkdir(parents=True, exist_ok=True)
            copy = copy_name(self.sessions_dir, example.name)
            atomic_write(copy, example.read_bytes(), mode=PRIVATE)
        except OSError as error:
            message = f"{self.sessions_dir}: {error.strerror or error}"
            self.notify(message, title="Not copied", severity="error", markup=False)
            return
        self.dismiss(HomeChoice("open", copy))

    @on(SessionTable.OpenRequested)
    def _double_clicked(self) -> None:
        self.action_open()

    def action_replay(self) -> None:
        """Play the session under the cursor back."""
        row = self.highlighted
        if row is not None and row.valid:
            self.dismiss(HomeChoice("replay", row.path))

    def action_quit(self) -> None:
        """Leave vp-tui."""
        self.dismiss(HomeChoice("quit"))

    def action_portfolio(self) -> None:
        """The sessions grouped by partnership, with each one's trend and review."""
        from vp_tui.ui.screens.portfolio import PortfolioScreen

        screen = PortfolioScreen(list(self.table.session_rows.values()), self.cadences())
        self.app.push_screen(screen, self._from_partnerships)

    def cadences(self) -> dict[str, int | None]:
        """Each kind's review cadence in months, from the templates (read once)."""
        from vp_tui.partnership_commands import template_cadences

        if self._cadences is None:
            self._cadences = template_cadences(self.sessions_dir)
        return self._cadences

    def _from_partnerships(self, choice: PortfolioChoice | None) -> None:
        """A partnership's latest session, or its next one, chosen in the partnerships view."""
        if choice is None:
            return
        if choice.action == "next":
            self.dismiss(HomeChoice("next", choice.path))
            return
        self._go_to_latest(choice.path)

    def _go_to_latest(self, path: Path) -> None:
        """A partnership's latest session: a finished one is replayed (read-only); one still
        under way is resumed."""
        row = self.table.session_rows.get(str(path))
        if row is None or not row.valid:
            return
        if row.phase == "complete":
            self.dismiss(HomeChoice("replay", row.path))
        else:
            self._open(row)

    def action_refresh(self) -> None:
        """Read the folder again."""
        self.reload()

    def action_delete(self) -> None:
        """Delete the session file under the cursor, after a confirmation."""
        row = self.highlighted
        if row is None or self.is_example(row):
            return
        what = f"the session “{row.title}”" if row.valid else "the unreadable file"
        question = f"Delete {what}?\n\nFile: {row.path.name}\n\nThis cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(row.path)

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    def _delete(self, path: Path) -> None:
        try:
            # Never pull a file away from a process that is writing it.
            with SessionLock(path, holder="vp-tui (deleting)"):
                path.unlink()
        except SessionFileError as error:
            self.notify(str(error), title="Not deleted", severity="error", markup=False)
            return
        except OSError as error:
            message = f"{path}: {error.strerror or error}"
            self.notify(message, title="Not deleted", severity="error", markup=False)
            return
        self.table.drop(path)
        self.notify(path.name, title="Deleted", markup=False)
        self._show_status()
        self._refresh_actions()
        self.count_due(self._generation, list(self.table.session_rows.values()))

    def system_commands(self) -> Iterator[SystemCommand]:
        """The home screen's actions for the command palette (the app adds them)."""
        yield SystemCommand("New session", "Set up a new workshop session", self.action_new)
        row = self.highlighted
        if row is not None and row.valid:
            yield SystemCommand("Open session", "Resume the highlighted session", self.action_open)
            yield SystemCommand(
                "Replay session", "Play the highlighted session back", self.action_replay
            )
        if row is not None and not self.is_example(row):
            yield SystemCommand(
                "Delete session", "Delete the highlighted session file", self.action_delete
            )
        yield SystemCommand(
            "Partnerships",
            "The sessions grouped by partnership, with trends",
            self.action_portfolio,
        )
        if self._offers_examples():
            yield SystemCommand(
                "Copy the examples",
                "Copy the example sessions into the sessions folder",
                self.action_copy_examples,
            )
        yield SystemCommand("Refresh", "Read the sessions folder again", self.action_refresh)

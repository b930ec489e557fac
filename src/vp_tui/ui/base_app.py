"""What every vp-tui app shares: the look, help on F1, quit, and the screens' own commands."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from vp_tui.ui.screens.help import HelpScreen
from vp_tui.ui.theme import THEMES

if TYPE_CHECKING:
    from vp_tui.model.session import Session


class WorkshopApp(App[None]):
    """The common part of the workshop app, the hosted partner app and the facilitator console."""

    TITLE = "vp-tui"
    SUB_TITLE = "Value Proposition workshop"
    # The look of the whole app and of the home screen (with its dialogs); the other
    # screens bring their own style sheet when first shown (``Screen.CSS_PATH``).
    CSS_PATH = ["app.tcss", "styles/home.tcss"]
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        # F1 is the brightness on many laptops and some browsers' own help: ? works anywhere.
        Binding("question_mark", "help", "Help", show=False, id="help-question"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for theme in THEMES:  # offered in the command palette's theme picker
            self.register_theme(theme)

    def action_help(self) -> None:
        """Show the keys of the current screen and what the scales mean."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def in_private(self) -> bool:
        """Whether a partner may have the keyboard: a turn, a hand-off or a paused session is
        on screen (under any dialog). Screens say so with a true ``PRIVATE`` class attribute.
        """
        return any(getattr(screen, "PRIVATE", False) for screen in self.screen_stack)

    def recall_statement(self, session: Session, path: Path) -> None:
        """Show what the partnership agreed last time, read from the folder in a thread."""
        # Imported here, on the event loop's thread: a thread importing modules while this
        # one imports others can deadlock on Python's import locks.
        from vp_tui.storage.previous import earlier_statement
        from vp_tui.ui.screens.statement import earlier_statement_words

        def recall() -> None:
            earlier = earlier_statement(path.parent, session, path)
            if earlier is not None:
                self.call_from_thread(
                    self.notify,
                    earlier_statement_words(earlier),
                    title=f"Last time ({earlier.created})",
                    markup=False,
                    timeout=30,
                )

        self.run_worker(recall, thread=True, exit_on_error=False, group="statement")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, Help, and the commands of the current screen.

        A screen offers commands by defining ``system_commands()`` that yields
        ``SystemCommand``s (see ``HomeScreen.system_commands``). While a partner may have
        the keyboard, only Help and the screen's own commands are offered: Textual's quit,
        theme, screenshot or maximize are not a partner's to use (DESIGN.md section 7).
        """
        if not self.in_private():
            yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Help", "The keys of this screen and what the scales mean", self.action_help
        )
        screen_commands = getattr(screen, "system_commands", None)
        if callable(screen_commands):
            yield from screen_commands()

"""The workshop app: wires the screens to the live session and drives the flow."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from textual import work
from textual.app import SystemCommand
from textual.screen import Screen
from textual.theme import Theme

from vp_tui.live.clock import Clock, system_clock
from vp_tui.storage.config import ConfigError, config_path, read_config, update_config
from vp_tui.storage.errors import SessionFileError
from vp_tui.ui.base_app import WorkshopApp
from vp_tui.ui.screens.home import HomeChoice, HomeScreen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from vp_tui.live.session import LiveSession
    from vp_tui.model.flow import Turn
    from vp_tui.model.session import Session
    from vp_tui.model.templates import Template

# The home screen must show fast, so what only later screens need (pydantic, the
# models, the rating and reveal screens) is imported when they are first used.


@dataclass(frozen=True)
class Start:
    """Where the app begins: the home screen, a new session's setup, an open session, a replay;
    ``setup`` only sets a session up and exits (``vp-tui serve --new`` then hosts it)."""

    kind: Literal["home", "new", "open", "replay", "setup"] = "home"
    live: LiveSession | None = None
    path: Path | None = None
    """The file to replay."""


class VpTuiApp(WorkshopApp):
    """vp-tui: a facilitated Value Proposition workshop."""

    def __init__(
        self,
        *,
        sessions_dir: Path,
        start: Start | None = None,
        clock: Clock = system_clock,
        templates: dict[str, Template] | None = None,
        config_file: Path | None = None,
        examples_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.sessions_dir = sessions_dir
        self.examples_dir = examples_dir
        """The shipped example sessions, listed read-only on the home screen (None: not listed)."""
        self.config_file = config_file or config_path()
        """The user's settings (theme, PIN): ``$XDG_CONFIG_HOME/vp-tui/config.toml``."""
        self._saved_theme: str | None = None
        self.start = start or Start()
        self.clock = clock
        self._templates = templates
        self.live: LiveSession | None = None
        self.created: LiveSession | None = None
        """The session set up when started with ``Start("setup")``."""

    @property
    def templates(self) -> dict[str, Template]:
        """The partnership templates: shipped ones and the facilitator's own, read once."""
        if self._templates is None:
            from vp_tui.model.templates import load_templates

            self._templates = load_templates([self.sessions_dir / "templates"])
        return self._templates

    def on_mount(self) -> None:
        self.use_settings()
        self.run_flow()

    # Settings that last (storage/config.py) ---------------------------------------------

    def use_settings(self) -> None:
        """Take the theme chosen last time; say in one line what is wrong with the file."""
        config, problem = read_config(self.config_file)
        if problem is not None:
            self.notify(problem, title="Settings", severity="warning", markup=False, timeout=10)
        if config.theme is not None and config.theme in self.available_themes:
            self.theme = config.theme
        self._saved_theme = config.theme or self.theme
        self.theme_changed_signal.subscribe(self, self._keep_theme)

    def _keep_theme(self, theme: Theme) -> None:
        """Remember the theme chosen in the palette for the next run."""
        if theme.name == self._saved_theme:
            return
        try:
            update_config(self.config_file, theme=theme.name)
        except ConfigError as error:
            self.notify(str(error), title="Theme not kept", severity="warning", markup=False)
            return
        self._saved_theme = theme.name

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The shared commands, and the facilitator's PIN when no partner has the keyboard."""
        yield from super().get_system_commands(screen)
        if self.in_private():
            return
        config, _problem = read_config(self.config_file)
        if config.pin is None:
            yield SystemCommand(
                "Set a PIN",
                "Ask the facilitator's PIN before leaving a session under way",
                self.change_pin,
            )
        else:
            yield SystemCommand(
                "Change the PIN",
                "The facilitator's PIN, asked before leaving a session under way",
                self.change_pin,
            )
            yield SystemCommand(
                "Remove the PIN",
                "Leaving a session under way asks for no PIN",
                self.remove_pin,
            )

    @work(exclusive=True, group="pin")
    async def change_pin(self) -> None:
        """Set the facilitator's PIN, or change it once the current one is typed."""
        from vp_tui.ui.guard import set_pin

        await set_pin(self, self.config_file)

    @work(exclusive=True, group="pin")
    async def remove_pin(self) -> None:
        """Remove the facilitator's PIN, once it is typed."""
        from vp_tui.ui.guard import remove_pin

        await remove_pin(self, self.config_file)

    # The flow ---------------------------------------------------------------------------

    @work(exclusive=True, group="flow")
    async def run_flow(self) -> None:
        """The whole life of the app: home, setup, the rounds, the reveal, and back home."""
        start = self.start
        if start.kind == "open" and start.live is not None:
            if await self.run_session(start.live) == "left":
                self.exit()  # started on one session: leaving it is leaving the app
                return
        elif start.kind == "new":
            live = await self.set_up_new_session()
            if live is not None:
                await self.run_session(live)
        elif start.kind == "replay" and start.path is not None:
            await self.replay(start.path)
        elif start.kind == "setup":
            self.created = await self.set_up_new_session()
            self.exit()
            return
        # The home screen comes back on the session last opened or replayed.
        selected = start.path or (start.live.path if start.live else None)
        while True:
            choice: HomeChoice = await self.push_screen_wait(
                HomeScreen(
                    self.sessions_dir,
                    clock=self.clock,
                    examples_dir=self.examples_dir,
                    selected=selected,
                )
            )
            selected = choice.path or selected
            if choice.action == "quit":
                self.exit()
                return
            if choice.action == "new":
                live = await self.set_up_new_session()
            elif choice.action == "open" and choice.path is not None:
                live = self.open_session(choice.path)
            elif choice.action == "next" and choice.path is not None:
                live = self.start_next_session(choice.path)
            else:
                live = None
                if choice.path is not None:
                    await self.replay(choice.path)
            if live is not None:
                selected = live.path or selected
                await self.run_session(live)

    async def set_up_new_session(self, resumed: LiveSession | None = None) -> LiveSession | None:
        """Run the setup screen, saving from the first valid setup on; the session to rate.

        The file is created, in phase setup, as soon as what is typed makes a valid session
        (a title and two partners), and every later edit is saved in the background; a
        ``resumed`` session in phase setup goes on where it stopped.
        """
        from vp_tui.live.session import LiveSession
        from vp_tui.model.next_session import through_setup
        from vp_tui.ui.screens.setup import SetupScreen

        live = resumed
        failed = False

        def keep(session: Session) -> Path | None:
            nonlocal live, failed
            if live is not None:
                live.replace_setup(through_setup(live.session, session))
                return live.path
            if failed:
                return None  # said once; start (ctrl+s) tries again and says why
            try:
                live = LiveSession.create(self.sessions_dir, session, clock=self.clock)
            except SessionFileError as error:
                failed = True
                self.notify(
                    f"{error}. The setup is not saved yet.",
                    title="Cannot save the setup",
                    severity="error",
                    markup=False,
                )
                return None
            loop = asyncio.get_running_loop()
            live.on_save_error(
                lambda message: loop.call_soon_threadsafe(self._tell_save_failed, message)
            )
            return live.path

        screen = SetupScreen(
            self.templates,
            clock=self.clock,
            session=resumed.session if resumed else None,
            keep=keep,
            saved_in=resumed.path if resumed else None,
        )
        try:
            session = await self.push_screen_wait(screen)
        except BaseException:
            if live is not None and live is not resumed:
                live.close()  # what is typed stays saved
            raise
        if session is None:
            if live is not None and live is not resumed:
                live.close()  # left: the file keeps the setup, to go on with later
            return None
        if live is None:
            try:
                live = LiveSession.create(self.sessions_dir, session, clock=self.clock)
            except SessionFileError as error:
                self.notify(
                    str(error), title="Cannot create the session", severity="error", markup=False
                )
                return None
        else:
            live.replace_setup(through_setup(live.session, session))
        live.set_phase("rating")
        return live

    def open_session(self, path: Path) -> LiveSession | None:
        """Open a session file for writing, or say in one line why not."""
        from vp_tui.live.session import LiveSession

        try:
            return LiveSession.open(path, clock=self.clock)
        except SessionFileError as error:
            self.notify(
                str(error),
                title="Cannot open the session",
                severity="error",
                markup=False,
                timeout=10,
            )
            return None

    def start_next_session(self, previous: Path) -> LiveSession | None:
        """Write the next session of the partnership of ``previous`` into the sessions folder
        and open it, or say in one line why not."""
        from vp_tui.model.next_session import NotReadyError
        from vp_tui.partnership_commands import open_next_session

        try:
            return open_next_session(self.sessions_dir, previous, self.clock)
        except (SessionFileError, NotReadyError, OSError) as error:
            self.notify(
                f"{previous.name}: {error}",
                title="No next session",
                severity="error",
                markup=False,
                timeout=10,
            )
            return None

    async def replay(self, path: Path) -> None:
        """Play a session file back, read-only (it is read, never locked nor written)."""
        from vp_tui.storage import read_session
        from vp_tui.ui.screens.replay import ReplayScreen

        try:
            session = read_session(path)
        except SessionFileError as error:
            self.notify(
                str(error), title="Cannot replay", severity="error", markup=False, timeout=10
            )
            return
        if session.phase in ("setup", "rating"):
            # Not revealed yet: who has finished what, never a rating (DESIGN.md section 7).
            from vp_tui.ui.screens.progress import ProgressScreen

            await self.push_screen_wait(ProgressScreen(session))
            return
        await self.push_screen_wait(ReplayScreen(session, path))

    def _tell_save_failed(self, message: str) -> None:
        """Say at once that a save failed."""
        self.notify(
            f"{message}. Nothing is lost yet: the session is kept in memory and saved "
            "again with the next change.",
            title="Saving failed",
            severity="error",
            markup=False,
            timeout=15,
        )

    async def run_session(self, live: LiveSession) -> Literal["ended", "left"]:
        """Take a session from wherever it stands to its end, or until the facilitator leaves
        it paused (``left``)."""
        from vp_tui.model.flow import ROUND_TITLES, ROUNDS, finished_turns, stage, turn_progress
        from vp_tui.ui.screens.equality import EqualityScreen
        from vp_tui.ui.screens.handoff import REOPEN, HandoffScreen
        from vp_tui.ui.screens.next_review import ask_next_review, next_review_words
        from vp_tui.ui.screens.since_last_time import SinceLastTimeScreen, looks_back

        # The partner who has the keyboard after finishing a turn: partner by partner, their
        # next round follows without a hand-off (None once someone else may have it).
        sitting: str | None = None

        self.live = live
        looking_back = looks_back(live.session)
        if not looking_back and live.session.phase in ("setup", "rating") and live.path:
            self.recall_statement(live.session, live.path)
        loop = asyncio.get_running_loop()
        # Not call_from_thread: it waits for the loop, which may be waiting for the saver.
        live.on_save_error(
            lambda message: loop.call_soon_threadsafe(self._tell_save_failed, message)
        )
        try:
            # The next session of a partnership starts from what it agreed and left open.
            if looking_back and not await self.push_screen_wait(SinceLastTimeScreen(live)):
                return "ended"
            while True:
                where = stage(live.session)
                if where.name == "setup":
                    if await self.set_up_new_session(live) is None:
                        return "ended"
                elif where.name == "turn" and where.turn is not None:
                    turn = where.turn
                    name = live.session.partner(turn.partner).name
                    # Partner by partner, one partner takes several rounds in one sitting:
                    # the keyboard is handed over only when another partner's turn comes.
                    if turn.partner != sitting:
                        ready = await self.push_screen_wait(
                            HandoffScreen(
                                name,
                                ROUND_TITLES[turn.round],
                                session_title=live.session.title,
                                progress=turn_progress(live.session, turn),
                                can_reopen=bool(finished_turns(live.session)),
                            )
                        )
                        if ready == REOPEN:
                            await self.reopen_a_turn(live)
                            sitting = None  # the facilitator has the keyboard now
                            continue
                        if not ready:
                            # Paused at the hand-off: back to it, or the facilitator left.
                            place = f"Before {name}'s turn: {ROUND_TITLES[turn.round]}."
                            if await self.paused(live, place):
                                continue
                            return "left"
                    if not await self.take_turn(live, turn):
                        return "left"
                    sitting = turn.partner
                elif where.name == "ready":
                    sitting = None
                    facilitator = live.session.facilitator or "the facilitator"
                    ready = await self.push_screen_wait(
                        HandoffScreen(
                            facilitator,
                            "the reveal",
                            session_title=live.session.title,
                            reveal=True,
                            progress=f"Every partner has answered all {len(ROUNDS)} rounds.",
                            can_reopen=True,
                        )
                    )
                    if ready == REOPEN:
                        await self.reopen_a_turn(live)
                        continue
                    if not ready:
                        if await self.paused(live, "Before the reveal."):
                            continue
                        return "left"
                    live.set_phase("reveal")
                else:
                    finished = await self.push_screen_wait(EqualityScreen(live))
                    if finished and live.session.phase != "complete":
                        live.set_phase("complete")
                        await ask_next_review(self, live, self.templates)
                        await live.saved()
                        self.notify(
                            f"Saved. {next_review_words(live.session.next_review)}. "
                            f"Share it with: vp-tui report {live.path}",
                            title="Session complete",
                            markup=False,
                            timeout=12,
                        )
                    return "ended"
        finally:
            self.live = None
            live.close()

    async def take_turn(self, live: LiveSession, turn: Turn) -> bool:
        """One partner's turn: True once finished, False when the facilitator left it paused."""
        from vp_tui.model.flow import ROUND_TITLES
        from vp_tui.model.templates import template_for
        from vp_tui.ui.screens.turns import turn_screen

        template = template_for(self.templates, live.session.kind)
        prompts = template.prompts if template is not None else None
        suggestions = template.brings if template is not None else []
        while True:
            finished = await self.push_screen_wait(turn_screen(live, turn, prompts, suggestions))
            if finished:
                return True
            # Paused at the turn: back to the same turn, or the facilitator left.
            name = live.session.partner(turn.partner).name
            if not await self.paused(live, f"{name}'s turn: {ROUND_TITLES[turn.round]}."):
                return False

    async def reopen_a_turn(self, live: LiveSession) -> None:
        """The facilitator gives a partner a finished turn back, before the reveal: it comes
        next, and an event records it."""
        from vp_tui.model.changes import ChangeError
        from vp_tui.model.flow import ROUND_TITLES, all_turns, finished_turns
        from vp_tui.ui.guard import facilitator_allows
        from vp_tui.ui.screens.choose import ChooseScreen

        question = (
            "Reopen a finished turn? The partner takes it again before the reveal; their "
            "answers so far are kept.\n\nOnly the facilitator should answer."
        )
        if not await facilitator_allows(self, question, self.config_file, yes="Reopen"):
            return
        session = live.session
        finished = finished_turns(session)
        turns = {
            f"{turn.round}/{turn.partner}": turn for turn in all_turns(session) if turn in finished
        }
        choices = [
            (key, f"{session.partner(turn.partner).name} — {ROUND_TITLES[turn.round]}")
            for key, turn in turns.items()
        ]
        chosen = await self.push_screen_wait(ChooseScreen("Which turn?", choices))
        if chosen is None:
            return
        try:
            live.reopen_turn(turns[chosen].partner, turns[chosen].round)
        except ChangeError as error:
            self.notify(str(error), title="Not reopened", severity="error", markup=False)

    # Pausing and leaving: the facilitator's act (DESIGN.md section 7) ---------------------

    async def paused(self, live: LiveSession, where: str) -> bool:
        """Escape at a turn or a hand-off: the paused screen. True to go back to it, False
        once the facilitator has confirmed leaving (everything is saved already)."""
        from vp_tui.ui.screens.paused import PausedScreen

        screen = PausedScreen(where, session_title=live.session.title, config_file=self.config_file)
        if await self.push_screen_wait(screen):
            return True
        self.notify(
            f"Everything so far is saved; resume later with: vp-tui open {live.path}",
            title="Session paused",
            markup=False,
            timeout=10,
        )
        return False

    async def action_quit(self) -> None:
        """Quit; while a partner may have the keyboard, only once the facilitator allows it
        (quitting would hand a partner the shell)."""
        from vp_tui.ui.screens.confirm import ConfirmScreen
        from vp_tui.ui.screens.pin import PinScreen

        if not self.in_private():
            await super().action_quit()
        elif not isinstance(self.screen, ConfirmScreen | PinScreen):
            self.quit_when_allowed()

    @work(exclusive=True, group="quit")
    async def quit_when_allowed(self) -> None:
        """Ask the facilitator, then quit; the session is saved and closed on the way out."""
        from vp_tui.ui.guard import facilitator_allows

        question = (
            "Quit vp-tui in the middle of this session? Everything so far is saved; "
            "vp-tui open resumes it.\n\nOnly the facilitator should answer."
        )
        if await facilitator_allows(self, question, self.config_file, yes="Quit"):
            self.exit()

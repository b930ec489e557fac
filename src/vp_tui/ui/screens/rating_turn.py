"""What every rating turn shares: the progress line, the list, finish and pause.

A turn screen shows one partner's own answers and nobody else's. Every change
goes through the ``LiveSession`` (which saves it at once), so pausing loses
nothing; the screen only says whether the turn was finished (True) or paused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from vp_tui.live.session import LiveSession
from vp_tui.model.changes import ChangeError
from vp_tui.model.flow import (
    ROUND_TITLES,
    ROUNDS,
    Turn,
    missing_in_turn,
    round_opened_at,
    timebox_minutes,
    turn_progress,
    turn_size,
)
from vp_tui.model.session import parse_target
from vp_tui.ui.screens.review import FINISH, ReviewRow, ReviewScreen
from vp_tui.ui.widgets.key_bar import KeyBar
from vp_tui.ui.widgets.rating_items import RatingItem
from vp_tui.ui.widgets.rating_list import RatingList
from vp_tui.ui.widgets.time_left import TimeLeft


def progress_line(title: str, partner_name: str, status: str) -> Content:
    """The line at the top of a turn: the component, whose turn it is, how far along."""
    return Content.assemble((title, "bold"), " · ", (partner_name, "bold"), " · ", status)


class TurnScreen(Screen[bool]):
    """A partner's turn in one round: True when they finish it, False when they pause."""

    CSS_PATH = "../styles/turns.tcss"
    PRIVATE: ClassVar[bool] = True
    """A partner has the keyboard (see ``WorkshopApp.in_private``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "finish", "Finish", id="finish"),
        Binding("ctrl+s", "finish", "Finish", show=False),
        Binding("escape", "pause", "Pause", id="pause"),
    ]

    INSTRUCTIONS: ClassVar[str] = ""

    def __init__(self, live: LiveSession, turn: Turn, prompt: str = "") -> None:
        """``prompt`` is the template's words for the round, shown above the list."""
        super().__init__()
        self.live = live
        self.turn = turn
        self.prompt = prompt
        self.partner_name = live.session.partner(turn.partner).name
        self._status = ""
        self._message = ""

    # The progress line and the message line.

    def missing(self) -> list[str]:
        """What this partner still has to answer in this turn."""
        return missing_in_turn(self.live.session, self.turn)

    def status(self, missing: list[str]) -> str:
        """How far along the turn is, in words."""
        if not missing:
            return "all answered — press f to finish"
        size = turn_size(self.live.session, self.turn)
        return f"{len(missing)} of {size} left"

    def compose_top(self) -> ComposeResult:
        """The progress line, the time left when the round has a timebox, and the template's
        words for the round (the generic instructions when there are none)."""
        session, round_name = self.live.session, self.turn.round
        yield Static(id="turn-progress", classes="progress")
        yield TimeLeft(
            timebox_minutes(session, round_name),
            round_opened_at(session, round_name) or self.live.clock(),
            self.live.clock,
            id="turn-time",
        )
        yield Static(
            Content(self.prompt or self.INSTRUCTIONS), id="turn-instructions", classes="muted"
        )

    def compose_bottom(self) -> ComposeResult:
        """The message line and the footer."""
        yield Static(id="turn-message")
        yield KeyBar(compact=True)

    def update_progress(self) -> None:
        """Refresh the progress line when what is left changed (and only then)."""
        status = self.status(self.missing())
        if status != self._status:
            self._status = status
            session, turn = self.live.session, self.turn
            number = ROUNDS.index(turn.round) + 1
            title = f"Round {number} of {len(ROUNDS)}: {ROUND_TITLES[turn.round]}"
            ids = session.partner_ids
            whose = f"{self.partner_name}, partner {ids.index(turn.partner) + 1} of {len(ids)}"
            self.query_one("#turn-progress", Static).update(
                progress_line(title, whose, status), layout=False
            )

    def say(self, text: str | Content, *, error: bool = False) -> None:
        """Show a one-line message above the footer (empty text clears it)."""
        message = self.query_one("#turn-message", Static)
        if str(text) == self._message and message.has_class("error") == error:
            return
        self._message = str(text)
        message.set_class(error, "error")
        # Messages often quote items and names: never read them as markup.
        message.update(Content(text) if isinstance(text, str) else text, layout=False)

    def system_commands(self) -> Iterator[SystemCommand]:
        """The turn's actions for the command palette (the app adds them)."""
        yield SystemCommand(
            "Finish turn", "End this turn (everything must be answered)", self.action_finish
        )
        yield SystemCommand("Pause", "Pause the session here", self.action_pause)

    # Finish and pause.

    def describe_missing(self, missing: list[str]) -> str:
        """What is left, in words (the targets' item names)."""
        names = []
        for target in missing:
            list_name, name = parse_target(target)
            if list_name == "deal":
                names.append("the deal question")
            elif list_name == "contributions":
                names.append(self.live.session.partner(name).name)
            else:
                names.append(name)
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        return f"Not finished yet — still to answer: {shown}."

    def first_missing(self, missing: list[str]) -> None:
        """Take the partner to the first thing left (screens with a list override this)."""

    def review_rows(self) -> list[ReviewRow]:
        """This partner's answers in this turn, as the review shows them."""
        return []

    def go_back_to(self, target: str) -> None:
        """Take the partner to one answer, chosen in the review (screens with a list do)."""

    def action_finish(self) -> None:
        """Review the answers before the turn ends, or say what is left."""
        missing = self.missing()
        if missing:
            self.say(self.describe_missing(missing), error=True)
            self.first_missing(missing)
            return
        title = f"Review your answers — {ROUND_TITLES[self.turn.round]}"
        review = ReviewScreen(
            title, turn_progress(self.live.session, self.turn), self.review_rows()
        )
        self.app.push_screen(review, self._reviewed)

    def _reviewed(self, choice: str | None) -> None:
        if choice == FINISH:
            self.finish()
        elif choice is not None:
            self.go_back_to(choice)

    def finish(self) -> None:
        """End the turn (refused, with the reason, if something is left)."""
        try:
            self.live.finish_turn(self.turn.partner, self.turn.round)
        except ChangeError as error:
            self.say(str(error), error=True)
            return
        self.dismiss(True)

    def action_pause(self) -> None:
        """Pause the turn (everything answered so far is already saved): the app says
        what happens next, in person a paused screen, hosted a waiting one."""
        self.dismiss(False)


ADJUST = Binding.Group("±1")

RATING_KEYS: list[BindingType] = [
    Binding("0", "rate(0)", "Rate", key_display="0-9/t", id="rate"),
    *(Binding(str(n), f"rate({n})", show=False) for n in range(1, 10)),
    Binding("t", "rate(10)", "Rate 10", show=False, id="rate-10"),
    Binding("left", "adjust(-1)", "One less", key_display="←", id="less", group=ADJUST),
    Binding("right", "adjust(1)", "One more", key_display="→", id="more", group=ADJUST),
    # On a scale with negatives (the deal) - and + are the sign of the digit typed next;
    # elsewhere they change the rating by one, as ← and → do.
    Binding("minus", "sign(-1)", "Minus, or one less", show=False, id="minus"),
    Binding("plus,equals_sign", "sign(1)", "Plus, or one more", show=False, id="plus"),
]
"""The keys that rate the highlighted item (the list itself only moves)."""


class RatingTurnScreen(TurnScreen, inherit_bindings=False):
    """A turn spent rating a list of items with a ``RatingList``.

    The rating keys are the screen's, not the list's: a key is applied to the session,
    shown, and the highlight moved on in one step, so keys typed quickly each rate the
    next item and the change shows in one frame.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *Screen.BINDINGS,
        *RATING_KEYS,
        *TurnScreen.BINDINGS,
    ]

    TAG_WIDTH: ClassVar[int] = 0
    """The room to keep next to the labels for a tag."""

    def rating_items(self) -> list[RatingItem]:
        """What this partner rates in this turn."""
        raise NotImplementedError

    def own_values(self) -> dict[str, int]:
        """This partner's answers so far, by target (never anyone else's)."""
        raise NotImplementedError

    def tags(self) -> Mapping[str, str]:
        """Tags shown next to items, by target."""
        return {}

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield RatingList(
            self.rating_items(),
            self.own_values(),
            self.tags(),
            tag_width=self.TAG_WIDTH,
            id="rating-list",
        )
        yield from self.compose_bottom()

    def on_mount(self) -> None:
        self.update_progress()
        ratings = self.query_one(RatingList)
        missing = self.missing()
        if missing and missing[0] in {item.target for item in ratings.items}:
            ratings.move_to_target(missing[0])
        ratings.focus()

    def first_missing(self, missing: list[str]) -> None:
        """Highlight the first item left."""
        self.query_one(RatingList).move_to_target(missing[0])

    def review_rows(self) -> list[ReviewRow]:
        """Every item with this partner's answer in words (and its tag: a dealbreaker)."""
        values = self.own_values()
        tags = self.tags()
        rows = []
        for item in self.rating_items():
            value = values.get(item.target)
            answer = "—" if value is None else item.scale.answer(value)
            tag = tags.get(item.target, "")
            rows.append(
                ReviewRow(
                    item.target,
                    item.label,
                    f"{answer}  {tag}" if tag else answer,
                    item.section or "",
                )
            )
        return rows

    def go_back_to(self, target: str) -> None:
        """Highlight the item chosen in the review."""
        self.query_one(RatingList).move_to_target(target)

    def apply(self, target: str, value: int) -> bool:
        """Rate one item through the live session and show it; say why when refused."""
        try:
            self.live.rate(self.turn.partner, target, value)
        except ChangeError as error:
            self.say(str(error), error=True)
            return False
        self.query_one(RatingList).set_value(target, value)
        self.update_progress()
        if self._message:
            self.say("")
        return True

    def action_rate(self, value: int) -> None:
        """Rate the highlighted item and move on to the next one."""
        ratings = self.query_one(RatingList)
        item = ratings.current
        if item is None:
            return
        sign = ratings.sign
        if sign is not None:
            ratings.arm_sign(None)
            value *= sign
        if value not in item.scale:
            low, high = item.scale.label(item.scale.low), item.scale.label(item.scale.high)
            how = (
                "type - or + then a digit, or use ← and →"
                if item.scale.has_negatives
                else "use ← and →"
            )
            self.say(f"This one is answered from {low} to {high}: {how}.", error=True)
            return
        if self.apply(item.target, value):
            ratings.move_to(ratings.cursor + 1)

    def action_sign(self, sign: int) -> None:
        """Type the sign of the next digit on a scale with negatives; elsewhere adjust by one."""
        ratings = self.query_one(RatingList)
        item = ratings.current
        if item is None:
            return
        if not item.scale.has_negatives:
            self.action_adjust(sign)
            return
        ratings.arm_sign(sign)
        self.say("")

    def action_adjust(self, step: int) -> None:
        """Change the highlighted rating by one (an unanswered item starts in the middle)."""
        ratings = self.query_one(RatingList)
        item = ratings.current
        if item is None:
            return
        ratings.arm_sign(None)
        value = ratings.current_value
        wanted = item.scale.middle if value is None else value + step
        if wanted in item.scale and wanted != value:
            self.apply(item.target, wanted)

    def on_rating_list_rated(self, message: RatingList.Rated) -> None:
        message.stop()
        self.apply(message.target, message.value)

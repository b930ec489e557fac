"""Follow a live session from a screen or widget: its changes, as one message per burst."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.message_pump import MessagePump

from vp_tui.live.session import Announcement, LiveSession
from vp_tui.model.events import Brings, Change, Dealbreaker, Rate, SetMeaning

_ANSWERS = (Rate, Dealbreaker, Brings, SetMeaning)
"""What a partner gives within a turn, private until the reveal: nobody else's screen shows it."""


class LiveChanged(Message, bubble=False):
    """The live session changed: every change since the last such message, oldest first.

    Posted to the watcher's owner only (it does not bubble: each screen or widget that
    follows the session has its own watcher).
    """

    def __init__(self, changes: tuple[Change, ...]) -> None:
        super().__init__()
        self.changes = changes

    @property
    def answers_only(self) -> bool:
        """Whether every change is an answer within a turn (a rating, a dealbreaker, what a
        partner brings, what a value means to them): nothing that moves the flow, and nothing
        shown before the reveal."""
        changes = self.changes  # none: a setup replaced, which may change anything
        return bool(changes) and all(isinstance(change, _ANSWERS) for change in changes)


class LiveWatcher:
    """Subscribes its owner to a live session while it is mounted (``start``/``stop``) and
    hands the changes over to the owner's own message queue as one ``LiveChanged``.

    A session's subscribers are called by whichever app made the change (in the SSH server,
    another partner's): the watcher only notes the change there, and the owner's queue makes
    one message of a burst of changes, handled by ``on_live_changed``.
    """

    def __init__(
        self, live: LiveSession, owner: MessagePump, *, ignore_answers: bool = False
    ) -> None:
        """With ``ignore_answers``, a burst of answers only (another partner rating, in a hosted
        session eight times a second) brings the owner no message at all: for owners that
        show nothing of them."""
        self.live = live
        self.owner = owner
        self.ignore_answers = ignore_answers
        self._unsubscribe: Callable[[], None] | None = None
        self._unseen: list[Change] = []
        self._due = False

    @property
    def watching(self) -> bool:
        """Whether the owner follows the session now."""
        return self._unsubscribe is not None

    def start(self) -> None:
        """Follow the session (from ``on_mount``)."""
        if self._unsubscribe is None:
            self._unsubscribe = self.live.subscribe(self._heard)

    def stop(self) -> None:
        """Stop following it (from ``on_unmount``, or when the owner is out of sight for good)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._unseen = []

    def _heard(self, changes: Announcement) -> None:
        if self.ignore_answers and changes:  # none at all: anything may have changed
            changes = tuple(change for change in changes if not isinstance(change, _ANSWERS))
            if not changes:
                return
        self._unseen.extend(changes)
        if not self._due:
            self._due = self.owner.call_later(self._deliver)

    def _deliver(self) -> None:
        # Run in the owner's queue, after every message that was waiting: the whole burst.
        self._due = False
        if self._unsubscribe is None:
            return
        unseen, self._unseen = tuple(self._unseen), []
        self.owner.post_message(LiveChanged(unseen))

"""Single-use tickets: what a right join code is exchanged for, to open the websocket with,
so that the code itself never travels in a URL (nor lands in a log that records URLs)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

TICKET_SECONDS = 15.0
"""How long a ticket may wait before it opens a websocket: the page opens it at once."""
MAX_TICKETS = 256
"""Tickets waiting at once: beyond, the oldest are forgotten (each came from a right code)."""


class Tickets:
    """Tickets issued for partners, each taken at most once, within TICKET_SECONDS."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._waiting: dict[str, tuple[str, float]] = {}
        """Ticket -> (partner id, when it expires), oldest first."""

    def issue(self, partner_id: str) -> str:
        """A new ticket for this partner."""
        self._forget_expired()
        while len(self._waiting) >= MAX_TICKETS:
            del self._waiting[next(iter(self._waiting))]
        ticket = secrets.token_urlsafe(24)
        self._waiting[ticket] = (partner_id, self._clock() + TICKET_SECONDS)
        return ticket

    def take(self, ticket: str) -> str | None:
        """The partner a ticket was issued for, once: None if unknown, taken or expired."""
        found = self._waiting.pop(ticket, None)
        if found is None:
            return None
        partner_id, expires = found
        return partner_id if self._clock() < expires else None

    def _forget_expired(self) -> None:
        now = self._clock()
        for ticket, (_, expires) in list(self._waiting.items()):
            if expires <= now:
                del self._waiting[ticket]

"""Who may start logging in, and how fast codes are tried: the path before login, as OpenSSH
guards it (``MaxStartups``, ``PerSourceMaxStartups``, ``PerSourcePenalties``).

Addresses count by source: an IPv4 address is its own source, an IPv6 address counts with the
others of its /64 (what one host or home is given), and an IPv4 address written as IPv6
(``::ffff:a.b.c.d``) counts as the IPv4 one.
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from vp_tui.ssh.server import ServeConfig

T = TypeVar("T")

BUSY = "vp-tui: too many people are logging in at once; try again in a moment"
BUSY_HERE = (
    "vp-tui: too many connections are logging in from your address at once; try again in a moment"
)
MAX_SOURCES = 4096
"""Sources remembered before those with nothing left to remember are forgotten."""
COMPLETE = "vp-tui: this workshop session is complete, so its join codes no longer work"


@dataclass
class _Source:
    """What is known of one source."""

    unauthenticated: int = 0
    next_check: float = 0.0
    """When its next code may be compared."""
    penalty_until: float = 0.0
    penalised: bool = False
    """Refused until penalty_until (the penalty passed the threshold)."""
    failures: deque[float] = field(default_factory=deque)
    """When its wrong codes of the last minute came."""
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Held while one of its codes waits for its time and is compared."""


def source_of(address: str) -> str:
    """The source an address counts against: itself (IPv4), or its /64 (IPv6)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class Admission:
    """Counts connections logging in, by source, and spaces out the codes they try."""

    def __init__(
        self,
        config: ServeConfig,
        *,
        clock: Callable[[], float] = time.monotonic,
        percent: Callable[[], int] = lambda: secrets.randbelow(100),
    ) -> None:
        self.config = config
        self.unauthenticated = 0
        self.compared = 0
        """Codes compared with the join codes so far (wrong or right)."""
        self.closed: str | None = None
        """Why no one may log in any more (the session is complete), if so."""
        self._clock = clock
        self._percent = percent
        self._sources: dict[str, _Source] = {}
        self._code_tokens: dict[str, tuple[float, float]] = {}
        """Partner id -> (logins it may make at once, when that was so)."""

    # Connections

    def admit(self, source: str) -> str | None:
        """Count a new connection from the source as logging in, or say why it may not."""
        now = self._clock()
        if self.closed is not None:
            return self.closed
        if len(self._sources) > MAX_SOURCES:
            self._sweep()
        record = self._sources.get(source)
        if record is not None and self._is_penalised(record, now):
            return self.penalty_refusal(source)
        if self._drops(self.unauthenticated):
            return BUSY
        if record is not None and record.unauthenticated >= self.config.max_startups_per_source:
            return BUSY_HERE
        record = self._record(source)
        record.unauthenticated += 1
        self.unauthenticated += 1
        return None

    def release(self, source: str) -> None:
        """A connection from the source that was logging in has logged in or gone."""
        record = self._sources.get(source)
        if record is None or record.unauthenticated == 0:
            return
        record.unauthenticated -= 1
        self.unauthenticated -= 1
        self._forget_idle(source, record)

    def _drops(self, startups: int) -> bool:
        """OpenSSH's random early drop, for a connection arriving with ``startups`` others."""
        start, rate, full = self.config.max_startups
        if startups < start:
            return False
        if startups >= full or rate >= 100:
            return True
        chance = rate + (100 - rate) * (startups - start) // (full - start)
        return self._percent() < chance

    # Codes

    async def compare(self, source: str, compare: Callable[[], T | None]) -> T | None:
        """Compare a code from the source when its turn comes: after the source's earlier
        codes, and not before ``failure_delay`` after its last wrong one. None if wrong, or
        refused unseen because the source is penalised meanwhile."""
        record = self._record(source)
        async with record.turn:
            wait = record.next_check - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
            if self._is_penalised(record, self._clock()):
                return None
            self.compared += 1
            found = compare()
            if found is None:
                record.next_check = self._clock() + self.config.failure_delay
            return found

    def failed(self, source: str) -> int:
        """A wrong code from the source (or one refused unseen): add to its penalty; returns
        its wrong codes in the last minute, this one included."""
        now = self._clock()
        record = self._record(source)
        config = self.config
        record.penalty_until = min(
            max(record.penalty_until, now) + config.penalty_per_failure, now + config.penalty_max
        )
        if record.penalty_until - now > config.penalty_threshold:
            record.penalised = True
        record.failures.append(now)
        while record.failures and record.failures[0] <= now - 60:
            record.failures.popleft()
        return len(record.failures)

    def penalised(self, source: str) -> bool:
        """Whether the source is refused for its wrong codes now."""
        record = self._sources.get(source)
        return record is not None and self._is_penalised(record, self._clock())

    def penalty_refusal(self, source: str) -> str:
        """What a penalised source is told."""
        record = self._sources.get(source)
        left = 0.0 if record is None else record.penalty_until - self._clock()
        return (
            "vp-tui: too many wrong join codes from your address; "
            f"try again in {max(1, round(left))} s"
        )

    def _is_penalised(self, record: _Source, now: float) -> bool:
        if record.penalty_until <= now:
            record.penalised = False
        return record.penalised

    async def login_turn(self, partner_id: str) -> None:
        """Wait until a login with this code may go ahead: ``code_logins_burst`` in a row,
        then one every ``code_login_interval`` seconds."""
        burst, interval = float(self.config.code_logins_burst), self.config.code_login_interval
        if interval <= 0:
            return
        now = self._clock()
        tokens, since = self._code_tokens.get(partner_id, (burst, now))
        tokens = min(burst, tokens + (now - since) / interval)
        # Below one token, the login waits for it; below zero, others are waiting before it.
        wait = max(0.0, (1.0 - tokens) * interval)
        self._code_tokens[partner_id] = (tokens - 1.0, now)
        if wait > 0:
            await asyncio.sleep(wait)

    # Records

    def _record(self, source: str) -> _Source:
        record = self._sources.get(source)
        if record is None:
            record = self._sources[source] = _Source()
        return record

    def _sweep(self) -> None:
        for source, record in list(self._sources.items()):
            self._forget_idle(source, record)

    def _forget_idle(self, source: str, record: _Source) -> None:
        now = self._clock()
        if (
            record.unauthenticated == 0
            and record.penalty_until <= now
            and record.next_check <= now
            and not record.turn.locked()
            and (not record.failures or record.failures[-1] <= now - 60)
        ):
            del self._sources[source]

"""Join codes: short random secrets a partner types to join, read aloud or copied from a chat."""

from __future__ import annotations

import hmac
import math
import secrets
from collections.abc import Iterable

ALPHABET = "23456789ACDEFGHJKMNPQRTVWXY"
"""27 characters that survive being read aloud or retyped: no 0, O, 1, I or L, and only one of
each look-alike pair B/8, S/5, Z/2 and U/V."""

LENGTH = 10
"""Characters in a code: 10 of 27 is about 47.5 bits, above the 40 the design asks for."""

GROUPS = (4, 4, 2)
"""How a code is shown: "KQ7M-9XRT-H4"."""

ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))

_ALLOWED = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh random join code, grouped for reading ("KQ7M-9XRT-H4")."""
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalise(text: str) -> str:
    """The canonical form of a typed code: upper case, without dashes, spaces or other separators."""
    return "".join(
        character for character in text.upper() if character.isascii() and character.isalnum()
    )


def is_well_formed(text: str) -> bool:
    """Whether the text, once normalised, could be a join code at all."""
    code = normalise(text)
    return len(code) == LENGTH and all(character in _ALLOWED for character in code)


def format_code(text: str) -> str:
    """A code in groups separated by dashes, as shown to people."""
    code = normalise(text)
    groups: list[str] = []
    start = 0
    for size in GROUPS:
        if start >= len(code):
            break
        groups.append(code[start : start + size])
        start += size
    if start < len(code):
        groups.append(code[start:])
    return "-".join(groups)


def match_code(typed: str, codes: Iterable[tuple[str, str]]) -> str | None:
    """The partner id whose (normalised) code equals the typed text, compared in constant time."""
    candidate = normalise(typed).encode("ascii")
    found: str | None = None
    # Every code is compared, and with compare_digest, so that the time taken does not tell an
    # attacker how much of a guess was right.
    for code, partner_id in codes:
        if hmac.compare_digest(candidate, code.encode("ascii")) and candidate:
            found = partner_id
    return found

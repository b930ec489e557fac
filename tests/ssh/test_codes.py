"""Join codes: random, unambiguous, at least 40 bits, forgiving of how they are typed."""

from __future__ import annotations

import re

from vp_tui.ssh.codes import (
    ALPHABET,
    ENTROPY_BITS,
    format_code,
    is_well_formed,
    match_code,
    new_code,
    normalise,
)


def test_a_new_code_is_grouped_unambiguous_and_strong_enough() -> None:
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}", code), code
        assert not set(code) & set("0O1IL")
        assert is_well_formed(code)
    assert ENTROPY_BITS >= 40
    assert 23 <= len(ALPHABET) <= 28
    assert len(set(ALPHABET)) == len(ALPHABET)


def test_every_character_of_the_alphabet_turns_up() -> None:
    seen = set("".join(new_code() for _ in range(300)))
    assert seen - {"-"} == set(ALPHABET)


def test_a_code_may_be_typed_in_any_case_with_or_without_dashes_or_spaces() -> None:
    assert normalise(" kq7m-9XRT h4\t") == "KQ7M9XRTH4"
    assert normalise("KQ7M–9XRT—H4") == "KQ7M9XRTH4"  # dashes pasted from a chat
    assert format_code("kq7m9xrth4") == "KQ7M-9XRT-H4"
    codes = (("KQ7M9XRTH4", "ana"), ("W3CPDEFG7N", "ben"))
    assert match_code("kq7m 9xrt-h4", codes) == "ana"
    assert match_code("w3cp-defg-7n", codes) == "ben"
    assert match_code("KQ7M-9XRT-H5", codes) is None
    assert match_code("", codes) is None
    assert match_code("---", codes) is None

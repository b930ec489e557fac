"""Text report columns measured by terminal cells as Textual draws them, emoji sequences too.

``report`` may not import Rich, so it measures with ``wcwidth``; these tests check that it
gives Rich's widths (what Textual draws) and that the text report's columns line up.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.conftest import GOOD
from vp_tui.report.layout import cell_width, clip, partner_labels, wrap
from vp_tui.report.text_report import render_text
from vp_tui.storage import read_session

FAMILY = "👨\u200d👩\u200d👧\u200d👦"
SAMPLES = {
    "cjk": "山田花子",
    "hangul": "김민준",
    "zwj family": FAMILY,
    "zwj couple": "👩\u200d❤\ufe0f\u200d👨",
    "zwj profession": "👩\u200d💻",
    "rainbow flag": "🏳\ufe0f\u200d🌈",
    "flag": "🇫🇷",
    "two flags": "🇫🇷🇩🇪",
    "tag flag": "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "vs16 heart": "❤\ufe0f",
    "vs15 heart": "❤\ufe0e",
    "skin tone": "👍🏽",
    "keycap": "1\ufe0f\u20e3",
    "combining marks": "Zoe\u0308 Rene\u0301e",
    "devanagari": "नमस्ते",
    "fullwidth": "ＡＢＣ",
    "ascii": "Ana Ruiz",
}


@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_cell_width_is_what_textual_draws(text: str) -> None:
    assert cell_width(text) == cell_len(text)


def test_emoji_sequences_take_two_cells() -> None:
    sequences = ("zwj family", "flag", "vs16 heart", "keycap", "tag flag")
    assert [cell_width(SAMPLES[key]) for key in sequences] == [2] * len(sequences)
    assert cell_width(SAMPLES["combining marks"]) == 9


def test_a_cut_never_splits_an_emoji_sequence() -> None:
    cut = clip(FAMILY * 3, 5)
    assert cut == FAMILY * 2 + "…"
    lines = wrap("x" + FAMILY * 6, 5)
    assert all(cell_len(line) <= 5 for line in lines)
    assert "".join(lines) == "x" + FAMILY * 6


def test_partner_labels_fit_their_columns_by_cells() -> None:
    labels = partner_labels([("a", f"Zoë {FAMILY} Martin"), ("b", "山田 花子 🇯🇵")], 8)
    assert all(cell_len(label) <= 8 for label in labels.labels.values())


def test_text_report_columns_line_up_with_emoji_names_and_items() -> None:
    # Given partners and values named with emoji sequences, flags and combining marks
    session = read_session(GOOD / "worked-example.toml")
    session.partners[0].name = f"Zoë {SAMPLES['zwj profession']}"
    session.partners[1].name = "Ren\u0301e 🇫🇷"
    session.values[0].item = f"Family first {FAMILY}"
    session.values[1].item = "Love ❤\ufe0f"
    session.values[2].item = "Quality 1\ufe0f\u20e3"
    # When the text report lays out the shared values table
    text = render_text(session)
    block = text.split("Shared values:")[1].split("\n\n")[0].splitlines()[2:]
    rows = [
        line
        for line in block
        if line.startswith("  ") and line.split()[-1] in ("aligned", "RISK", "SYNC", "Status")
    ]
    assert len(rows) == 1 + len(session.values)
    # Then the gap column ends at the same cell on every row, as a terminal draws them
    ends = set()
    for row in rows:
        status = "Status" if row.rstrip().endswith("Status") else row.split("  ")[-1]
        ends.add(cell_len(row[: row.rindex(status)].rstrip()))
    assert len(ends) == 1, rows

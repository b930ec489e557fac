"""The shipped examples: read-only from the command line too; the package holds them."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLES
from vp_tui.storage import read_session
from vp_tui.storage.paths import EXAMPLES_DIR, session_files


def test_the_package_ships_the_seven_examples_and_each_reads() -> None:
    assert EXAMPLES.resolve() == EXAMPLES_DIR
    files = session_files(EXAMPLES_DIR)
    assert len(files) == 7
    for path in files:
        read_session(path)


def test_the_examples_tell_a_partnership_over_time() -> None:
    # Northwind & Bloom, three sessions: each carries the open actions of the one before,
    # and Keeping commitments was at risk in two of them (remedied in October).
    [april, july, october] = [
        read_session(path) for path in sorted(EXAMPLES_DIR.glob("*northwind-bloom*.toml"))
    ]
    assert {april.partnership, july.partnership, october.partnership} == {
        "Northwind Foods & Bloom Bakery — wholesale"
    }
    carried = [(a.text, a.carried_from) for a in october.actions if a.carried_from]
    assert carried == [
        ("Put the delivery schedule in writing", "2026-07-14-northwind-bloom-summer-review.toml"),
        (
            "Weekly call on Mondays to confirm the week's slots",
            "2026-07-14-northwind-bloom-summer-review.toml",
        ),
    ]
    assert [a.carried_from for a in july.actions][:2] == [
        "2026-04-14-northwind-bloom-first-look.toml"
    ] * 2
    from vp_tui.model.compare import compare_sessions

    comparison = compare_sessions([april, july, october])
    assert [(item.flag.label, item.times) for _name, item in comparison.recurring] == [
        ("Keeping commitments", 2)
    ]


def test_open_refuses_an_example_in_one_line_and_leaves_it_alone() -> None:
    example = EXAMPLES_DIR / "2026-11-26-greenleaf-affiliate.toml"
    before = example.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "vp_tui", "open", str(example)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "an example, read-only: copy it into your sessions folder" in result.stderr
    assert example.read_bytes() == before
    assert not example.with_name(f".{example.name}.lock").exists()

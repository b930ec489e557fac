"""``vp-tui partnerships``: every partnership of the folder, and ``--due`` for cron.

The clock is frozen: ``local_today`` gives TODAY.
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import tomli_w

from tests.conftest import DATA
from vp_tui.cli import main
from vp_tui.model import changes
from vp_tui.model import review as reviewing
from vp_tui.storage import read_session, save_session

PORTFOLIO = DATA / "portfolio"
TODAY = date(2027, 4, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reviewing, "local_today", lambda: TODAY)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Ana & Ben's three check-ins (the last, 2026-09-10, set its next review on 2027-03-10
    and left one action open, due 2027-04-01) and a calm personal partnership reviewed
    last month."""
    for path in PORTFOLIO.glob("*.toml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    autumn = tmp_path / "2026-09-10-autumn-check-in.toml"
    session = read_session(autumn)
    changes.set_phase(session, "complete")
    session.next_review = date(2027, 3, 10)
    action = changes.add_action(session, "Write the support policy", owner="ben")
    changes.edit_action(session, action, due=date(2027, 4, 1))
    changes.add_action(session, "Share the sales figures monthly", owner="everyone")
    save_session(session, autumn)
    calm = tomllib.loads(autumn.read_text(encoding="utf-8"))
    calm.update(
        title="Sam & Alex — spring check-in",
        partnership="Sam & Alex",
        kind="personal",
        created=datetime(2027, 3, 20, 10, tzinfo=UTC),
        next_review=date(2027, 9, 20),
        actions=[],
        events=[],
    )
    (tmp_path / "2027-03-20-sam-alex.toml").write_text(tomli_w.dumps(calm), encoding="utf-8")
    return tmp_path


def _run(folder: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--sessions-dir", str(folder), "partnerships", *args])
    return code, capsys.readouterr().out


def test_due_exits_1_and_says_what_until_the_review_and_the_action_are_done(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(folder, "--due", capsys=capsys)
    assert code == 1
    assert "Ana & Ben — online course [DUE]" in out
    assert "Next review: 2027-03-10, due 36 days ago" in out
    assert "Write the support policy (Ben Okafor, due 2027-04-01, OVERDUE)" in out
    assert "Sam & Alex" not in out  # not due: --due prints only what is

    # The action is done; the review took place (a finished session, next review in autumn).
    autumn = folder / "2026-09-10-autumn-check-in.toml"
    session = read_session(autumn)
    changes.edit_action(session, "a1", status="done")
    save_session(session, autumn)
    code, out = _run(folder, "--due", capsys=capsys)
    assert code == 1 and "OVERDUE" not in out  # the review is still due
    assert "Write the support policy (Ben Okafor, due 2027-04-01, done)" in out
    session = read_session(autumn)
    session.created = datetime(2027, 4, 14, 10, tzinfo=UTC)
    session.next_review = date(2027, 10, 14)
    save_session(session, folder / "2027-04-14-spring-review.toml")
    assert _run(folder, "--due", capsys=capsys) == (0, "")


def test_text_lists_every_partnership_what_needs_attention_first(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(folder, capsys=capsys)
    assert code == 0
    assert out.index("Ana & Ben — online course") < out.index("Sam & Alex")
    assert "2 partnerships: 1 due for review, 1 with overdue actions." in out
    assert "Latest: 2026-09-10 Ana & Ben — autumn check-in (complete); 3 sessions" in out
    assert "Anticipated value  OUT OF SYNC   4.50  ↓ worse" in out
    assert "Actions: 2 open, 1 overdue" in out
    assert "Next review: 2027-09-20, in 158 days" in out
    # Customer service at risk in spring and summer, fixed in autumn; Ben's net short of
    # Ana's in summer and autumn.
    assert (
        "  Recurring: Customer service (Shared values): at risk or worse in 2 of the\n"
        "      last 3 sessions\n"
        "  Recurring: Ben Okafor's net (Anticipated value): at risk or worse in 2 of\n"
    ) in out


def test_markdown_and_json_say_the_same(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, markdown = _run(folder, "--format", "markdown", capsys=capsys)
    assert "## Current partnerships" in markdown
    assert "### Ana & Ben — online course — **due**" in markdown
    assert "| Anticipated value | OUT OF SYNC | 4.50 | ↓ worse |" in markdown
    assert "  - Write the support policy (Ben Okafor, due 2027-04-01, OVERDUE)" in markdown
    _code, text = _run(folder, "--format", "json", capsys=capsys)
    data = json.loads(text)
    assert (data["today"], data["due"]) == ("2027-04-15", True)
    ana_ben, sam_alex = data["partnerships"]
    assert ana_ben["name"] == "Ana & Ben — online course" and ana_ben["sessions"] == 3
    assert (ana_ben["next_review"], ana_ben["review_due"]) == ("2027-03-10", True)
    assert ana_ben["actions"][0] == {
        "text": "Write the support policy",
        "owner": "Ben Okafor",
        "due": "2027-04-01",
        "status": "open",
        "overdue": True,
    }
    assert ana_ben["components"]["values"] == {"verdict": "aligned", "gap": 1.0, "trend": "better"}
    assert ana_ben["recurring"][0] == {
        "kind": "value",
        "component": "values",
        "item": "Customer service",
        "verdict": "at risk",
        "times": 2,
        "window": 3,
        "not_remedied": False,
    }
    assert (sam_alex["due"], sam_alex["stage"]) == (False, "current")


def test_a_prospective_alliance_is_a_group_of_its_own_with_its_decision(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calm = folder / "2027-03-20-sam-alex.toml"
    session = read_session(calm)
    session.stage = "prospective"
    changes.set_decision(session, "go-with-conditions", "Once the figures are shared.")
    changes.add_action(session, "Share the figures", owner="ana")
    save_session(session, calm)
    _code, out = _run(folder, capsys=capsys)
    prospective = out[out.index("Prospective alliances") :]
    assert "Sam & Alex" in prospective and "Ana & Ben" not in prospective
    assert "Decision: go with conditions (0 of 1 conditions done)" in prospective


def test_a_broken_file_is_left_out_in_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "broken.toml").write_text("title = ", encoding="utf-8")
    code = main(["--sessions-dir", str(folder), "partnerships"])
    captured = capsys.readouterr()
    assert code == 0 and "Ana & Ben" in captured.out
    [line] = captured.err.splitlines()
    assert line.startswith("vp-tui partnerships: left out ") and "broken.toml" in line

"""`vp-tui report` before the reveal: who has finished which round, never a rating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import GOOD
from vp_tui import cli
from vp_tui.model import changes
from vp_tui.model.session import Session
from vp_tui.storage import read_session, save_session
from vp_tui.storage.config import Config, write_config

FORMATS = ("text", "markdown", "html", "json")


def under_way(tmp_path: Path, phase: str, value: int = 7) -> tuple[Path, Session]:
    """The worked example taken back before its reveal: Ana has answered and finished the
    first round with ``value``s; Ben's ratings from the file are still there."""
    session = read_session(GOOD / "worked-example.toml")
    for list_name in ("benefits", "costs"):
        for entry in session.rated_list(list_name):
            changes.rate(session, "ana", f"{list_name}/{entry.item}", value)
    changes.rate(session, "ana", "deal", 2 if value > 5 else -2)
    changes.finish_turn(session, "ana", "anticipated")
    session.phase = phase  # type: ignore[assignment]
    path = tmp_path / f"under-way-{value}.toml"
    save_session(session, path)
    return path, session


def report(path: Path, report_format: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["report", str(path), "--format", report_format]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("phase", ["setup", "rating"])
@pytest.mark.parametrize("report_format", FORMATS)
def test_a_report_before_the_reveal_shows_progress_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], phase: str, report_format: str
) -> None:
    path, session = under_way(tmp_path, phase)
    shown = report(path, report_format, capsys)
    # Who finished which round: Ana the first, nobody else anything
    assert "Not revealed yet" in shown or '"overall": "unrevealed"' in shown
    for partner in session.partners:
        assert partner.name in shown or partner.id in shown
    # Never a rating, an item, a gap or a verdict
    for entry in [*session.benefits, *session.costs, *session.values]:
        assert entry.item not in shown
    for word in ("aligned", "at risk", "out of sync", "gap", "benefit", "net"):
        assert word not in shown.lower().replace("not revealed", "")


@pytest.mark.parametrize("report_format", FORMATS)
def test_a_report_before_the_reveal_is_the_same_whatever_the_ratings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report_format: str
) -> None:
    high, _ = under_way(tmp_path, "rating", 9)
    low, _ = under_way(tmp_path, "rating", 1)
    assert report(high, report_format, capsys) == report(low, report_format, capsys)


def test_the_json_progress_says_who_finished_what(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = under_way(tmp_path, "rating")
    data = json.loads(report(path, "json", capsys))
    assert data["overall"] == "unrevealed" and data["phase"] == "rating"
    assert data["progress"] == {"ana": ["anticipated"], "ben": []}
    assert not {"anticipated", "values", "contribution"} & set(data)


def test_the_text_progress_is_a_table_of_rounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, session = under_way(tmp_path, "rating")
    lines = report(path, "text", capsys).splitlines()
    names = {partner.id: partner.name for partner in session.partners}
    assert lines[0] == session.title
    assert [line.split()[-4:] for line in lines if line.startswith(names["ana"])] == [
        ["done", "-", "-", "-"]
    ]
    assert [line.split()[-4:] for line in lines if line.startswith(names["ben"])] == [
        ["-", "-", "-", "-"]
    ]


def test_user_text_stays_inert_in_the_progress_html_and_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, session = under_way(tmp_path, "rating")
    session.title = "<script>x</script> *bold* [link](y)"
    save_session(session, path)
    page = report(path, "html", capsys)
    assert "<script>" not in page and "&lt;script&gt;" in page
    markdown = report(path, "markdown", capsys)
    assert "\\*bold\\*" in markdown and "\\[link\\]" in markdown


def test_a_revealed_session_still_reports_the_equality_view(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(report(GOOD / "worked-example.toml", "json", capsys))
    assert data["overall"] != "unrevealed" and "anticipated" in data


def test_the_app_uses_the_settings_sessions_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VP_TUI_SESSIONS", raising=False)
    write_config(Config(sessions_dir=str(tmp_path / "clients")), tmp_path / "c" / "config.toml")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    monkeypatch.setattr("vp_tui.storage.config.config_path", lambda: tmp_path / "c" / "config.toml")
    assert cli._sessions_folder(None) == tmp_path / "clients"
    assert cli._sessions_folder("elsewhere") == Path("elsewhere")
    monkeypatch.setenv("VP_TUI_SESSIONS", "/from/env")
    assert cli._sessions_folder(None) == Path("/from/env")


def test_without_settings_the_sessions_folder_is_dot_sessions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VP_TUI_SESSIONS", raising=False)
    assert cli._sessions_folder(None) == Path("sessions")

"""The home screen's portfolio: sessions grouped per partnership, with each gap's trend.

Figures of tests/data/portfolio are worked out by hand in test_compare.py's docstring.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from tests.conftest import BROKEN, DATA, EXAMPLES
from vp_tui.model.portfolio import portfolio
from vp_tui.storage.summary import CACHE_VERSION, SessionSummary, SummaryCache, read_summary

PORTFOLIO = DATA / "portfolio"
AUTUMN = PORTFOLIO / "2026-09-10-autumn-check-in.toml"


def summaries_of(*folders: Path) -> list[SessionSummary]:
    return [read_summary(path) for folder in folders for path in sorted(folder.glob("*.toml"))]


def test_a_summary_knows_its_partnership_and_each_components_verdict_and_gap() -> None:
    summary = read_summary(AUTUMN)
    assert summary.partnership == "Ana & Ben — online course"
    assert summary.partnership_key == "ana & ben — online course"
    assert summary.created_at == "2026-09-10T10:00:00.000000Z"
    assert summary.verdicts == ("out of sync", "aligned", "at risk")
    assert summary.gaps == (4.5, 1.0, 3.0)
    assert summary.verdict == "out of sync"


def test_sessions_of_one_partnership_are_grouped_newest_first_with_trends() -> None:
    groups = portfolio(summaries_of(PORTFOLIO, EXAMPLES))
    ana_ben = next(group for group in groups if group.name == "Ana & Ben — online course")
    assert [summary.created for summary in ana_ben.sessions] == [
        "2026-09-10",
        "2026-06-10",
        "2026-03-10",
    ]
    assert ana_ben.overall == "out of sync"
    # Since June: anticipated 3 -> 4.5, values 3 -> 1, contribution 2 -> 3.
    assert [(c.component, c.verdict, c.gap, c.trend) for c in ana_ben.components] == [
        ("anticipated", "out of sync", 4.5, "worse"),
        ("values", "aligned", 1.0, "better"),
        ("contribution", "at risk", 3.0, "worse"),
    ]
    # Among the examples, Northwind & Bloom has three sessions (values at risk, then better);
    # the four other partnerships one each: no trend yet.
    northwind = next(group for group in groups if group.name.startswith("Northwind"))
    assert [summary.created for summary in northwind.sessions] == [
        "2026-10-14",
        "2026-07-14",
        "2026-04-14",
    ]
    assert [(c.component, c.trend) for c in northwind.components] == [
        ("anticipated", "same"),
        ("values", "better"),
        ("contribution", "same"),
    ]
    others = [group for group in groups if group not in (ana_ben, northwind)]
    assert len(others) == 4
    assert all(len(group.sessions) == 1 for group in others)
    assert all(c.trend is None for group in others for c in group.components)


def test_the_most_recently_evaluated_partnership_comes_first() -> None:
    groups = portfolio(summaries_of(EXAMPLES, PORTFOLIO))
    latest = [group.latest.created for group in groups]
    assert latest == sorted(latest, reverse=True)
    assert groups[0].latest.created == "2026-11-26"


def test_a_session_without_a_key_joins_by_title_ignoring_case_and_spaces(tmp_path: Path) -> None:
    first = (EXAMPLES / "2026-11-02-ana-ben-online-course.toml").read_text(encoding="utf-8")
    retitled = first.replace(
        'title = "Ana & Ben — online course joint venture"',
        'title = "ana & ben —  Online Course joint venture"',
    ).replace("created = 2026-11-02T14:00:00Z", "created = 2026-12-01T09:00:00Z")
    (tmp_path / "a.toml").write_text(first, encoding="utf-8")
    (tmp_path / "b.toml").write_text(retitled, encoding="utf-8")
    [group] = portfolio(summaries_of(tmp_path))
    assert [summary.path.name for summary in group.sessions] == ["b.toml", "a.toml"]
    assert group.name == "ana & ben — Online Course joint venture"  # as the latest says it
    assert [c.trend for c in group.components] == ["same", "same", "same"]


def test_a_missing_gap_gives_no_trend_and_broken_files_are_left_out() -> None:
    latest = read_summary(AUTUMN)
    earlier = replace(latest, created_at="2026-01-01T00:00:00.000000Z", gaps=(None, 2.0, 3.0))
    broken = read_summary(BROKEN / "deal-4.toml")
    [group] = portfolio([earlier, broken, latest])
    assert group.sessions == (latest, earlier)
    assert [c.trend for c in group.components] == [None, "better", "same"]


def test_the_cache_keeps_the_new_fields_and_ignores_an_old_cache(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / AUTUMN.name
    shutil.copy(AUTUMN, path)
    cache = SummaryCache(tmp_path / "cache")
    fresh = cache.summary(path)
    cache.save()
    assert SummaryCache(tmp_path / "cache").cached(path) == fresh

    # A cache written by an older vp-tui lacks the partnership: it is read again instead.
    cache_file = tmp_path / "cache" / "summaries.json"
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    assert data["version"] == CACHE_VERSION
    data["version"] = CACHE_VERSION - 1
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert SummaryCache(tmp_path / "cache").cached(path) is None


def test_the_portfolio_and_the_cache_stay_quick_to_import() -> None:
    """The home screen's first frame must not wait for pydantic or the scoring code."""
    probe = (
        "import sys\nimport vp_tui.model.portfolio, vp_tui.storage.summary\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'"
        " or m in ('vp_tui.model.session', 'vp_tui.model.scoring')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

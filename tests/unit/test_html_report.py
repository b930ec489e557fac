"""The HTML report: one self-contained page that says what the text report says, safely."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, GOOD
from vp_tui.cli import main
from vp_tui.model.scoring import equality_view
from vp_tui.model.session import Action, Note, Session
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.report import RENDERERS, render_html
from vp_tui.report.sections import verdict_word
from vp_tui.storage import read_session, save_session

SESSION_FILES = [*sorted(EXAMPLES.glob("*.toml")), GOOD / "worked-example.toml"]
AT_RISK_EXAMPLE = EXAMPLES / "2026-11-02-ana-ben-online-course.toml"
HOSTILE = "<script>alert(1)</script>"
FROZEN = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
VOID = {"meta", "br", "hr", "col", "wbr"}


def section(page: str, component: str) -> str:
    """The markup of one component's section of the page."""
    match = re.search(rf'<section id="{component}".*?</section>', page, re.DOTALL)
    assert match, f"no section {component}"
    return match.group()


class _Nesting(HTMLParser):
    """Checks that every element is closed, in order: escaping never broke the structure."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unexpected </{tag}>")


def assert_well_formed(page: str) -> None:
    parser = _Nesting()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.open == []


def hostile_session() -> Session:
    """A session in which every piece of user text tries to become markup."""
    session = new_session(
        builtin_templates()["business"],
        title="Tom & \"Jerry\" <b>Ltd</b> 'quoted'",
        partners=[("ana", HOSTILE), ("ben", "Ben <img src=x onerror=alert(2)>")],
        facilitator="</style><script>alert(3)</script>",
        created=FROZEN,
    )
    session.values[0].item = "<iframe>Honesty"
    session.values[0].ratings = {"ana": 10, "ben": 3}
    session.values[0].dealbreaker = ["ana"]
    session.contributions[0].brings = ["<svg onload=alert(4)>"]
    session.notes.append(Note(component="general", text="Line one\n<script>alert(5)</script>"))
    session.actions.append(Action(text="<a href='javascript:x'>click</a>", owner="ana"))
    return session


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda path: path.stem)
def test_every_example_renders_with_names_and_verdicts(path: Path) -> None:
    session = read_session(path)
    page = render_html(session)
    view = equality_view(session)
    assert page.startswith("<!DOCTYPE html>")
    assert_well_formed(page)
    for partner in session.partners:
        assert html.escape(partner.name, quote=True) in page
    assert verdict_word(view.overall) in page.split('<section id="anticipated"')[0]
    assert verdict_word(view.anticipated.verdict) in section(page, "anticipated")
    assert verdict_word(view.values.verdict) in section(page, "values")
    assert verdict_word(view.contribution.verdict) in section(page, "contribution")


@pytest.mark.parametrize("path", SESSION_FILES, ids=lambda path: path.stem)
def test_no_reference_outside_the_page(path: Path) -> None:
    page = render_html(read_session(path))
    assert "http://" not in page and "https://" not in page
    assert "xmlns" not in page
    assert "<script" not in page.lower()
    assert "<link" not in page.lower() and "@import" not in page and "url(" not in page


def test_user_text_is_escaped_everywhere() -> None:
    page = render_html(hostile_session())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    for tag in ("<img", "<iframe", "<b>", "<svg onload"):
        assert tag not in page.lower()
    assert "&lt;a href=&#39;javascript:x&#39;&gt;click&lt;/a&gt;" in page
    assert "href='" not in page and 'href="javascript' not in page
    assert "Tom &amp; &#34;Jerry&#34; &lt;b&gt;Ltd&lt;/b&gt; &#39;quoted&#39;" in page
    assert page.count("</style>") == 1
    assert "http://" not in page and "https://" not in page
    assert_well_formed(page)


def test_hostile_text_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.toml"
    save_session(hostile_session(), path)
    assert main(["report", str(path), "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<script" not in out.lower()


def test_report_command_offers_html(capsys: pytest.CaptureFixture[str]) -> None:
    assert RENDERERS["html"] is render_html
    assert main(["report", str(AT_RISK_EXAMPLE), "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>")
    assert out.rstrip().endswith("</html>")


def test_html_report_command_imports_no_textual() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from vp_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['report', {str(AT_RISK_EXAMPLE)!r}, '--format', 'html'])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(result.stdout.split())
    assert "vp_tui.report.html_report" in loaded
    assert not {name for name in loaded if name.split(".")[0] in {"textual", "rich"}}


def test_verdicts_carry_a_symbol_and_a_colour_class() -> None:
    page = render_html(read_session(AT_RISK_EXAMPLE))
    values = section(page, "values")
    assert '<span class="badge at-risk">▲ AT RISK</span>' in values
    assert 'class="card component at-risk"' in values
    assert '<span class="badge aligned">✓ aligned</span>' in section(page, "anticipated")


def test_values_worst_first_with_a_prompt_for_each_gap() -> None:
    page = render_html(read_session(AT_RISK_EXAMPLE))
    values = section(page, "values")
    order = [values.index(name) for name in ("Customer service criteria", "Work ethic", "Honesty")]
    assert order == sorted(order)
    assert (
        "Ana Ruiz rates Customer service criteria 7 and Ben Okafor 3: what does Customer "
        "service criteria look like day to day for each of you?"
    ) in values
    assert "Ana Ruiz rates Work ethic 9 and Ben Okafor 6" in values
    assert "Honesty 10" not in values  # an aligned value needs no talk


def test_anticipated_shows_bars_deal_words_and_both_questions() -> None:
    page = render_html(read_session(AT_RISK_EXAMPLE))
    anticipated = section(page, "anticipated")
    assert anticipated.count("<svg") == 1
    assert anticipated.count("<rect") == 6  # benefit, cost and net for two partners
    assert "my partner gets a slightly better deal" in anticipated
    assert "it is even" in anticipated
    assert "Is it equal?" in anticipated and "Does it feel equal?" in anticipated
    assert "disagree" not in anticipated


def test_figures_and_feeling_that_disagree_are_flagged() -> None:
    page = render_html(read_session(EXAMPLES / "2026-09-20-sam-alex-shared-home.toml"))
    anticipated = section(page, "anticipated")
    assert "The figures and the feeling disagree" in anticipated
    assert "Sam Carter answered “my partner gets a better deal” (-2)" in anticipated
    assert "The figures say “aligned” but the deal answers say “at risk”" in anticipated
    contribution = section(page, "contribution")
    assert "Sam Carter rates their own contribution 9 and Alex Moreau&#39;s 3" in contribution
    assert "Alex Moreau rates what they bring 7; Sam Carter rates it 3" in contribution


def test_aligned_partnership_has_no_prompts() -> None:
    page = render_html(read_session(EXAMPLES / "2026-10-14-northwind-bloom-wholesale.toml"))
    assert "Talk about it" not in page


def test_dealbreaker_is_marked_and_prompted() -> None:
    session = read_session(GOOD / "worked-example.toml")
    session.values[0].dealbreaker = ["ana"]  # Work ethic, 9 and 6
    values = section(render_html(session), "values")
    assert "OUT OF SYNC" in values
    assert "★ dealbreaker for Ana Ruiz" in values
    assert "Ana Ruiz marks Work ethic as a dealbreaker and your ratings are 3 apart" in values


def test_a_partner_at_a_loss_extends_the_shared_scale_below_zero() -> None:
    session = read_session(GOOD / "worked-example.toml")
    for cost in session.costs:
        cost.ratings["ben"] = 10  # Ben's net: 6 - 10 = -4
    anticipated = section(render_html(session), "anticipated")
    assert 'class="loss"' in anticipated
    assert ">-4<" in anticipated  # the axis now starts at -4
    assert "Ben Okafor expects to put in more than they get out (net -4.00)" in anticipated
    assert "Ana Ruiz expects a net of +2.67 from this partnership and Ben Okafor -4.00" in (
        anticipated
    )


def test_mid_rating_session_says_incomplete_without_crashing() -> None:
    session = read_session(EXAMPLES / "2026-11-26-greenleaf-affiliate.toml")
    page = render_html(session)
    assert "INCOMPLETE" in page.split('<section id="anticipated"')[0]
    for component in ("anticipated", "values", "contribution"):
        part = section(page, component)
        assert "? INCOMPLETE" in part
        assert "waiting for" in part and "Wanderblog" in part
    assert "not rated yet" in section(page, "anticipated")
    assert "not answered yet" in section(page, "anticipated")
    assert "nothing listed yet" in section(page, "contribution")
    assert "Talk about it" not in page


def test_new_session_with_a_few_ratings_renders() -> None:
    session = new_session(
        builtin_templates()["team"],
        title="Three of us",
        partners=[("coach", "Jo"), ("mia", "Mia"), ("leo", "Leo")],
        created=FROZEN,
    )
    session.values[0].ratings = {"coach": 9, "mia": 2, "leo": 9}
    session.contributions[0].ratings = {"coach": 8}
    page = render_html(session)
    assert_well_formed(page)
    values = section(page, "values")
    assert "Jo and Leo rate" in values and "9 and Mia 2" in values
    assert "INCOMPLETE" in section(page, "contribution")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "chromium is not installed: install it with `apt-get install -y chromium` "
            "(CI's .ci/run does this before the tests)"
        )
    return found


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    chromium = _chromium()
    page = tmp_path / "report.html"
    page.write_text(render_html(read_session(AT_RISK_EXAMPLE)), encoding="utf-8")
    shot = tmp_path / "report.png"
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1000,1400",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000


_WORDS_WHOLE = """
<script>
// For every column header: does any of its words run over two lines?
const broken = [];
for (const th of document.querySelectorAll("thead th")) {
  const text = th.firstChild;
  if (!text || text.nodeType !== Node.TEXT_NODE) continue;
  let start = 0;
  for (const word of text.data.split(" ")) {
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + word.length);
    const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    if (tops.size > 1) broken.push(word);
    start += word.length + 1;
  }
}
document.body.setAttribute("data-broken", JSON.stringify(broken));
</script>
"""


def test_names_in_table_headers_wrap_between_words_only(tmp_path: Path) -> None:
    # Given six partners with long names, in a window as narrow as a phone's
    partners = [
        ("p1", "Maximiliane Oberhausen"),
        ("p2", "Bartholomew Featherstonehaugh"),
        ("p3", "Wilhelmina Vanderbilt"),
        ("p4", "Konstantinos Papadopoulos"),
        ("p5", "Alexandrina Montgomery"),
        ("p6", "Cornelius Worthington"),
    ]
    session = new_session(
        builtin_templates()["business"], title="Six partners", partners=partners, created=FROZEN
    )
    for entry in session.values:
        entry.ratings = {pid: 5 for pid, _ in partners}
    # The page's own policy forbids scripts; the probe is added to a copy for the test only.
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", render_html(session))
    path = tmp_path / "report.html"
    path.write_text(page.replace("</body>", _WORDS_WHOLE + "</body>"), encoding="utf-8")
    # When chromium lays it out
    result = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=390,800",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    match = re.search(r'data-broken="([^"]*)"', result.stdout)
    assert match, result.stdout[-2000:]
    # Then no name is broken inside a word (a wide table scrolls instead)
    assert html.unescape(match.group(1)) == "[]"

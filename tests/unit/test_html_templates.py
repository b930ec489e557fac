"""The HTML report drawn from templates: the shipped ones, or a facilitator's own folder.

Given a facilitator's folder set in the settings file, when they make an HTML report, then
their look is used, every piece of user text is still escaped, a broken template is said
in one line (file and line) and the shipped templates make the report instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, GOOD
from tests.unit.test_html_report import assert_well_formed, hostile_session, section
from vp_tui.cli import main
from vp_tui.model.session import Contribution, RatedItem, Session, ValueItem
from vp_tui.model.templates import builtin_templates, new_session
from vp_tui.report import render_html, render_text
from vp_tui.report.html_templates import POLICY_META, TEMPLATES
from vp_tui.storage import read_session, save_session

EXAMPLE = EXAMPLES / "2026-11-02-ana-ben-online-course.toml"
SHIPPED_MARK = "Value Proposition workshop · equality view"


def use_templates(folder: Path | str) -> None:
    """Point the settings file (of this test's own config folder) at a template folder."""
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "vp-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"html_templates = {str(folder)!r}\n", encoding="utf-8")


def template_folder(tmp_path: Path, **files: str) -> Path:
    """A facilitator's template folder with the given files (``report_html`` is
    ``report.html.j2``)."""
    folder = tmp_path / "my-templates"
    folder.mkdir()
    for name, text in files.items():
        stem, kind = name.rsplit("_", 1)
        (folder / f"{stem}.{kind}.j2").write_text(text, encoding="utf-8")
    return folder


def html_report(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """The page ``vp-tui report --format html`` prints, and what it says on standard error."""
    assert main(["report", str(path), "--format", "html"]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


BRANDED = """{% extends "shipped/report.html.j2" %}
{% block kicker %}<p class="kicker">Lynda Carter Coaching · partnership review</p>{% endblock %}
"""


def test_a_facilitator_brands_the_report_with_one_small_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_templates(template_folder(tmp_path, report_html=BRANDED))
    page, said = html_report(EXAMPLE, capsys)
    assert said == ""
    assert "Lynda Carter Coaching · partnership review" in page
    assert SHIPPED_MARK not in page
    # The rest of the report is the shipped one
    assert '<span class="badge at-risk">▲ AT RISK</span>' in section(page, "values")
    assert_well_formed(page)


def test_a_facilitator_changes_the_colours_with_a_style_file_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    style = '{% include "shipped/style.css.j2" %}\n:root { --paper: #fdf6e3; }\n'
    use_templates(template_folder(tmp_path, style_css=style))
    page, said = html_report(EXAMPLE, capsys)
    assert said == "" and "--paper: #fdf6e3;" in page
    assert SHIPPED_MARK in page


def test_a_relative_folder_is_found_beside_the_settings_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config_folder = Path(os.environ["XDG_CONFIG_HOME"]) / "vp-tui"
    (config_folder / "html").mkdir(parents=True)
    (config_folder / "html" / "report.html.j2").write_text(BRANDED, encoding="utf-8")
    use_templates("html")
    page, _ = html_report(EXAMPLE, capsys)
    assert "Lynda Carter Coaching" in page


HOSTILE_TEMPLATE = """{% extends "shipped/base.html.j2" %}
{% block content %}
<h1 title="{{ title }}">{{ title }}</h1>
<p data-who='{{ partners | join(", ") }}'>{{ partners | join(", ") }}</p>
{% for row in values.rows %}<p>{{ row.item }}</p>{% endfor %}
{% for entry in contribution.brings %}<p>{{ entry.items | join(", ") }}</p>{% endfor %}
{% for note in notes %}<p>{{ note.text }}</p>{% endfor %}
{% for action in actions %}<p>{{ action.text }}</p>{% endfor %}
{% for fact in facts %}<p>{{ fact.text }}</p>{% endfor %}
{% endblock %}
"""


def test_user_text_stays_escaped_in_a_facilitators_own_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a custom template that prints every piece of user text, in elements and in
    # attributes quoted either way
    use_templates(template_folder(tmp_path, report_html=HOSTILE_TEMPLATE))
    session = hostile_session()
    session.phase = "complete"
    path = tmp_path / "hostile.toml"
    save_session(session, path)
    # When the report is made
    page, said = html_report(path, capsys)
    # Then nothing of it became markup
    assert said == ""
    lowered = page.lower()
    for tag in ("<script", "<img", "<iframe", "<b>", "<svg", "<a "):
        assert tag not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # a partner's name
    assert "&lt;svg onload=alert(4)&gt;" in page  # what a partner brings
    assert "Tom &amp; &#34;Jerry&#34; &lt;b&gt;Ltd&lt;/b&gt; &#39;quoted&#39;" in page
    assert "&lt;a href=&#39;javascript:x&#39;&gt;click&lt;/a&gt;" in page  # an action
    assert "Line one\n&lt;script&gt;alert(5)&lt;/script&gt;" in page  # a note
    assert "onerror=alert(2)&gt;" in page and "<img" not in page
    assert_well_formed(page)


def test_the_names_of_the_test_files_stay_escaped_in_a_custom_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_templates(template_folder(tmp_path, report_html=HOSTILE_TEMPLATE))
    session = read_session(GOOD / "version-2.toml")
    session.title = "R&D <b>“Ana” & 'Ben'</b>"
    session.partners[0].name = '"><script>x</script>'
    path = tmp_path / "v2.toml"
    save_session(session, path)
    page, _ = html_report(path, capsys)
    assert "R&amp;D &lt;b&gt;“Ana” &amp; &#39;Ben&#39;&lt;/b&gt;" in page
    assert "&#34;&gt;&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script" not in page.lower() and "<b>" not in page


def test_the_shipped_templates_never_mark_user_text_safe() -> None:
    for template in sorted(TEMPLATES.glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|Markup|autoescape\s+false", text), template.name


def test_safe_in_a_custom_template_is_the_facilitators_choice_and_is_honoured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Documented in docs/html-templates.md: ``| safe`` prints text as markup, as asked.
    raw = '{% extends "shipped/base.html.j2" %}{% block content %}{{ title | safe }}{% endblock %}'
    use_templates(template_folder(tmp_path, report_html=raw))
    session = read_session(EXAMPLE)
    session.title = "<em>Ana</em> & Ben"
    path = tmp_path / "em.toml"
    save_session(session, path)
    page, _ = html_report(path, capsys)
    assert "<em>Ana</em> & Ben" in page


@pytest.mark.parametrize(
    ("broken", "line", "says"),
    [
        ("<h1>{{ title }</h1>\n", 1, "unexpected '}'"),
        (
            '{% extends "shipped/report.html.j2" %}\n{% block kicker %}{{ titel }}{% endblock %}\n',
            2,
            "'titel' is undefined",
        ),
        (
            '{% extends "shipped/base.html.j2" %}\n\n{% block content %}{% include "logo.svg" %}'
            "{% endblock %}\n",
            3,
            "no template named 'logo.svg'",
        ),
        (
            '{% extends "shipped/report.html.j2" %}\n{% block kicker %}{{ "".__class__ }}'
            "{% endblock %}\n",
            2,
            "unsafe",
        ),
    ],
    ids=["syntax", "misspelt-variable", "missing-include", "sandbox"],
)
def test_a_broken_template_is_said_in_one_line_and_the_shipped_one_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str, line: int, says: str
) -> None:
    folder = template_folder(tmp_path, report_html=broken)
    use_templates(folder)
    page, said = html_report(EXAMPLE, capsys)
    # One line, naming the file and the line
    assert said.count("\n") == 1, said
    assert said.startswith(f"{folder / 'report.html.j2'}, line {line}: "), said
    assert says in said and said.rstrip().endswith("the shipped templates were used")
    # And the report is still made, whole, by the shipped templates
    assert SHIPPED_MARK in page
    assert "Customer service criteria" in section(page, "values")


def test_a_custom_page_without_the_content_security_policy_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = "<!DOCTYPE html><html><head><title>{{ title }}</title></head><body></body></html>"
    use_templates(template_folder(tmp_path, report_html=bare))
    page, said = html_report(EXAMPLE, capsys)
    assert "no content security policy" in said and said.count("\n") == 1
    assert POLICY_META in page and SHIPPED_MARK in page


def test_a_missing_template_folder_is_said_and_the_report_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_templates(tmp_path / "nowhere")
    page, said = html_report(EXAMPLE, capsys)
    assert (
        said
        == f"{tmp_path / 'nowhere'}: not a folder of templates; the shipped templates were used\n"
    )
    assert SHIPPED_MARK in page


def test_the_progress_page_before_the_reveal_uses_the_facilitators_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    style = '{% include "shipped/style.css.j2" %}\n:root { --paper: #fdf6e3; }\n'
    use_templates(template_folder(tmp_path, style_css=style))
    session = read_session(GOOD / "worked-example.toml")
    session.phase = "rating"
    path = tmp_path / "rating.toml"
    save_session(session, path)
    page, said = html_report(path, capsys)
    assert said == "" and "--paper: #fdf6e3;" in page
    assert "Not revealed yet" in page and POLICY_META in page


def test_the_page_is_laid_out_for_a4_paper() -> None:
    page = render_html(read_session(EXAMPLE))
    assert "@page { size: A4;" in page
    assert "@media print" in page


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import contextlib, io, sys\n"
        "from vp_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({argv!r})\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_jinja_is_loaded_for_the_html_report_only() -> None:
    assert "jinja2" not in _modules_after(["report", str(EXAMPLE), "--format", "text"])
    assert "jinja2" not in _modules_after(["report", str(EXAMPLE), "--format", "json"])
    assert "jinja2" in _modules_after(["report", str(EXAMPLE), "--format", "html"])


def same_ratings(kind: str) -> Session:
    """DESIGN.md's worked example 2, under the thresholds of the ``kind``'s template."""
    session = new_session(
        builtin_templates()[kind],
        title=f"Kim & Lee ({kind})",
        partners=[("kim", "Kim"), ("lee", "Lee")],
    )
    session.benefits = [
        RatedItem(item="Income", ratings={"kim": 6, "lee": 3}),
        RatedItem(item="Growth", ratings={"kim": 4, "lee": 3}),
    ]
    session.costs = [
        RatedItem(item="Time", ratings={"kim": 4, "lee": 3}),
        RatedItem(item="Money", ratings={"kim": 2, "lee": 3}),
    ]
    session.deal = {"kim": 0, "lee": -1}
    session.values = [
        ValueItem(item="Honesty", ratings={"kim": 8, "lee": 6}),
        ValueItem(item="Quality", ratings={"kim": 4, "lee": 4}),
    ]
    session.contributions = [
        Contribution(partner="kim", brings=["Clients"], ratings={"kim": 6, "lee": 6}),
        Contribution(partner="lee", brings=["Code"], ratings={"kim": 4, "lee": 4}),
    ]
    session.phase = "complete"
    return session


def test_business_partners_are_judged_stricter_on_values_than_personal_ones() -> None:
    business = section(render_html(same_ratings("business")), "values")
    personal = section(render_html(same_ratings("personal")), "values")
    assert '<span class="badge at-risk">▲ AT RISK</span></h2>' in business
    assert "Honesty: gap 2, business band 1" in business
    assert '<span class="badge aligned">✓ aligned</span></h2>' in personal
    assert "Why" not in personal


def test_between_two_partners_the_leads_name_your_partner_not_the_others() -> None:
    two = read_session(EXAMPLE)
    page = render_html(two)
    assert "your net must feel about the same as your partner&#39;s" in page
    assert "what your partner brings is worth what you bring yourself" in page
    assert "the others" not in page.replace("the others rate", "")
    text = " ".join(render_text(two).split())  # as read, whatever the wrapping
    assert "minus how they rate their partner's." in text
    assert "minus how their partner rates them." in text
    assert "the others" not in text


def test_with_three_partners_the_leads_still_say_the_others() -> None:
    three = new_session(
        builtin_templates()["team"],
        title="Three of us",
        partners=[("coach", "Jo"), ("mia", "Mia"), ("leo", "Leo")],
    )
    three.phase = "complete"
    assert "the same as the others&#39;" in section(render_html(three), "anticipated")
    assert "minus how they rate the others'." in " ".join(render_text(three).split())

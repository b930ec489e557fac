"""The equality view as one self-contained HTML page: inline style and charts, no script.

Nothing in the page refers to anything outside it (no links, fonts, images or scripts),
so it can be e-mailed, printed or opened offline. Every piece of user text goes through
``html_builder``, which escapes it.
"""

from __future__ import annotations

from vp_tui import __version__
from vp_tui.model.scoring import EqualityView, equality_view
from vp_tui.model.session import Session
from vp_tui.model.wording import STATEMENT_HEADING
from vp_tui.report.html_builder import Child, Html, el, fragment
from vp_tui.report.html_components import (
    anticipated_section,
    badge,
    contribution_section,
    table,
    values_section,
)
from vp_tui.report.html_style import CSS, VERDICT_CLASSES
from vp_tui.report.prompts import OVERALL_WORDS, discussion_prompts
from vp_tui.report.sections import COMPONENT_TITLES, Report, Table, build_report, figure

# No network, no script, no plugin: the page can only use its own inline style.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _header(session: Session, view: EqualityView, report: Report) -> Html:
    facts: list[tuple[str, Child]] = [
        ("Kind", f"{session.kind} partnership"),
        ("Date", f"{session.created:%Y-%m-%d}"),
        ("Phase", session.phase),
    ]
    if session.facilitator:
        facts.append(("Facilitator", session.facilitator))
    facts.append(("Partners", ", ".join(partner.name for partner in session.partners)))
    summary_rows = [
        el(
            "tr",
            el("th", el("a", COMPONENT_TITLES[key], href=f"#{key}"), scope="row"),
            el("td", badge(verdict)),
            el("td", figure(gap), class_="num"),
        )
        for key, verdict, gap in (
            ("anticipated", view.anticipated.verdict, view.anticipated.gap),
            ("values", view.values.verdict, view.values.gap),
            ("contribution", view.contribution.verdict, view.contribution.gap),
        )
    ]
    return el(
        "header",
        el("p", "Value Proposition workshop · equality view", class_="kicker"),
        el("h1", report.title),
        el(
            "dl",
            [fragment(el("dt", name), el("dd", value)) for name, value in facts],
            class_="facts",
        ),
        el(
            "div",
            el("span", "Overall", class_="label"),
            badge(view.overall),
            el("p", OVERALL_WORDS[view.overall]),
            class_=f"overall {VERDICT_CLASSES[view.overall]}",
        ),
        table(["Component", "Verdict", "Gap"], summary_rows, range(2, 3)),
        el("p", report.facts[-1], class_="muted small"),
        class_="card",
    )


def _free_text(source: Table | None, key: str, title: str) -> Html | None:
    """Notes or actions, from the same rows as the text report."""
    if source is None:
        return None
    items = [
        el("li", el("span", about, class_="about"), el("span", text, class_="text"))
        for about, text in source.rows
    ]
    return el("section", el("h2", title), el("ul", items, class_="plain"), id=key, class_="card")


def render_html(session: Session) -> str:
    """The HTML report of a session: one self-contained page."""
    view = equality_view(session)
    report = build_report(session, view)
    prompts = discussion_prompts(session, view)
    by_title = {section.title: section for section in report.tables}
    head = el(
        "head",
        el("meta", charset="utf-8"),
        el("meta", http_equiv="Content-Security-Policy", content=_POLICY),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("meta", name="generator", content=f"vp-tui {__version__}"),
        el("title", f"{report.title} · equality view"),
        el("style", Html(CSS)),
    )
    main = el(
        "main",
        _header(session, view, report),
        _free_text(by_title.get(STATEMENT_HEADING), "statement", STATEMENT_HEADING),
        anticipated_section(session, view, prompts),
        values_section(session, view, prompts),
        _free_text(by_title.get("In practice"), "in-practice", "In practice"),
        contribution_section(session, view, prompts),
        _free_text(by_title.get("Notes"), "notes", "Notes"),
        _free_text(by_title.get("Actions"), "actions", "Actions"),
        el("footer", f"Made with vp-tui {__version__} from the session file."),
    )
    return "<!DOCTYPE html>\n" + el("html", head, el("body", main), lang="en") + "\n"

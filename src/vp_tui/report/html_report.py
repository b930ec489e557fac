"""The equality view as one self-contained HTML page, drawn from Jinja2 templates.

Nothing in the page refers to anything outside it (no links, fonts, images or scripts),
so it can be e-mailed, printed on A4 or opened offline; its content security policy
forbids scripts and fetching anyway. User text reaches the page only through the
templates' autoescaping. ``html_view`` computes what is shown; the templates
(``report/templates``, or the facilitator's own, see ``html_templates``) lay it out.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from vp_tui.model.session import Session


def template_folder() -> Path | None:
    """The facilitator's template folder from the settings, if any."""
    from vp_tui.storage.config import config_path, html_templates_folder, read_config

    path = config_path()
    config, _problem = read_config(path)  # a broken settings file is said by the app
    return html_templates_folder(config, path)


def render_page_checked(
    name: str, context: Mapping[str, object], folder: Path | None = None
) -> tuple[str, str | None]:
    """A page from the facilitator's templates (``folder``; None: the settings say), and
    one line saying why the shipped ones were used instead (None when they were not)."""
    from vp_tui.report.html_templates import render_with_fallback

    return render_with_fallback(name, context, folder or template_folder())


def said(page: str, problem: str | None) -> str:
    """The page, once the problem with the facilitator's templates (if any) is said."""
    if problem is not None:
        print(problem, file=sys.stderr)
    return page


def render_html_checked(session: Session, folder: Path | None = None) -> tuple[str, str | None]:
    """The HTML report of a session, and why the facilitator's templates were not used."""
    from vp_tui.report.html_view import report_context

    return render_page_checked("report.html.j2", report_context(session), folder)


def render_html(session: Session) -> str:
    """The HTML report of a session: one self-contained page (a problem with the
    facilitator's templates is said in one line on standard error)."""
    return said(*render_html_checked(session))

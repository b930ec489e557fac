"""Renderings of the equality view without any UI: text, markdown, HTML and JSON.

The package imports none of its modules itself: ``from vp_tui.report import render_text``
loads what it names when it is asked for. Importing ``vp_tui.report.sections`` alone then
loads no other renderer, and two threads importing two of its modules at once (a screen on
the event loop, a worker reading files) cannot wait on each other's half-made package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vp_tui.lazy import lazy_names

if TYPE_CHECKING:
    from vp_tui.report.html_report import render_html as render_html
    from vp_tui.report.json_report import render_json as render_json
    from vp_tui.report.markdown_report import render_markdown as render_markdown
    from vp_tui.report.renderers import RENDERERS as RENDERERS
    from vp_tui.report.text_report import render_text as render_text

_HOMES = {
    "RENDERERS": "renderers",
    "render_html": "html_report",
    "render_json": "json_report",
    "render_markdown": "markdown_report",
    "render_text": "text_report",
}


__getattr__ = lazy_names(__name__, _HOMES)


__all__ = ["RENDERERS", "render_html", "render_json", "render_markdown", "render_text"]

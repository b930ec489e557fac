"""Report formats by name, as ``vp-tui report --format`` offers them."""

from __future__ import annotations

from collections.abc import Callable

from vp_tui.model.session import Session
from vp_tui.report.html_report import render_html
from vp_tui.report.json_report import render_json
from vp_tui.report.markdown_report import render_markdown
from vp_tui.report.text_report import render_text

RENDERERS: dict[str, Callable[[Session], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}
"""Report formats by name, as ``vp-tui report --format`` offers them."""

"""The Jinja2 templates HTML reports are drawn from: the shipped ones, or a facilitator's.

A facilitator may set a folder of their own templates in the settings file
(``html_templates``, see ``storage.config``); a file there wins over the shipped file of
the same name, so one ``style.css.j2`` is enough to change the colours. The shipped ones
stay reachable as ``shipped/<name>`` (``{% extends "shipped/report.html.j2" %}``).

Every template is rendered with autoescaping on, in Jinja's sandbox: a template shared
between facilitators can lay out the page but never run code. A facilitator's template that
cannot be used (a syntax error, an unknown variable, a page without the content security
policy) gives one line naming the file and the line, and the shipped templates are used
instead: the report is still made, with its content, only without the custom look.

Jinja2 is imported only here, and only when an HTML report is made, so that the text,
Markdown and JSON reports start without it.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

SHIPPED = "shipped"
"""The prefix that names a shipped template even when the facilitator has one of that name."""
TEMPLATES = Path(__file__).parent / "templates"
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""No network, no script, no plugin: the page can only use its own style and inline images."""
POLICY_META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
"""The policy as it stands in every page's head (``base.html.j2``)."""


class TemplateProblem(Exception):
    """A facilitator's template cannot be used; the message is one line with file and line."""


@functools.lru_cache(maxsize=4)
def _environment(folder: Path | None) -> Environment:
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    shipped = FileSystemLoader(TEMPLATES)
    own = [FileSystemLoader(folder)] if folder is not None else []
    return ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([PrefixLoader({SHIPPED: shipped}), *own, shipped]),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt variable is said, not left blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _where(error: Exception, folder: Path) -> tuple[str, int | None]:
    """The template file and line an error comes from."""
    from jinja2 import TemplateSyntaxError

    if isinstance(error, TemplateSyntaxError):
        return error.filename or error.name or "?", error.lineno
    # Jinja rewrites the traceback so that a template's frames carry its file and line.
    frames = traceback.extract_tb(error.__traceback__)
    roots = (str(folder), str(TEMPLATES))
    for frame in reversed(frames):
        if frame.filename.startswith(roots):
            return frame.filename, frame.lineno
    return "?", None


def _one_line(error: Exception) -> str:
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(error, TemplateNotFound):
        text = f"no template named {error.name!r}"
    elif isinstance(error, TemplateSyntaxError):
        text = error.message or "syntax error"
    else:
        text = str(error) or type(error).__name__
    return " ".join(text.split())


def render_page(name: str, context: Mapping[str, object], folder: Path | None = None) -> str:
    """The page the template ``name`` draws from ``context``, the facilitator's ``folder``
    first. Raises ``TemplateProblem`` when a template of the folder cannot be used."""
    environment = _environment(folder)
    if folder is None:
        return environment.get_template(name).render(context)
    if not folder.is_dir():
        raise TemplateProblem(f"{folder}: not a folder of templates")
    try:
        page = environment.get_template(name).render(context)
    except Exception as error:  # anything a template can raise, said in one line
        file, line = _where(error, folder)
        at = f", line {line}" if line else ""
        raise TemplateProblem(f"{file}{at}: {_one_line(error)}") from error
    if POLICY_META not in page.partition("</head>")[0]:
        raise TemplateProblem(
            f"{folder}: the {name} page has no content security policy in its head "
            '(extend "shipped/base.html.j2", or copy its <meta> lines)'
        )
    return page


def render_with_fallback(
    name: str, context: Mapping[str, object], folder: Path | None
) -> tuple[str, str | None]:
    """The page from the facilitator's templates, or, when they cannot be used, from the
    shipped ones, with one line saying why."""
    try:
        return render_page(name, context, folder), None
    except TemplateProblem as problem:
        return render_page(name, context), f"{problem}; the shipped templates were used"

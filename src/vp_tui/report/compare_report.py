"""A partnership over time (``vp-tui compare``) as text, Markdown or JSON.

The JSON shape::

    {
      "partnership": "<name of the latest session's partnership>"
                     | "<N> sessions of <M> partnerships",
      "same_partnership": true,
      "partnerships": ["<name>", ...],               # distinct partnerships, oldest first
      "sessions": [                                   # oldest first
        {"file": "<path>" | null, "title": "...", "partnership": "...",
         "created": "2026-03-10T10:00:00+00:00", "overall": "out of sync",
         "components": {"anticipated": {"gap": 0.0, "verdict": "aligned"},
                        "values": {...}, "contribution": {...}}}
      ],
      "steps": [                                      # each session to the next of its partnership
        {"from": 0, "to": 1,                          # indexes into "sessions"
         "changes": {"anticipated": {"before": 0.0, "after": 3.0, "change": 3.0,
                                     "trend": "worse", "verdict_before": "aligned",
                                     "verdict_after": "at risk"},
                     "values": {...}, "contribution": {...}}}
      ],
      "first_to_last": <a step> | null,               # null with a single session or partnerships
      "most_changed": {"kind": "component" | "value" | "net" | "balance",
                       "component": "values", "name": "Customer service",
                       "partner": "<id>" | null, "before": 5.0, "after": 0.0,
                       "change": -5.0, "trend": "better",
                       "partnership": "<whose first and last session it compares>"} | null,
      "recurring": [                                  # at risk in 2 of a partnership's last 3
        {"partnership": "...", "kind": "value" | "net" | "balance", "component": "values",
         "item": "Customer service", "verdict": "at risk", "times": 2, "window": 3,
         "not_remedied": false}
      ]
    }

Gaps and changes are null when a session is incomplete; "trend" is better, worse or
same (a smaller gap is better; a balance nearer 0 is better), or up, down or same for a
partner's net. Sessions of different partnerships are never compared with each other.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from vp_tui.model.compare import Change, Comparison, SessionPoint, Step
from vp_tui.model.portfolio import COMPONENTS
from vp_tui.model.recurring import RECUR_AT_LEAST, RECUR_WINDOW
from vp_tui.report.layout import cell_width, clip, pad, wrap
from vp_tui.report.markdown_report import escape
from vp_tui.report.partnerships_report import recurring_to_dict, recurring_words
from vp_tui.report.sections import COMPONENT_TITLES, figure, verdict_word

WIDTH = 78
INDENT = "  "
DETAIL = " " * 6
NAME_WIDTH = max(cell_width(title) for title in COMPONENT_TITLES.values())
BEFORE_AFTER = "A smaller gap is better; each session is banded by its own thresholds."


def _trend_word(change: Change) -> str:
    return change.direction or ""


def _signed(number: float | None) -> str:
    if number is None:
        return "-"
    return "0.00" if round(number, 2) == 0 else figure(number, signed=True)


def _figure_of(change: Change, number: float | None) -> str:
    """Nets and balances are signed figures; gaps are not."""
    return figure(number, signed=change.kind in ("net", "balance"))


def describe_change(change: Change) -> str:
    """A change in words: ``Shared values, Customer service: gap 5.00 → 0.00 (-5.00, better)``."""
    where = COMPONENT_TITLES[change.component]
    what = "gap" if change.kind in ("component", "value") else change.kind
    subject = (
        f"{where}: {what}" if change.kind == "component" else f"{where}, {change.name}: {what}"
    )
    moved = f"{_signed(change.delta)}, {_trend_word(change)}" if change.direction else "n/a"
    return (
        f"{subject} {_figure_of(change, change.before)} → {_figure_of(change, change.after)}"
        f" ({moved})"
    )


def _headline(comparison: Comparison) -> tuple[str, list[str]]:
    """The title and the lines said under it."""
    sessions = comparison.sessions
    count = len(sessions)
    if comparison.same_partnership:
        title = f"{comparison.name}: {count} session{'s' if count != 1 else ''} over time"
    else:
        title = comparison.name
    facts = [f"From {sessions[0].date} to {sessions[-1].date}, oldest first. {BEFORE_AFTER}"]
    if not comparison.same_partnership:
        facts.append(
            "Warning: these sessions are not all one partnership: "
            + "; ".join(comparison.partnerships)
            + ". Each is compared only with sessions of its own partnership."
        )
    return title, facts


def _no_steps_text(comparison: Comparison) -> str:
    """Why the changes are empty."""
    if len(comparison.sessions) == 1:
        return "A single session: nothing to compare it with."
    return "No two sessions of one partnership: nothing to compare like with like."


def _step_label(comparison: Comparison, step: Step) -> str:
    """Names the partnership of a step when several are compared."""
    return "" if comparison.same_partnership else f"{step.after.partnership}: "


# --- text -----------------------------------------------------------------------------------


def _heading(title: str) -> list[str]:
    return [title, "-" * cell_width(title)]


def _wrapped(text: str, indent: str = "") -> list[str]:
    return wrap(text, WIDTH, indent=indent, subsequent=indent + "  ")


def _session_lines(point: SessionPoint) -> list[str]:
    room = WIDTH - len(INDENT) - len(point.date) - 2
    lines = [f"{INDENT}{point.date}  {clip(point.title, room)}"]
    for state in point.components:
        name = pad(COMPONENT_TITLES[state.component], NAME_WIDTH)
        lines.append(f"{DETAIL}{name}  {figure(state.gap):>5}  {verdict_word(state.verdict)}")
    lines.append(f"{DETAIL}{pad('Overall', NAME_WIDTH)}  {'':>5}  {verdict_word(point.overall)}")
    return lines


def _step_lines(step: Step, label: str) -> list[str]:
    lines = [f"{INDENT}{label}{step.before.date} → {step.after.date}"]
    for change in step.changes:
        name = pad(COMPONENT_TITLES[change.component], NAME_WIDTH)
        row = (
            f"{DETAIL}{name}  {figure(change.before):>5} → {figure(change.after):>5}"
            f"  {_signed(change.delta):>6}  {_trend_word(change):<6}"
        )
        if change.verdict_after is not None and change.verdict_after is not change.verdict_before:
            row += f"  now {verdict_word(change.verdict_after)}"
        lines.append(row.rstrip())
    return lines


def render_compare_text(comparison: Comparison) -> str:
    """The comparison as plain text that fits an 80-column terminal."""
    title, facts = _headline(comparison)
    lines = _wrapped(title)
    for fact in facts:
        lines.extend(_wrapped(fact))
    lines.append("")
    lines.extend(_heading("Sessions"))
    for point in comparison.sessions:
        lines.extend(_session_lines(point))
    lines.append("")
    lines.extend(_heading("Changes"))
    for step in comparison.steps:
        lines.extend(_step_lines(step, clip(_step_label(comparison, step), WIDTH // 2)))
    if comparison.span is not None and len(comparison.sessions) > 2:
        lines.extend(_step_lines(comparison.span, "First to last: "))
    if not comparison.steps:
        lines.extend(_wrapped(_no_steps_text(comparison), INDENT))
    lines.append("")
    lines.extend(_heading("What changed most"))
    lines.extend(_wrapped(_most_changed_text(comparison), INDENT))
    lines.append("")
    lines.extend(_heading("Recurring disconnects"))
    for line in _recurring_lines(comparison):
        lines.extend(_wrapped(line, INDENT))
    lines.append("")
    return "\n".join(lines)


def _recurring_lines(comparison: Comparison) -> list[str]:
    """Each recurring item in words, named by partnership when several are compared."""
    if not comparison.recurring:
        return [f"Nothing was at risk in {RECUR_AT_LEAST} of the last {RECUR_WINDOW} sessions."]
    return [
        ("" if comparison.same_partnership else f"{name}: ") + recurring_words(item)
        for name, item in comparison.recurring
    ]


def _most_changed_text(comparison: Comparison) -> str:
    change = comparison.most_changed
    if comparison.same_partnership:
        if change is None:
            return "Nothing that both the first and the last session score changed."
        return describe_change(change)
    if not comparison.steps:
        return _no_steps_text(comparison)
    if change is None:
        return "Nothing changed between the first and the last session of any partnership."
    return f"{comparison.most_changed_in}, first to last session: {describe_change(change)}"


# --- markdown -------------------------------------------------------------------------------


def _markdown_table(header: list[str], rows: list[list[str]], numeric: set[int]) -> list[str]:
    """A Markdown table of cells already made safe (user text goes through ``escape``)."""
    lines = ["| " + " | ".join(header) + " |"]
    lines.append(
        "|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|"
    )
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _step_rows(step: Step, label: str = "") -> list[list[str]]:
    return [
        [
            escape(label) + step.before.date,
            step.after.date,
            COMPONENT_TITLES[change.component],
            figure(change.before),
            figure(change.after),
            _signed(change.delta),
            _trend_word(change),
            verdict_word(change.verdict_after) if change.verdict_after else "",
        ]
        for change in step.changes
    ]


_STEP_HEADER = ["From", "To", "Component", "Before", "After", "Change", "Trend", "Verdict now"]


def render_compare_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown tables."""
    title, facts = _headline(comparison)
    lines = [f"# {escape(title)}", ""]
    lines.extend(f"{escape(fact)}  " for fact in facts)
    lines.extend(["", "## Sessions", ""])
    lines.extend(
        _markdown_table(
            ["Date", "Session", *(COMPONENT_TITLES[c] for c in COMPONENTS), "Overall"],
            [
                [
                    point.date,
                    escape(point.title),
                    *(
                        f"{figure(state.gap)} {verdict_word(state.verdict)}"
                        for state in point.components
                    ),
                    verdict_word(point.overall),
                ]
                for point in comparison.sessions
            ],
            set(),
        )
    )
    lines.extend(["", "## Changes", ""])
    rows = [
        row for step in comparison.steps for row in _step_rows(step, _step_label(comparison, step))
    ]
    if rows:
        lines.extend(_markdown_table(_STEP_HEADER, rows, {3, 4, 5}))
    else:
        lines.append(_no_steps_text(comparison))
    if comparison.span is not None and len(comparison.sessions) > 2:
        lines.extend(["", "## First to last", ""])
        lines.extend(_markdown_table(_STEP_HEADER, _step_rows(comparison.span), {3, 4, 5}))
    lines.extend(["", "## What changed most", "", escape(_most_changed_text(comparison)), ""])
    lines.extend(["## Recurring disconnects", ""])
    lines.extend(f"- {escape(line, line_start=False)}" for line in _recurring_lines(comparison))
    lines.append("")
    return "\n".join(lines)


# --- json -----------------------------------------------------------------------------------


def _change_dict(change: Change) -> dict[str, Any]:
    return {
        "before": change.before,
        "after": change.after,
        "change": change.delta,
        "trend": change.direction,
        "verdict_before": change.verdict_before.value if change.verdict_before else None,
        "verdict_after": change.verdict_after.value if change.verdict_after else None,
    }


def _step_dict(step: Step, before: int, after: int) -> dict[str, Any]:
    return {
        "from": before,
        "to": after,
        "changes": {change.component: _change_dict(change) for change in step.changes},
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data, in the shape this module documents."""
    most = comparison.most_changed
    return {
        "partnership": comparison.name,
        "same_partnership": comparison.same_partnership,
        "partnerships": list(comparison.partnerships),
        "sessions": [
            {
                "file": point.source,
                "title": point.title,
                "partnership": point.partnership,
                "created": point.created.isoformat(),
                "overall": point.overall.value,
                "components": {
                    state.component: {"gap": state.gap, "verdict": state.verdict.value}
                    for state in point.components
                },
            }
            for point in comparison.sessions
        ],
        "steps": [
            _step_dict(step, index, index + 1) for index, step in enumerate(comparison.steps)
        ],
        "first_to_last": None
        if comparison.span is None
        else _step_dict(comparison.span, 0, len(comparison.sessions) - 1),
        "most_changed": None
        if most is None
        else {
            "kind": most.kind,
            "component": most.component,
            "name": most.name,
            "partner": most.partner,
            "before": most.before,
            "after": most.after,
            "change": most.delta,
            "trend": most.direction,
            "partnership": comparison.most_changed_in,
        },
        "recurring": [
            {"partnership": name, **recurring_to_dict(item)} for name, item in comparison.recurring
        ],
    }


def render_compare_json(comparison: Comparison) -> str:
    """The comparison as JSON."""
    return json.dumps(comparison_to_dict(comparison), indent=2, ensure_ascii=False) + "\n"


COMPARE_RENDERERS: dict[str, Callable[[Comparison], str]] = {
    "text": render_compare_text,
    "markdown": render_compare_markdown,
    "json": render_compare_json,
}
"""Comparison formats by name, as ``vp-tui compare --format`` offers them."""

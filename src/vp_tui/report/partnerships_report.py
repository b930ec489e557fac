"""Every partnership of a sessions folder (``vp-tui partnerships``) as text, Markdown or JSON.

What needs attention comes first: a review that is due or an action past its due date, then
the worst latest verdict, then what keeps recurring. Prospective alliances (an alliance being
considered, DESIGN.md section 3 ``stage``) are a group of their own, with their decision.

The JSON shape::

    {
      "today": "2027-04-15",
      "due": true,                                   # any review due or action overdue
      "partnerships": [                              # what needs attention first
        {"name": "...", "stage": "current" | "prospective", "sessions": 3,
         "latest": {"file": "<path>", "title": "...", "created": "2026-09-10", "phase": "complete"},
         "overall": "out of sync" | "unrevealed" | ...,
         "components": {"anticipated": {"verdict": "...", "gap": 4.5, "trend": "worse" | null}, ...},
         "next_review": "2027-03-10" | null, "review_from_template": false, "review_due": true,
         "actions": [{"text": "...", "owner": "Ben Okafor", "due": "2027-04-14" | null,
                      "status": "open", "overdue": true}],
         "recurring": [{"kind": "value" | "net" | "balance", "component": "values",
                        "item": "Honesty", "verdict": "at risk", "times": 2, "window": 3,
                        "not_remedied": false}],
         "decision": "go" | "no-go" | "go-with-conditions" | null,
         "due": true}
      ]
    }
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from vp_tui.report.layout import pad, wrap
from vp_tui.report.markdown_report import escape
from vp_tui.report.sections import COMPONENT_TITLES, figure

if TYPE_CHECKING:
    from vp_tui.model.recurring import Recurring
    from vp_tui.model.review import ActionState, Review
    from vp_tui.storage.summary import SessionSummary

Reviews = Sequence["Review[SessionSummary]"]

WIDTH = 78
INDENT = "  "
NAME_WIDTH = max(len(title) for title in COMPONENT_TITLES.values())
TREND_WORDS = {"better": "↑ better", "worse": "↓ worse", "same": "= same"}
DECISION_WORDS = {"go": "go", "no-go": "no-go", "go-with-conditions": "go with conditions"}


def _verdict(verdict: str) -> str:
    return verdict if verdict in ("aligned", "unrevealed", "") else verdict.upper()


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def review_words(found: Review[SessionSummary], today: date) -> str:
    """When the partnership is next reviewed, in words: "2027-03-10, due 36 days ago"."""
    if found.next_review is None:
        if found.partnership.latest.phase != "complete":
            return "after the session under way"
        return "not set"
    day = found.next_review.isoformat()
    source = " (the template's cadence)" if found.review_from_template else ""
    late = (today - found.next_review).days
    if found.review_due:
        when = "due today" if late == 0 else f"due {_days(late)} ago"
    elif late > 0:  # a later session is under way
        when = "review under way"
    else:
        when = f"in {_days(-late)}"
    return f"{day}{source}, {when}"


def action_words(action: ActionState) -> str:
    """An action in words: "Write the policy (Ben Okafor, due 2027-04-14, overdue)"."""
    details = [action.owner] if action.owner else []
    if action.due is not None:
        details.append(f"due {action.due.isoformat()}")
    if action.status != "open":
        details.append(action.status)
    elif action.overdue:
        details.append("OVERDUE")
    return f"{action.text} ({', '.join(details)})" if details else action.text


def recurring_words(item: Recurring) -> str:
    """A recurring disconnect in words."""
    words = (
        f"{item.flag.describe()} ({COMPONENT_TITLES[item.flag.component]}): at risk or worse "
        f"in {item.times} of the last {item.window} sessions"
    )
    if item.not_remedied:
        words += "; NOT REMEDIED: still at risk after it was flagged"
    return words


def recurring_to_dict(item: Recurring) -> dict[str, Any]:
    """A recurring disconnect as plain data."""
    return {
        "kind": item.flag.kind,
        "component": item.flag.component,
        "item": item.flag.label,
        "verdict": item.flag.verdict,
        "times": item.times,
        "window": item.window,
        "not_remedied": item.not_remedied,
    }


def decision_words(found: Review[SessionSummary]) -> str:
    """A prospective alliance's decision, and how its conditions stand."""
    if not found.decision:
        return "no decision yet"
    words = DECISION_WORDS.get(found.decision, found.decision)
    if found.decision == "go-with-conditions":
        done = sum(action.status == "done" for action in found.actions)
        words += f" ({done} of {len(found.actions)} conditions done)"
    return words


def _groups(reviews: Reviews) -> list[tuple[str, list[Review[SessionSummary]]]]:
    current = [found for found in reviews if not found.prospective]
    prospective = [found for found in reviews if found.prospective]
    groups = [("Current partnerships", current), ("Prospective alliances", prospective)]
    return [(title, members) for title, members in groups if members]


def _headline(reviews: Reviews, today: date, folder: str) -> list[str]:
    due = sum(found.review_due for found in reviews)
    late = sum(bool(found.overdue_actions) for found in reviews)
    count = len(reviews)
    return [
        f"Partnerships in {folder}, on {today.isoformat()}",
        f"{count} partnership{'s' if count != 1 else ''}: {due} due for review, "
        f"{late} with overdue actions.",
    ]


# --- text -----------------------------------------------------------------------------------


def _text_block(found: Review[SessionSummary], today: date) -> list[str]:
    partnership = found.partnership
    latest = partnership.latest
    mark = "  [DUE]" if found.due else ""
    count = len(partnership.sessions)
    lines = wrap(f"{partnership.name}{mark}", WIDTH)
    lines += wrap(
        f"Latest: {latest.created} {latest.title} ({latest.phase}); "
        f"{count} session{'s' if count != 1 else ''}",
        WIDTH,
        indent=INDENT,
        subsequent=INDENT * 2,
    )
    for status in partnership.components:
        trend = TREND_WORDS.get(status.trend or "", "")
        row = f"{INDENT}{pad(COMPONENT_TITLES[status.component], NAME_WIDTH)}  "
        row += f"{_verdict(status.verdict):<12} {figure(status.gap):>5}  {trend}"
        lines.append(row.rstrip())
    if found.prospective:
        lines.append(f"{INDENT}Decision: {decision_words(found)}")
    lines.append(f"{INDENT}Next review: {review_words(found, today)}")
    opened, late = len(found.open_actions), len(found.overdue_actions)
    lines.append(f"{INDENT}Actions: {opened} open, {late} overdue")
    for action in found.actions:
        lines += wrap(action_words(action), WIDTH, indent=INDENT * 2 + "- ", subsequent=INDENT * 3)
    for item in found.recurring:
        lines += wrap(
            recurring_words(item), WIDTH, indent=f"{INDENT}Recurring: ", subsequent=INDENT * 3
        )
    return lines


def render_partnerships_text(reviews: Reviews, today: date, folder: str) -> str:
    """Every partnership as plain text that fits an 80-column terminal."""
    lines = [*_headline(reviews, today, folder), ""]
    if not reviews:
        lines += ["No readable session in this folder.", ""]
    for title, members in _groups(reviews):
        lines += [title, "=" * len(title), ""]
        for found in members:
            lines += [*_text_block(found, today), ""]
    return "\n".join(lines)


# --- markdown -------------------------------------------------------------------------------


def _markdown_block(found: Review[SessionSummary], today: date) -> list[str]:
    partnership = found.partnership
    latest = partnership.latest
    mark = " — **due**" if found.due else ""
    lines = [
        f"### {escape(partnership.name)}{mark}",
        "",
        f"Latest: {latest.created} {escape(latest.title, line_start=False)} ({latest.phase}); "
        f"{len(partnership.sessions)} sessions.",
        "",
        "| Component | Verdict | Gap | Trend |",
        "|---|---|---:|---|",
    ]
    for status in partnership.components:
        trend = TREND_WORDS.get(status.trend or "", "")
        lines.append(
            f"| {COMPONENT_TITLES[status.component]} | {_verdict(status.verdict)} "
            f"| {figure(status.gap)} | {trend} |"
        )
    lines.append("")
    if found.prospective:
        lines.append(f"- Decision: {decision_words(found)}")
    lines.append(f"- Next review: {review_words(found, today)}")
    lines.append(f"- Actions: {len(found.open_actions)} open, {len(found.overdue_actions)} overdue")
    for action in found.actions:
        lines.append(f"  - {escape(action_words(action), line_start=False)}")
    for item in found.recurring:
        lines.append(f"- Recurring: {escape(recurring_words(item), line_start=False)}")
    return [*lines, ""]


def render_partnerships_markdown(reviews: Reviews, today: date, folder: str) -> str:
    """Every partnership as Markdown."""
    title, count = _headline(reviews, today, folder)
    lines = [f"# {escape(title)}", "", count, ""]
    for group, members in _groups(reviews):
        lines += [f"## {group}", ""]
        for found in members:
            lines += _markdown_block(found, today)
    return "\n".join(lines)


# --- json -----------------------------------------------------------------------------------


def review_to_dict(found: Review[SessionSummary]) -> dict[str, Any]:
    """One partnership's review as plain data (the JSON shape above)."""
    partnership = found.partnership
    latest = partnership.latest
    return {
        "name": partnership.name,
        "stage": "prospective" if found.prospective else "current",
        "sessions": len(partnership.sessions),
        "latest": {
            "file": str(latest.path),
            "title": latest.title,
            "created": latest.created,
            "phase": latest.phase,
        },
        "overall": partnership.overall,
        "components": {
            status.component: {"verdict": status.verdict, "gap": status.gap, "trend": status.trend}
            for status in partnership.components
        },
        "next_review": found.next_review.isoformat() if found.next_review else None,
        "review_from_template": found.review_from_template,
        "review_due": found.review_due,
        "actions": [
            {
                "text": action.text,
                "owner": action.owner,
                "due": action.due.isoformat() if action.due else None,
                "status": action.status,
                "overdue": action.overdue,
            }
            for action in found.actions
        ],
        "recurring": [recurring_to_dict(item) for item in found.recurring],
        "decision": found.decision or None,
        "due": found.due,
    }


def render_partnerships_json(reviews: Reviews, today: date, folder: str) -> str:
    """Every partnership as JSON."""
    payload = {
        "today": today.isoformat(),
        "folder": folder,
        "due": any(found.due for found in reviews),
        "partnerships": [review_to_dict(found) for found in reviews],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


PARTNERSHIPS_RENDERERS: dict[str, Callable[[Reviews, date, str], str]] = {
    "text": render_partnerships_text,
    "markdown": render_partnerships_markdown,
    "json": render_partnerships_json,
}

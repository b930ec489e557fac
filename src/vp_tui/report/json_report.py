"""The machine-readable equality view (docs/format.md, "The JSON report")."""

from __future__ import annotations

import json
from typing import Any

from vp_tui.model.scoring import EqualityView, equality_view
from vp_tui.model.session import Session


def view_to_dict(view: EqualityView, session: Session | None = None) -> dict[str, Any]:
    """The equality view as plain JSON-ready data, in the documented shape; with the
    session, each component also carries its discussion prompts."""
    anticipated = view.anticipated
    data: dict[str, Any] = {
        "overall": view.overall.value,
        "anticipated": {
            "verdict": anticipated.verdict.value,
            "gap": anticipated.gap,
            "present": anticipated.present.value,
            "equal": anticipated.equal.value,
            "reasons": list(anticipated.reasons),
            "net_verdict": anticipated.net_verdict.value,
            "deal_verdict": anticipated.deal_verdict.value,
            "partners": {
                pid: {
                    "benefit": value.benefit,
                    "cost": value.cost,
                    "net": value.net,
                    "deal": value.deal,
                }
                for pid, value in anticipated.partners.items()
            },
        },
        "values": {
            "verdict": view.values.verdict.value,
            "gap": view.values.gap,
            "present": view.values.present.value,
            "equal": view.values.equal.value,
            "reasons": list(view.values.reasons),
            "shared": list(view.values.shared),
            "items": [
                {
                    "item": item.item,
                    "gap": item.gap,
                    "verdict": item.verdict.value,
                    "ratings": dict(item.ratings),
                    "dealbreaker": list(item.dealbreaker),
                }
                for item in view.values.items
            ],
        },
        "contribution": {
            "verdict": view.contribution.verdict.value,
            "gap": view.contribution.gap,
            "present": view.contribution.present.value,
            "equal": view.contribution.equal.value,
            "reasons": list(view.contribution.reasons),
            "balance": dict(view.contribution.balance),
            "recognition": dict(view.contribution.recognition),
            "worth": dict(view.contribution.worth),
            "matrix": {rater: dict(row) for rater, row in view.contribution.matrix.items()},
        },
    }
    if session is not None:
        from vp_tui.report.prompts import discussion_prompts

        prompts = discussion_prompts(session, view)
        for component in ("anticipated", "values", "contribution"):
            data[component]["prompts"] = [p.text for p in prompts if p.component == component]
        meanings = {entry.item: entry.meaning for entry in session.values if entry.meaning}
        for item in data["values"]["items"]:
            if item["item"] in meanings:
                item["meaning"] = dict(meanings[item["item"]])
        return {**_heading(session), **data}
    return data


def _heading(session: Session) -> dict[str, Any]:
    """What heads the report: the agreed statement and a prospective alliance's decision."""
    heading: dict[str, Any] = {}
    if session.statement is not None:
        heading["statement"] = session.statement.model_dump(exclude_none=True)
    if session.decision is not None:
        heading["decision"] = session.decision.model_dump(exclude_none=True)
    return heading


def render_json(session: Session) -> str:
    """The JSON report of a session."""
    view = equality_view(session)
    return json.dumps(view_to_dict(view, session), indent=2, ensure_ascii=False) + "\n"

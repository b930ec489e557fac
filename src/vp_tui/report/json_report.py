"""The machine-readable equality view (docs/format.md, "The JSON report")."""

from __future__ import annotations

import json
from typing import Any

from vp_tui.model.scoring import EqualityView, equality_view
from vp_tui.model.session import Session


def view_to_dict(view: EqualityView) -> dict[str, Any]:
    """The equality view as plain JSON-ready data, in the documented shape."""
    anticipated = view.anticipated
    return {
        "overall": view.overall.value,
        "anticipated": {
            "verdict": anticipated.verdict.value,
            "gap": anticipated.gap,
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
            "balance": dict(view.contribution.balance),
            "recognition": dict(view.contribution.recognition),
            "matrix": {rater: dict(row) for rater, row in view.contribution.matrix.items()},
        },
    }


def render_json(session: Session) -> str:
    """The JSON report of a session."""
    return json.dumps(view_to_dict(equality_view(session)), indent=2, ensure_ascii=False) + "\n"

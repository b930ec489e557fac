"""The words of the framework that several places show: one source, said the same way."""

from __future__ import annotations

DEAL_QUESTION = "Considering what you put in and what you get out, who gets the better deal?"

DEAL_WORDS = {
    3: "I get a much better deal",
    2: "I get a better deal",
    1: "I get a slightly better deal",
    0: "it is even",
    -1: "my partners get a slightly better deal",
    -2: "my partners get a better deal",
    -3: "my partners get a much better deal",
}
"""The deal answer in words, from the partner's point of view (DESIGN.md section 2)."""

DEAL_LEGEND = "Deal: +3 I get a much better deal, 0 it is even, -3 my partners do."

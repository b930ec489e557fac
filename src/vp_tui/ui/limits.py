"""How long each typed field may be, read from the model's own field types.

The text boxes show these limits while typing and the screens name them when they
refuse a text; nothing here re-states a number of the file format. No Textual import.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from vp_tui.model.fields import (
    FreeText,
    ItemName,
    Meaning,
    PartnerName,
    Sentence,
    ShortText,
    Title,
)


def max_length(field: Any) -> int:
    """The most characters a constrained string type of the model accepts."""
    schema = TypeAdapter(field).json_schema()
    return int(schema["maxLength"])


TITLE_LIMIT = max_length(Title)
"""A session title."""
NAME_LIMIT = max_length(PartnerName)
"""A partner's (or the facilitator's) name."""
ITEM_LIMIT = max_length(ItemName)
"""An item: a benefit, cost, value, or one thing a partner brings."""
ROLE_LIMIT = max_length(ShortText)
"""A partner's role."""
TEXT_LIMIT = max_length(FreeText)
"""A note, an action, or a decision's reason."""
MEANING_LIMIT = max_length(Meaning)
"""What a value means to a partner in practice."""
SENTENCE_LIMIT = max_length(Sentence)
"""One sentence of the Value Proposition statement."""


def too_long(text: str, limit: int) -> str | None:
    """Why a text is refused for its length, naming the limit; None when it fits."""
    if len(text) <= limit:
        return None
    return f"At most {limit:,} characters: this has {len(text):,} ({len(text) - limit:,} too many)."

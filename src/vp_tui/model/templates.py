"""Item banks per partnership kind, and new sessions started from them.

The banks are TOML data files: the package ships one per kind in
``vp_tui/templates``; a facilitator adds their own in any folder passed as
``extra_dirs`` (a file there replaces the shipped template of the same kind name).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vp_tui.model.clock import system_clock
from vp_tui.model.fields import FreeText, ItemName, Kind, Slug, Title
from vp_tui.model.session import (
    FORMAT,
    VERSION,
    Contribution,
    Partner,
    RatedItem,
    Session,
    Thresholds,
    ValueItem,
)
from vp_tui.model.wording import for_partners


class TemplateError(ValueError):
    """A template file that cannot be used, with a one-line message."""


class Prompts(BaseModel):
    """The facilitator's words introducing each component."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    anticipated: FreeText
    values: FreeText
    contribution: FreeText


class Template(BaseModel):
    """A partnership kind's starting item lists."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    name: Slug
    kind: Kind
    title: Title
    description: FreeText
    benefits: list[ItemName] = Field(min_length=1)
    costs: list[ItemName] = Field(min_length=1)
    values: list[ItemName] = Field(min_length=1)
    brings: list[ItemName] = Field(default_factory=list)
    prompts: Prompts
    thresholds: Thresholds = Field(default_factory=Thresholds)
    """The bands a new session of this kind starts with (business partners tolerate a
    values gap less than personal partners do)."""
    review_months: int | None = Field(default=None, ge=1, le=24)
    """How often a partnership of this kind should be evaluated again."""


def template_for(templates: Mapping[str, Template], kind: str) -> Template | None:
    """The template a session of this kind came from: the one named after the kind, else
    the first of the kind."""
    found = templates.get(kind)
    if found is not None and found.kind == kind:
        return found
    return next((template for template in templates.values() if template.kind == kind), None)


def round_prompt(prompts: Prompts | None, round_name: str, partner_count: int) -> str:
    """The template's words for a round (the brings round shares the contribution's),
    worded for the number of partners; empty without a template."""
    if prompts is None:
        return ""
    component = "contribution" if round_name == "brings" else round_name
    text: str = getattr(prompts, component, "")
    return for_partners(text, partner_count)


def _read(text: str, source: str) -> Template:
    try:
        return Template.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{source}: invalid TOML: {error}") from None
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise TemplateError(f"{source}: {field}: {first['msg']}") from None


def builtin_templates() -> dict[str, Template]:
    """The templates shipped in the package, by name."""
    found: dict[str, Template] = {}
    folder = resources.files("vp_tui") / "templates"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            template = _read(entry.read_text(encoding="utf-8"), f"templates/{entry.name}")
            found[template.name] = template
    return found


def load_templates(extra_dirs: Iterable[Path] = ()) -> dict[str, Template]:
    """Shipped templates plus the facilitator's own (theirs win on a name clash)."""
    found = builtin_templates()
    for folder in extra_dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            template = _read(path.read_text(encoding="utf-8"), str(path))
            found[template.name] = template
    return found


def new_session(
    template: Template,
    *,
    title: str,
    partners: Sequence[tuple[str, str]],
    facilitator: str | None = None,
    created: datetime | None = None,
) -> Session:
    """A session in setup, with the template's items and the given (id, name) partners."""
    moment = created or system_clock()
    return Session.model_validate(
        {
            "format": FORMAT,
            "version": VERSION,
            "title": title,
            "kind": template.kind,
            "facilitator": facilitator,
            "created": moment,
            "phase": "setup",
            "thresholds": template.thresholds,
            "partners": [Partner(id=pid, name=name) for pid, name in partners],
            "benefits": [RatedItem(item=item) for item in template.benefits],
            "costs": [RatedItem(item=item) for item in template.costs],
            "values": [ValueItem(item=item) for item in template.values],
            "contributions": [Contribution(partner=pid) for pid, _name in partners],
        },
    )

"""The design brief the coach gathers, and the rules that decide when it is ready.

Readiness comes from these rules, not from anything the model says, so a model
that claims "ready" early cannot start a generation with a half-empty brief.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.model.creation_types import TYPES, CreationType, Element, Requirements
from bot.model.plain_text import plain
from bot.model.presets import PRESETS, StyleName

__all__ = ["REQUIREMENTS", "Brief", "BriefCheck", "Element", "Requirements", "check_brief", "has_text", "initial_brief"]
FIELD_MAX = 200


class Brief(BaseModel):
    """Everything the image prompt is built from. ``subject`` is the main element of a logo."""

    model_config = ConfigDict(extra="ignore")

    subject: str | None = Field(default=None, max_length=FIELD_MAX)
    style: str | None = Field(default=None, max_length=FIELD_MAX)
    mood: str | None = Field(default=None, max_length=FIELD_MAX)
    background: str | None = Field(default=None, max_length=FIELD_MAX)
    text: str | None = Field(default=None, max_length=FIELD_MAX)
    color_scheme: str | None = Field(default=None, max_length=FIELD_MAX)
    shape: str | None = Field(default=None, max_length=FIELD_MAX)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        if isinstance(value, str):
            value = plain(value)
            return value or None
        return value

    def merged(self, update: Brief) -> Brief:
        """This brief with every element the update sets replaced."""
        return self.model_copy(update=update.model_dump(exclude_none=True))


REQUIREMENTS: dict[CreationType, Requirements] = {t.value: t.requirements for t in TYPES.values()}

_NO_TEXT = {"none", "no", "no text", "nothing", "n/a", "-"}


@dataclass(frozen=True)
class BriefCheck:
    missing_required: list[Element] = field(default_factory=list)
    missing_recommended: list[Element] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing_required and not self.problems


def has_text(brief: Brief) -> bool:
    return bool(brief.text) and brief.text.strip().lower() not in _NO_TEXT


def check_brief(creation_type: CreationType, brief: Brief) -> BriefCheck:
    rules = REQUIREMENTS[creation_type]
    missing_required = [e for e in rules.required if getattr(brief, e) is None]
    missing_recommended = [e for e in rules.recommended if getattr(brief, e) is None]
    problems = []
    if has_text(brief) and len(brief.text or "") > rules.max_text_chars:
        problems.append(
            f"the text “{brief.text}” is too long to read at small sizes: keep it to "
            f"{rules.max_text_chars} characters or fewer"
        )
    return BriefCheck(missing_required, missing_recommended, problems)


def initial_brief(style: StyleName, colors: list[str]) -> Brief:
    """What the slash command already tells us: the style preset and any brand colours."""
    preset = PRESETS[style]
    return Brief(
        style=f"{preset.name}: {preset.description}" if preset.description else None,
        color_scheme=", ".join(colors) if colors else None,
    )

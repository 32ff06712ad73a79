"""Validating what /profile create was given, before any credit is touched."""

from __future__ import annotations

from dataclasses import dataclass

from bot.imaging import parse_colors
from bot.model import CREATION_TYPES, STYLE_NAMES, CreationType, StyleName

MAX_DESCRIPTION = 1000


class InvalidRequest(ValueError):
    """The message names the bad option and what is accepted; shown to the user as is."""


@dataclass(frozen=True)
class CreateRequest:
    creation_type: CreationType
    style: StyleName
    description: str
    colors: list[str]


def parse_create_request(creation_type: str, style: str, description: str | None, colors: str | None) -> CreateRequest:
    if creation_type not in CREATION_TYPES:
        raise InvalidRequest(f"`type` must be one of {', '.join(CREATION_TYPES)} (got `{creation_type}`)")
    if style not in STYLE_NAMES:
        raise InvalidRequest(f"`style` must be one of {', '.join(STYLE_NAMES)} (got `{style}`)")
    text = (description or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise InvalidRequest(f"`description` is {len(text)} characters; keep it under {MAX_DESCRIPTION}")
    try:
        parsed = parse_colors(colors)
    except ValueError as exc:
        raise InvalidRequest(f"`colors`: {exc}") from None
    return CreateRequest(creation_type, style, text, parsed)  # type: ignore[arg-type]

"""A conversation turn as the coach and the providers exchange it, and the markers both sides recognise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# An inline image for the model: (bytes, mime type).
InlineImage = tuple[bytes, str]


@dataclass(frozen=True)
class ChatTurn:
    role: Literal["user", "model"]
    content: str
    images: tuple[InlineImage, ...] = ()  # reference images travel as inline parts of a user turn
    # A model turn's thoughtSignature (base64, as Gemini sent it): passed back exactly as received.
    signature: str | None = None


@dataclass(frozen=True)
class ThoughtSignature:
    """Yielded by a streamed reply beside its text: the signature to keep with the model turn."""

    value: str

# What a turn with only an image says; and the line that tells the extraction a message asks for a change.
REFERENCE_ONLY = "(I attached a reference image.)"
CHANGE_MARKER = "The design has been rendered; the newest message asks for a change to it."

"""What the coach and the generator need from a model provider, and the errors it may raise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from bot.model import Brief, BriefCheck, ChatTurn, CreationType, InlineImage, StyleName

__all__ = ["ChatTurn", "InlineImage"]  # model types, re-exported for the providers' callers

@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    creation_type: CreationType
    style: StyleName
    brief: Brief
    colors: list[str]
    # The flat colour the model is asked to paint the background; None keeps the scene.
    key_color: str | None
    # An edit: the previous render's source image, sent back to the model with the prompt.
    source: bytes | None = None
    # Vary: a different number gives a different take on the same brief.
    variation: int = 0
    # The user's reference images (a photo, their avatar): the likeness to keep, in the chosen style.
    references: tuple[InlineImage, ...] = ()


@dataclass(frozen=True)
class CoachContext:
    """What the coach knows when replying; the offline coach replies from this alone."""

    creation_type: CreationType
    style: StyleName
    colors: list[str]
    brief: Brief
    check: BriefCheck
    # The newest reference's main colours, and whether it arrived this turn (the coach then describes it).
    reference_colors: tuple[str, ...] = ()
    new_reference: bool = False


class ProviderError(Exception):
    """A model call failed; ``user_message`` is safe and useful to show in Discord."""

    user_message = "The image service failed. Your credit is safe: press Retry in a moment."
    # What the coach says when a chat turn fails (no credit or Retry button involved there).
    chat_message = "The coach couldn't reply just now. Send your message again in a moment."

    def __init__(self, detail: str, user_message: str | None = None) -> None:
        super().__init__(detail)
        if user_message:
            self.user_message = user_message


class ProviderUnavailable(ProviderError):
    user_message = "Gemini is busy or unreachable right now. Your credit is safe: press Retry in a minute."


class ProviderTimeout(ProviderError):
    user_message = "Gemini took too long to answer. Your credit is safe: press Retry."


class SafetyBlocked(ProviderError):
    chat_message = "Gemini's safety filter blocked that reply. Try rephrasing your message."
    user_message = (
        "Gemini's safety filter blocked this design. Your credit is safe: adjust the description in the "
        "thread (e.g. a different subject or wording), then Generate again."
    )


class EmptyResult(ProviderError):
    user_message = "Gemini returned no image this time. Your credit is safe: press Retry."
    chat_message = "The coach ran out of room for a reply this time. Send your message again in a moment."


class KeyRefused(ProviderError):
    """The API refused the key (invalid, revoked, or without access to the Gemini API)."""

    user_message = "The bot's Gemini key was refused. An admin needs to check GEMINI_API_KEY. Your credit is safe."
    chat_message = "The coach can't reach Gemini: the bot's key was refused. An admin needs to check GEMINI_API_KEY."


class ModelNotFound(ProviderError):
    """The model id is not (or no longer) served: Google withdrew it, or it was never listed for this key."""

    user_message = "The image model the bot used was withdrawn by Google. Your credit is safe: press Retry."


class CoachProvider(Protocol):
    offline: bool

    async def extract_brief(
        self, instruction: str, history: list[ChatTurn], current: Brief, creation_type: CreationType
    ) -> Brief:
        """The brief after the newest turn (the full brief, not only changes)."""
        ...

    def stream_reply(self, system_prompt: str, history: list[ChatTurn], context: CoachContext) -> AsyncIterator[str]:
        """The coach's reply as text chunks."""
        ...


class ImageProvider(Protocol):
    offline: bool

    async def generate_image(self, request: ImageRequest) -> bytes:
        """Encoded image bytes (any format Pillow reads)."""
        ...

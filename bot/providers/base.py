"""What the coach and the generator need from a model provider, and the errors it may raise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from bot.model import Brief, ChatTurn, CreationType, InlineImage, ThoughtSignature
from bot.model.model_requests import CoachContext, ImageRequest
from bot.model.provider_errors import (
    BudgetReached,
    DailyQuotaReached,
    EmptyResult,
    KeyRefused,
    ModelNotFound,
    ModelsNeedBilling,
    NoQuotaForModel,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    SafetyBlocked,
)

# Model types and errors, re-exported for the providers' callers.
__all__ = [
    "BudgetReached",
    "ChatTurn",
    "CoachContext",
    "DailyQuotaReached",
    "EmptyResult",
    "ImageRequest",
    "InlineImage",
    "KeyRefused",
    "ModelNotFound",
    "ModelsNeedBilling",
    "NoQuotaForModel",
    "ProviderError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "RateLimited",
    "SafetyBlocked",
]

class CoachProvider(Protocol):
    offline: bool

    async def extract_brief(
        self, instruction: str, history: list[ChatTurn], current: Brief, creation_type: CreationType
    ) -> Brief:
        """The brief after the newest turn (the full brief, not only changes)."""
        ...

    def stream_reply(
        self, system_prompt: str, history: list[ChatTurn], context: CoachContext
    ) -> AsyncIterator[str | ThoughtSignature]:
        """The coach's reply as text chunks, then the turn's thought signature if the model sent one."""
        ...


class ImageProvider(Protocol):
    offline: bool

    async def generate_image(self, request: ImageRequest) -> bytes:
        """Encoded image bytes (any format Pillow reads)."""
        ...

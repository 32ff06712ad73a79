"""Model providers: Gemini (models found at start) and the offline coach and renderer, with their typed errors."""

from bot.providers.base import (
    ChatTurn,
    CoachContext,
    CoachProvider,
    EmptyResult,
    ImageProvider,
    ImageRequest,
    InlineImage,
    KeyRefused,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    SafetyBlocked,
)
from bot.providers.gemini import GeminiProvider
from bot.providers.model_resolver import ModelNotOffered
from bot.providers.offline import OfflineProvider

__all__ = [
    "ChatTurn",
    "CoachContext",
    "CoachProvider",
    "EmptyResult",
    "GeminiProvider",
    "ImageProvider",
    "ImageRequest",
    "InlineImage",
    "KeyRefused",
    "ModelNotOffered",
    "OfflineProvider",
    "ProviderError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "SafetyBlocked",
]

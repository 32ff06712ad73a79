"""Model providers: Gemini (models found at start) and the offline coach and renderer, with their typed errors."""

from typing import Any

from bot.providers.base import (
    BudgetReached,
    ChatTurn,
    CoachContext,
    CoachProvider,
    DailyQuotaReached,
    EmptyResult,
    ImageProvider,
    ImageRequest,
    InlineImage,
    KeyRefused,
    ModelsNeedBilling,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    SafetyBlocked,
)
from bot.providers.offline import OfflineProvider
from bot.providers.offline_render import edit_changes_nothing as offline_edit_changes_nothing
from bot.providers.offline_render import request_spec as offline_request_spec

__all__ = [
    "BudgetReached",
    "ChatTurn",
    "CoachContext",
    "CoachProvider",
    "DailyQuotaReached",
    "EmptyResult",
    "GeminiProvider",
    "ImageProvider",
    "ImageRequest",
    "InlineImage",
    "KeyRefused",
    "ModelNotOffered",
    "ModelsNeedBilling",
    "OfflineProvider",
    "ProviderError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "RateLimited",
    "SafetyBlocked",
    "offline_edit_changes_nothing",
    "offline_request_spec",
]


def __getattr__(name: str) -> Any:
    """Gemini's own names on first use: they import google-genai (1.3-1.6 s of CPU), which a design worker
    (offline designs, exports, packs) never needs; each worker paid it in its warm-up, beside the first renders."""
    if name == "GeminiProvider":
        from bot.providers.gemini import GeminiProvider

        return GeminiProvider
    if name == "ModelNotOffered":
        from bot.providers.model_resolver import ModelNotOffered

        return ModelNotOffered
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

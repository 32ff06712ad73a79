"""Model providers: Gemini (models found at start) and the offline coach and renderer, with their typed errors."""

from bot.providers.base import (
    IMAGES_NEED_BILLING,
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
from bot.providers.gemini import GeminiProvider
from bot.providers.model_resolver import ModelNotOffered
from bot.providers.offline import OfflineProvider
from bot.providers.offline_render import edit_changes_nothing as offline_edit_changes_nothing
from bot.providers.offline_render import request_spec as offline_request_spec

__all__ = [
    "IMAGES_NEED_BILLING",
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

"""Settings: a TOML file for behaviour, the environment for secrets; errors name the config key."""

from bot.config.gemini import DEFAULT_PRICES, GeminiSettings
from bot.config.prices import Costing, ModelPrice, PriceKind, costing, day_of, kind_of, price_on
from bot.config.settings import (
    TIERS,
    ConfigError,
    DiscordSettings,
    GenerationSettings,
    QuotaSettings,
    SessionSettings,
    Settings,
    SpendLimits,
    Tier,
    WebSettings,
    load_settings,
    load_settings_from,
)

__all__ = [
    "DEFAULT_PRICES",
    "TIERS",
    "ConfigError",
    "Costing",
    "DiscordSettings",
    "GeminiSettings",
    "GenerationSettings",
    "ModelPrice",
    "PriceKind",
    "QuotaSettings",
    "SessionSettings",
    "Settings",
    "SpendLimits",
    "Tier",
    "WebSettings",
    "costing",
    "day_of",
    "kind_of",
    "load_settings",
    "load_settings_from",
    "price_on",
]

"""Settings: a TOML file for behaviour, the environment for secrets; errors name the config key."""

from bot.config.gemini import GeminiSettings, ModelPrice
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
    "TIERS",
    "ConfigError",
    "DiscordSettings",
    "GeminiSettings",
    "GenerationSettings",
    "ModelPrice",
    "QuotaSettings",
    "SessionSettings",
    "Settings",
    "SpendLimits",
    "Tier",
    "WebSettings",
    "load_settings",
    "load_settings_from",
]

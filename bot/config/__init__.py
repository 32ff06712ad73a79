"""Settings: a TOML file for behaviour, the environment for secrets; errors name the config key."""

from bot.config.settings import (
    TIERS,
    ConfigError,
    DiscordSettings,
    GeminiSettings,
    GenerationSettings,
    QuotaSettings,
    SessionSettings,
    Settings,
    SpendLimits,
    Tier,
    load_settings,
)

__all__ = [
    "TIERS",
    "ConfigError",
    "DiscordSettings",
    "GeminiSettings",
    "GenerationSettings",
    "QuotaSettings",
    "SessionSettings",
    "Settings",
    "SpendLimits",
    "Tier",
    "load_settings",
]

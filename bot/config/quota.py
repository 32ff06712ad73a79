"""Quota settings: monthly credits per tier, tier sources (roles, SKUs, overrides) and model-spend limits."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from bot.config.base import Tier, _Section


class SpendLimits(_Section):
    """What one user may spend on the models, so coaching and retries cannot run up an unbounded bill."""

    coach_turns_per_day: int = Field(ge=1, le=10_000)
    # Sustained coach turns per minute; messages sent faster are folded into the next turn, not queued.
    coach_turns_per_minute: float = Field(gt=0, le=120)
    coach_burst: int = Field(ge=1, le=20)
    # Image-model attempts per session (a credit): delivered renders plus paid failures (safety, empty).
    attempts_per_credit: int = Field(ge=1, le=200)


_SPEND_DEFAULTS: dict[str, dict[str, float]] = {
    "free": {"coach_turns_per_day": 40, "coach_turns_per_minute": 6, "coach_burst": 3, "attempts_per_credit": 8},
    "pro": {"coach_turns_per_day": 150, "coach_turns_per_minute": 10, "coach_burst": 4, "attempts_per_credit": 12},
    "studio": {"coach_turns_per_day": 300, "coach_turns_per_minute": 12, "coach_burst": 5, "attempts_per_credit": 16},
}


class QuotaSettings(_Section):
    limits: dict[Tier, int] = Field(default_factory=lambda: {"free": 1, "pro": 5, "studio": 10})
    # Discord role id (digits) or role name -> tier; the highest matching tier wins. Names need trusted_guilds.
    role_tiers: dict[str, Tier] = Field(default_factory=dict)
    # Servers whose roles grant tiers. When set, roles count only inside these servers.
    trusted_guilds: list[int] = Field(default_factory=list)
    # Discord App Subscription SKU id -> tier.
    sku_tiers: dict[str, Tier] = Field(default_factory=dict)
    # Let a server's managers set tier overrides that apply only inside that server (owners' are global).
    server_overrides: bool = False
    # One credit buys a session with this many renders (the first delivery spends the credit).
    renders_per_credit: int = Field(default=4, ge=1, le=50)
    # Per tier; a tier or key left out keeps its default.
    spend: dict[Tier, SpendLimits] = Field(default_factory=dict, validate_default=True)

    def spend_for(self, tier: str) -> SpendLimits:
        """A tier's spend limits; an unknown tier (an old row, a removed tier) gets the free tier's."""
        return self.spend.get(tier) or self.spend["free"]  # type: ignore[call-overload]

    @field_validator("spend", mode="before")
    @classmethod
    def _spend(cls, value: object) -> object:
        return _merge_spend(value) if isinstance(value, dict) else value

    @field_validator("sku_tiers")
    @classmethod
    def _sku_ids(cls, value: dict[str, Tier]) -> dict[str, Tier]:
        for sku in value:
            if not sku.isdigit():
                raise ValueError(f"SKU `{sku}` must be a SKU id (digits) from the Developer Portal's Monetization page")
        return value

    @model_validator(mode="after")
    def _role_names_need_trusted_guilds(self) -> QuotaSettings:
        names = [key for key in self.role_tiers if not key.isdigit()]
        if names and not self.trusted_guilds:
            raise ValueError(
                f"quota.role_tiers maps role names ({', '.join(names)}) but quota.trusted_guilds is empty: anyone can "
                "create a role with that name in their own server. List the server ids whose roles you trust in "
                "quota.trusted_guilds, or map role ids instead"
            )
        return self

    @model_validator(mode="after")
    def _attempts_cover_renders(self) -> QuotaSettings:
        for tier, limits in self.spend.items():
            if limits.attempts_per_credit < self.renders_per_credit:
                raise ValueError(
                    f"quota.spend.{tier}.attempts_per_credit ({limits.attempts_per_credit}) must be at least "
                    f"quota.renders_per_credit ({self.renders_per_credit})"
                )
        return self

    @field_validator("limits")
    @classmethod
    def _limits(cls, value: dict[Tier, int]) -> dict[Tier, int]:
        merged: dict[Tier, int] = {"free": 1, "pro": 5, "studio": 10, **value}
        for tier, limit in merged.items():
            if limit < 0:
                raise ValueError(f"limit for {tier} must be 0 or more")
        return merged


def _merge_spend(value: dict[str, object]) -> dict[str, object]:
    merged: dict[str, object] = {tier: dict(defaults) for tier, defaults in _SPEND_DEFAULTS.items()}
    for tier, overrides in value.items():
        if isinstance(overrides, dict) and isinstance(merged.get(tier), dict):
            merged[tier] = {**merged[tier], **overrides}  # type: ignore[dict-item]
        else:
            merged[tier] = overrides  # an unknown tier or a wrong type: let validation name it
    return merged

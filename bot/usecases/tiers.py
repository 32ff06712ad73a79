"""Which tier a user has here (subscriptions, the server's roles, overrides; the highest wins), for either front
end, and what changes it: a subscription's events and an operator's override. The context is what the front end
knows about the caller; TierContext and its parts are this use case's input types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.accounts import GLOBAL, EntitlementInfo, OverrideRefused, TierContext, TierDecision
from bot.services import Services

__all__ = [
    "AdminRole",
    "EntitlementInfo",
    "TierContext",
    "TierDecision",
    "TierRefusal",
    "TierRefused",
    "TierSet",
    "entitlement_changed",
    "entitlement_ended",
    "override_tier",
    "resolve_tier",
]

# Who asks, as the front end established it: the bot's owners, a server's managers, or neither.
AdminRole = Literal["owner", "manager"] | None


async def resolve_tier(services: Services, context: TierContext) -> TierDecision:
    return await services.tiers.resolve(context)


async def entitlement_changed(services: Services, entitlement: EntitlementInfo) -> None:
    """A subscription bought or renewed outside an interaction: the tier changes at once."""
    await services.tiers.record_entitlement(entitlement)


async def entitlement_ended(services: Services, entitlement_id: int) -> None:
    await services.tiers.remove_entitlement(entitlement_id)


class TierRefusal(StrEnum):
    NOT_ADMIN = "not_admin"  # neither an owner of the bot nor a manager of this server
    OWNERS_ONLY = "owners_only"  # server overrides are off (quota.server_overrides): only owners set tiers
    NOT_IN_SERVER = "not_in_server"  # a manager's override is for a server, and this is not one


@dataclass(frozen=True)
class TierRefused:
    reason: TierRefusal


@dataclass(frozen=True)
class TierSet:
    """The override is set (``tier`` None: removed) and audited; ``effective``: the user's tier here now."""

    user_id: int
    tier: str | None
    everywhere: bool  # an owner's global override (a manager's holds in their server only)
    effective: TierDecision


async def override_tier(
    services: Services, *, role: AdminRole, actor_id: int, target: TierContext, tier: str | None
) -> TierSet | TierRefused:
    """Set (or with None remove) ``target``'s tier override, in the scope the caller's role allows."""
    if role is None:
        return TierRefused(TierRefusal.NOT_ADMIN)
    try:
        scope = await services.tiers.set_override(user_id=target.user_id, tier=tier, actor_id=actor_id,  # type: ignore[arg-type]
                                                  actor_role=role, guild_id=target.guild_id)  # fmt: skip
    except OverrideRefused as exc:
        return TierRefused(TierRefusal(exc.reason))
    return TierSet(target.user_id, tier, scope == GLOBAL, await services.tiers.resolve(target))

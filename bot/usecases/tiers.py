"""Which tier a user has here (subscriptions, the server's roles, overrides; the highest wins), for either front
end. The context is what the front end knows about the caller; TierContext and its parts are this use case's
input types."""

from __future__ import annotations

from bot.accounts import EntitlementInfo, TierContext, TierDecision
from bot.services import Services

__all__ = ["EntitlementInfo", "TierContext", "TierDecision", "resolve_tier"]


async def resolve_tier(services: Services, context: TierContext) -> TierDecision:
    return await services.tiers.resolve(context)

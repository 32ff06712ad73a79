"""Tier resolution from an interaction, the quota text and its upgrade button, and entitlement events."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.config import SpendLimits
from bot.usecases import EntitlementInfo, TierContext, TierDecision, entitlement_changed, entitlement_ended
from bot.usecases import resolve_tier as tier_of

if TYPE_CHECKING:
    from bot.accounts import QuotaStatus
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)


def entitlement_info(entitlement: discord.Entitlement) -> EntitlementInfo:
    return EntitlementInfo(
        id=entitlement.id,
        sku_id=entitlement.sku_id,
        user_id=entitlement.user_id,
        guild_id=entitlement.guild_id,
        starts_at=entitlement.starts_at.timestamp() if entitlement.starts_at else None,
        ends_at=entitlement.ends_at.timestamp() if entitlement.ends_at else None,
        deleted=entitlement.deleted,
    )


async def resolve_tier(interaction: discord.Interaction) -> TierDecision:
    """The user's tier here: subscriptions, this server's roles (if trusted) and overrides; the highest wins."""
    bot: ProfileCreatorBot = interaction.client  # type: ignore[assignment]
    roles = getattr(interaction.user, "roles", [])
    context = TierContext(
        user_id=interaction.user.id,
        guild_id=interaction.guild_id,
        role_ids=[r.id for r in roles],
        role_names=[r.name for r in roles],
        entitlements=[entitlement_info(e) for e in interaction.entitlements],
        entitlements_complete=True,
    )
    return await tier_of(bot.services, context)


def quota_text(
    status: QuotaStatus,
    renders_per_credit: int,
    spend: SpendLimits | None = None,
    turns_today: int = 0,
    source: str | None = None,
    *,
    offline: bool = True,
) -> str:
    """``offline``: brand kits are drawn by the design engine (free); with Gemini a kit's art costs a creation."""
    reset = int(status.resets_at.timestamp())
    kits = ("brand kits are free" if offline else
            "a brand kit's art costs 1 creation, once per render, and getting that kit again is free")  # fmt: skip
    lines = [
        f"**Tier:** {status.tier}" + (f" ({source})" if source else ""),
        f"**Used this month:** {status.used} / {status.limit}",
        f"**Remaining:** {status.remaining}",
        f"**Renders per credit:** {renders_per_credit} (edits and Vary inside a session; exports, packs and emotes "
        f"are free: no model call; {kits})",
        f"**Resets:** <t:{reset}:F> (<t:{reset}:R>, 00:00 UTC on the 1st)",
    ]
    if spend is not None:
        lines += [
            f"**Coach turns today:** {turns_today} / {spend.coach_turns_per_day} (reset 00:00 UTC; up to "
            f"{spend.coach_turns_per_minute:g} a minute, faster messages are answered together)",
            f"**Image attempts per session:** {spend.attempts_per_credit} (renders, plus results blocked by the "
            "safety filter or empty; outages don't count)",
        ]
    return "\n".join(lines)


def upgrade_view(bot: ProfileCreatorBot, decision: TierDecision) -> discord.ui.View | None:
    """Discord's own premium button for the next tier up, when subscriptions are configured."""
    sku = bot.services.tiers.upgrade_sku(decision.tier)
    if sku is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(style=discord.ButtonStyle.premium, sku_id=sku))
    return view


class EntitlementCog(commands.Cog):
    """Subscriptions bought, renewed or ended outside an interaction still change the tier at once."""

    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_entitlement_create(self, entitlement: discord.Entitlement) -> None:
        await entitlement_changed(self.bot.services, entitlement_info(entitlement))

    @commands.Cog.listener()
    async def on_entitlement_update(self, entitlement: discord.Entitlement) -> None:
        await entitlement_changed(self.bot.services, entitlement_info(entitlement))

    @commands.Cog.listener()
    async def on_entitlement_delete(self, entitlement: discord.Entitlement) -> None:
        await entitlement_ended(self.bot.services, entitlement.id)


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(EntitlementCog(bot))

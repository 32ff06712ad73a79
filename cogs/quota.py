"""Quota presentation and the admin-only /profile-admin tier command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import SpendLimits, Tier
from bot.quota import QuotaService, QuotaStatus

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot


async def member_tier(quota: QuotaService, user: discord.abc.User) -> Tier:
    roles = getattr(user, "roles", [])
    return await quota.tier_for(user.id, role_ids=[r.id for r in roles], role_names=[r.name for r in roles])


def quota_text(
    status: QuotaStatus, renders_per_credit: int, spend: SpendLimits | None = None, turns_today: int = 0
) -> str:
    reset = int(status.resets_at.timestamp())
    lines = [
        f"**Tier:** {status.tier}",
        f"**Used this month:** {status.used} / {status.limit}",
        f"**Remaining:** {status.remaining}",
        f"**Renders per credit:** {renders_per_credit} (edits and Vary inside a session; exports are free)",
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


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class AdminCog(commands.GroupCog, group_name="profile-admin", group_description="Profile Creator administration"):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="tier", description="Set a user's tier (default: let their roles decide)")
    @app_commands.describe(user="Whose tier to set", tier="free, pro, studio, or default to clear the override")
    async def tier(
        self,
        interaction: discord.Interaction,
        user: discord.Member,
        tier: Literal["free", "pro", "studio", "default"],
    ) -> None:
        # default_permissions is only a default server admins can change; check again here.
        perms = interaction.permissions
        if not (perms.manage_guild or perms.administrator):
            await interaction.response.send_message("Only server managers can change tiers.", ephemeral=True)
            return
        quota = self.bot.services.quota
        await quota.set_override(user.id, None if tier == "default" else tier, set_by=interaction.user.id)
        effective = await member_tier(quota, user)
        status = await quota.status(user.id, effective)
        await interaction.response.send_message(
            f"{user.mention} is now on the **{effective}** tier "
            f"({'role-based' if tier == 'default' else 'override'}): {status.remaining} of {status.limit} left "
            "this month.",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

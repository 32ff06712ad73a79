"""/profile-admin tier | audit | stats: owners act everywhere, a server's managers only on their server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.usecases import TierContext, model_status, month_figures, override_tier, tier_audit
from cogs.wording import tier_set
from cogs.wording_operator import audit_text, models_text, month_text

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class AdminCog(commands.GroupCog, group_name="profile-admin", group_description="Profile Creator administration"):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot
        super().__init__()

    async def _role(self, interaction: discord.Interaction) -> Literal["owner", "manager"] | None:
        """Bot owners (application owner or team members) first; then this server's managers. default_permissions
        is only a default a server can change, so the permission is checked again here."""
        if await self.bot.is_owner(interaction.user):
            return "owner"
        perms = interaction.permissions
        return "manager" if perms.manage_guild or perms.administrator else None

    @app_commands.command(name="tier", description="Override a user's tier (default: remove the override)")
    @app_commands.describe(user="Whose tier to set", tier="free, pro, studio, or default to remove the override")
    async def tier(
        self,
        interaction: discord.Interaction,
        user: discord.Member,
        tier: Literal["free", "pro", "studio", "default"],
    ) -> None:
        target = TierContext(user.id, interaction.guild_id, [r.id for r in user.roles], [r.name for r in user.roles])
        outcome = await override_tier(self.bot.services, role=await self._role(interaction),
                                      actor_id=interaction.user.id, target=target,
                                      tier=None if tier == "default" else tier)  # fmt: skip
        await interaction.response.send_message(tier_set(outcome), ephemeral=True,
                                                allowed_mentions=discord.AllowedMentions.none())  # fmt: skip

    @app_commands.command(name="audit", description="Recent tier changes (owners: all; managers: this server)")
    async def audit(self, interaction: discord.Interaction) -> None:
        outcome = await tier_audit(self.bot.services, await self._role(interaction), interaction.guild_id)
        await interaction.response.send_message(audit_text(outcome), ephemeral=True,
                                                allowed_mentions=discord.AllowedMentions.none())  # fmt: skip

    @app_commands.command(name="stats", description="Adoption, completion, satisfaction and conversion for a month")
    @app_commands.describe(month="YYYY-MM (default: this month, UTC)")
    async def stats(self, interaction: discord.Interaction, month: str | None = None) -> None:
        role = await self._role(interaction)
        if role is None:  # answered at once; the figures below may take a moment
            await interaction.response.send_message(month_text(await month_figures(self.bot.services, role, None)),
                                                    ephemeral=True)  # fmt: skip
            return
        # A month of a large install takes a moment to count, and Discord waits only 3 s for the first answer.
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await month_figures(self.bot.services, role, interaction.guild_id, month)
        await interaction.followup.send(month_text(outcome), ephemeral=True)

    @app_commands.command(name="status", description="The Gemini models and API version this bot uses now")
    async def status(self, interaction: discord.Interaction) -> None:
        outcome = await model_status(self.bot.services, await self._role(interaction))
        await interaction.response.send_message(models_text(outcome), ephemeral=True)


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(AdminCog(bot))

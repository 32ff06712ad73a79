"""/profile-admin tier | audit | stats: owners act everywhere, a server's managers only on their server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.accounts import GLOBAL, BadMonth, MonthStats, QueryTimedOut, SpendFigures
from bot.usecases import TierContext, override_tier
from cogs.wording import tier_set

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
        role = await self._role(interaction)
        if role is None:
            await interaction.response.send_message("Only server managers or the bot's owners can see this.",
                                                    ephemeral=True)  # fmt: skip
            return
        entries = await self.bot.services.tiers.audit(guild_id=None if role == "owner" else interaction.guild_id)
        if not entries:
            await interaction.response.send_message("No tier changes yet.", ephemeral=True)
            return
        lines = []
        for e in entries:
            actor = "migration" if e.actor_id is None else f"<@{e.actor_id}> ({e.actor_role})"
            scope = "global" if e.scope_guild_id == GLOBAL else f"server {e.scope_guild_id}"
            lines.append(f"<t:{int(e.at)}:R> {actor}: <@{e.user_id}> {e.old_tier or '—'} → {e.new_tier or 'removed'} "
                         f"({scope})")  # fmt: skip
        await interaction.response.send_message(
            "\n".join(lines)[:1900], ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    @app_commands.command(name="stats", description="Adoption, completion, satisfaction and conversion for a month")
    @app_commands.describe(month="YYYY-MM (default: this month, UTC)")
    async def stats(self, interaction: discord.Interaction, month: str | None = None) -> None:
        role = await self._role(interaction)
        if role is None:
            await interaction.response.send_message("Only server managers or the bot's owners can see this.",
                                                    ephemeral=True)  # fmt: skip
            return
        services = self.bot.services
        month = month or services.quota.current_month()
        guild = None if role == "owner" else interaction.guild_id
        # A month of a large install takes a moment to count, and Discord waits only 3 s for the first answer.
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            figures = await services.stats.for_month(month, guild)
            spend = await services.spend.for_month(month, guild)
            text = f"{stats_text(figures)}\n{spend_text(spend)}"
        except BadMonth as exc:
            text = str(exc)
        except QueryTimedOut as exc:  # stopped on the operator's own connection: no user waited for it
            text = f"{exc}. Nobody else waited for it; try again later, or ask for one server's figures."
        await interaction.followup.send(text, ephemeral=True)


    @app_commands.command(name="status", description="The Gemini models and API version this bot uses now")
    async def status(self, interaction: discord.Interaction) -> None:
        if await self._role(interaction) is None:
            await interaction.response.send_message("Only server managers or the bot's owners can see this.",
                                                    ephemeral=True)  # fmt: skip
            return
        await interaction.response.send_message(status_text(self.bot.services.provider.describe()), ephemeral=True)


def status_text(models: dict[str, str]) -> str:
    return "\n".join([
        f"**Chat model:** {models['chat_model']}",
        f"**Image model:** {models['image_model']}",
        f"**Gemini API version:** {models['api_version']}",
        f"**Configured:** {models['configured']}",
        f"**Chat settings:** {models.get('chat_settings', '—')}",
        f"**Image settings:** {models.get('image_settings', '—')}",
        f"**Over a daily quota:** {models.get('daily_quota_blocked', 'none')}",
        f"**No quota on this key (needs billing):** {models.get('no_quota_on_this_key', 'none')}",
        f"**Listed without a price (not chosen by auto):** {models.get('listed_without_price', 'none')}",
    ])  # fmt: skip


def spend_text(s: SpendFigures) -> str:
    """Gemini spend for the month: estimates from usageMetadata and the configured prices (gemini.prices)."""
    tokens = s.prompt_tokens + s.output_tokens + s.thought_tokens
    models = ", ".join(f"{model} ${cost:.4f}{' (estimate: no price)' if model in s.estimated else ''}"
                       for model, cost in s.by_model.items()) or "none"  # fmt: skip
    return "\n".join([
        f"**Gemini calls:** {s.calls} · {tokens:,} tokens (prompt {s.prompt_tokens:,}, output {s.output_tokens:,}, "
        f"thinking {s.thought_tokens:,}; thinking share {s.thinking_share:.0%}) · {s.images} images",
        f"**Estimated cost:** ${s.cost_usd:.4f} · per session ${s.per_session:.4f} ({s.sessions}) · per render "
        f"${s.per_render:.4f} ({s.renders})",
        f"**By model:** {models}",
    ])  # fmt: skip


def stats_text(s: MonthStats) -> str:
    rating = f"{s.rating_mean:.2f}★ from {s.rating_count}" if s.rating_mean is not None else "no ratings yet"
    failures = ", ".join(f"{kind} {n}" for kind, n in s.failures.items())
    mix = ", ".join(f"{tier} {n}" for tier, n in s.tier_mix.items())
    return "\n".join([
        f"**{s.month}** — {'all servers' if s.guild_id is None else 'this server'}",
        f"**Sessions started:** {s.started} by {s.users} users",
        f"**Completion:** {s.completed} / {s.started} ({s.completion_rate:.0%}) delivered at least one render",
        f"**Renders per session:** {s.renders_per_session:.2f} ({s.renders_fixed} fixed by the self-check)",
        f"**Rating:** {rating}",
        f"**Refunds:** {s.refunds}",
        f"**Failures:** {failures}",
        f"**Tier mix (sessions):** {mix}",
        f"**Users whose tier rose:** {s.tier_rose}",
    ])  # fmt: skip


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(AdminCog(bot))

"""/profile create | gallery | quota — translates interactions into domain calls."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.model import STYLE_LABELS, TYPES, OpenOutcome, initial_brief
from bot.references import CleanReference, ReferenceRefused, Source
from bot.sessions import MAX_DESCRIPTION, InvalidRequest, parse_create_request
from cogs.coach import CoachCog
from cogs.controls import KIND
from cogs.gallery_view import gallery_message
from cogs.help_view import help_embed
from cogs.privacy_view import forget_prompt
from cogs.quota import quota_text, resolve_tier, upgrade_view
from cogs.reference_intake import from_attachment, from_avatar

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)
# Labels as the seed names them; the values stay what is stored.
TYPE_CHOICES = [
    *(app_commands.Choice(name=t.label, value=t.value) for t in TYPES.values()),
]
STYLE_CHOICES = [app_commands.Choice(name=label, value=value) for value, label in STYLE_LABELS.items()]
PUBLIC_THREAD_NOTICE = "This server doesn't allow a private thread here, so this thread is public: others can read it."


async def _delete_quietly(thread: discord.Thread) -> None:
    try:
        await thread.delete()
    except discord.HTTPException as exc:
        log.warning("could not delete thread %s: %s", thread.id, exc)


class ProfileCog(commands.GroupCog, group_name="profile", group_description="Design a profile picture or logo"):
    def __init__(self, bot: ProfileCreatorBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="create", description="Start a design session with the coach in a private thread")
    @app_commands.describe(
        type="What to make",
        style="A style preset (custom: describe your own)",
        description="Optional: what you have in mind",
        colors="Optional brand colours, e.g. #9146FF, black",
        reference="Optional: a photo or image to base the design on (PNG, JPEG, WebP or GIF, up to 8 MB)",
        use_avatar="Use your current Discord avatar as a reference (server avatar first)",
    )
    @app_commands.rename(type="type")
    @app_commands.choices(type=TYPE_CHOICES, style=STYLE_CHOICES)
    async def create(
        self,
        interaction: discord.Interaction,
        type: str,
        style: str,
        description: app_commands.Range[str, 1, MAX_DESCRIPTION] | None = None,
        colors: str | None = None,
        reference: discord.Attachment | None = None,
        use_avatar: bool = False,
    ) -> None:
        # Discord's 3 s deadline: acknowledge before touching the database or the thread API.
        await interaction.response.defer(ephemeral=True, thinking=True)
        services = self.bot.services
        channel = interaction.channel
        if interaction.guild is None or not isinstance(channel, discord.TextChannel):
            await interaction.followup.send("Use /profile create in a server text channel.", ephemeral=True)
            return
        try:
            request = parse_create_request(type, style, description, colors)
        except InvalidRequest as exc:
            await interaction.followup.send(f"⚠️ {exc}", ephemeral=True)
            return
        decision = await resolve_tier(interaction)
        tier = decision.tier
        if await services.out_of_coach_turns(interaction.user.id, tier):
            turns_per_day = services.spend_for(tier).coach_turns_per_day
            reset = int(services.allowance.resets_at().timestamp())
            await interaction.followup.send(
                f"You've used today's {turns_per_day} coach turns ({tier} tier), so a new session couldn't talk to "
                f"you. They come back <t:{reset}:R>; nothing was charged.",
                ephemeral=True,
            )
            return
        if reference is not None or use_avatar:
            # Nothing is downloaded or decoded for someone who could not open a session anyway.
            open_already = await services.sessions.active_for_user(interaction.user.id)
            status = await services.quota.status(interaction.user.id, tier)
            if open_already is not None or status.remaining == 0:
                why = "You already have a design session open" if open_already else "You've used all your creations"
                await interaction.followup.send(f"{why}, so your image wasn't read; nothing was charged.",
                                                ephemeral=True)  # fmt: skip
                return
        # Untrusted images are checked before anything is reserved: a refusal charges nothing.
        cleaned: list[tuple[CleanReference, Source]] = []
        try:
            if reference is not None:
                cleaned.append((await from_attachment(reference, services.untrusted), "upload"))
            if use_avatar:
                cleaned.append((await from_avatar(interaction.user, services.untrusted), "avatar"))
        except ReferenceRefused as exc:
            await interaction.followup.send(f"⚠️ {exc.user_message} Nothing was charged.", ephemeral=True)
            return
        result = await services.sessions.open(
            user_id=interaction.user.id,
            guild_id=interaction.guild.id,
            channel_id=channel.id,
            creation_type=request.creation_type,
            style=request.style,
            description=request.description,
            colors=request.colors,
            brief=initial_brief(request.style, request.colors),
            month=services.quota.current_month(),
            limit=services.quota.limit_for(tier),
            tier=tier,
        )
        if result.outcome is OpenOutcome.ALREADY_ACTIVE:
            where = f" in <#{result.session.thread_id}>" if result.session and result.session.thread_id else ""
            await interaction.followup.send(
                f"You already have a design session open{where}. Finish it there first "
                "(press **Done** under your last render to close it).",
                ephemeral=True,
            )
            return
        if result.outcome is OpenOutcome.NO_QUOTA:
            status = await services.quota.status(interaction.user.id, tier)
            text = quota_text(status, services.settings.quota.renders_per_credit, source=decision.source)
            view = upgrade_view(self.bot, decision)  # a configured subscription lifts the limit at once
            await interaction.followup.send(
                f"You've used all your creations this month.\n{text}",
                ephemeral=True,
                view=view or discord.utils.MISSING,
            )
            return
        session = result.session
        assert session is not None
        try:
            thread, public = await self._open_thread(channel, interaction.user, KIND[type])
        except BaseException as exc:  # any failure (a cancellation too) before the thread exists gives it back
            await asyncio.shield(services.sessions.end(session.id, "cancelled", expect=("opening",)))
            if not isinstance(exc, Exception):
                raise
            log.warning("could not open a thread in %s: %s", channel.id, exc)
            await interaction.followup.send(
                "I couldn't open a thread here (missing permissions?). Your credit was not used.", ephemeral=True
            )
            return
        if not await services.sessions.attach_thread(session.id, thread.id):
            # The session was settled while the thread opened (swept as stuck): its credit is already back.
            await _delete_quietly(thread)
            await interaction.followup.send(
                "Opening your session took too long and it was cancelled; nothing was charged. "
                "Please run /profile create again.",
                ephemeral=True,
            )
            return
        for clean, source in cleaned:
            await services.references.add(
                session.id, interaction.user.id, clean, source, services.settings.coach.max_references
            )
        notice = f"\n⚠️ {PUBLIC_THREAD_NOTICE}" if public else ""
        await interaction.followup.send(f"Your design session is open: {thread.mention}{notice}", ephemeral=True)
        session = await services.sessions.get(session.id)
        assert session is not None
        offline = (
            " (offline mode: no Gemini key is configured, so designs are procedural)" if services.coach.offline else ""
        )
        only_you = (
            f"Only you can talk to the coach here. ⚠️ {PUBLIC_THREAD_NOTICE}"
            if public
            else ("Only you can talk to the coach here.")
        )
        await thread.send(
            f"{interaction.user.mention} welcome! Let's design your {KIND[type]} in the **{STYLE_LABELS[style]}** "
            f"style{offline}. " + only_you
        )
        coach_cog: CoachCog = self.bot.get_cog("CoachCog")  # type: ignore[assignment]
        await coach_cog.greet(thread, session)

    async def _open_thread(
        self, channel: discord.TextChannel, user: discord.abc.User, kind: str
    ) -> tuple[discord.Thread, bool]:
        """A private thread with the user in it, else a public one: (thread, is_public_fallback)."""
        name = f"{kind} · {user.display_name}"[:100]
        if self.bot.services.settings.discord.private_threads:
            try:
                thread = await channel.create_thread(
                    name=name, type=discord.ChannelType.private_thread, invitable=False, auto_archive_duration=1440
                )
            except discord.HTTPException as exc:
                # Some servers or channels do not allow private threads; a public one still works.
                log.info("private thread refused in %s (%s); using a public thread", channel.id, exc.status)
            else:
                try:
                    await thread.add_user(user)
                    return thread, False
                except discord.HTTPException as exc:
                    # A private thread the user cannot see is useless: remove it rather than leave it behind.
                    log.info("could not add %s to private thread %s (%s)", user.id, thread.id, exc.status)
                    await _delete_quietly(thread)
        thread = await channel.create_thread(
            name=name, type=discord.ChannelType.public_thread, auto_archive_duration=1440
        )
        return thread, True

    @app_commands.command(name="gallery", description="Your creations, newest first")
    @app_commands.describe(page="Page number (4 images per page)")
    async def gallery(self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 10_000] = 1) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        message = await gallery_message(self.bot, interaction.user.id, page)
        await interaction.followup.send(ephemeral=True, **message)

    @app_commands.command(name="quota", description="How many creations you have left this month")
    async def quota(self, interaction: discord.Interaction) -> None:
        services = self.bot.services
        decision = await resolve_tier(interaction)
        status = await services.quota.status(interaction.user.id, decision.tier)
        turns = await services.allowance.used_today(interaction.user.id)
        spend = services.spend_for(decision.tier)
        text = quota_text(status, services.settings.quota.renders_per_credit, spend, turns, decision.source)
        view = upgrade_view(self.bot, decision)
        await interaction.response.send_message(text, ephemeral=True, view=view or discord.utils.MISSING)

    @app_commands.command(name="forget", description="Delete everything the bot keeps about you (asks first)")
    async def forget(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(ephemeral=True, **forget_prompt(interaction.user.id))

    @app_commands.command(name="help", description="How it works, your quota, and the style presets")
    async def help(self, interaction: discord.Interaction) -> None:
        services = self.bot.services
        decision = await resolve_tier(interaction)
        status = await services.quota.status(interaction.user.id, decision.tier)
        embed = help_embed(status, services.settings.quota.renders_per_credit, STYLE_LABELS)
        await interaction.response.send_message(embed=embed, ephemeral=True)

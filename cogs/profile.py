"""/profile create | gallery | quota — translates interactions into domain calls."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.model import STYLE_LABELS, TYPES, Session, plain
from bot.sessions.create_request import MAX_DESCRIPTION, InvalidRequest, parse_create_request
from bot.usecases import NoCredits, Opened, Opening, SettledWhileOpening, open_session
from cogs import wording, wording_reach
from cogs.coach import CoachCog
from cogs.controls import KIND
from cogs.gallery_view import gallery_message
from cogs.help_view import help_embed
from cogs.privacy_view import forget_prompt
from cogs.quota import quota_text, resolve_tier, upgrade_view
from cogs.reference_intake import from_attachment, from_avatar

if TYPE_CHECKING:
    from bot.accounts import TierDecision
    from bot.app import ProfileCreatorBot
    from bot.references import Source

log = logging.getLogger(__name__)
# Labels as the seed names them; the values stay what is stored.
TYPE_CHOICES = [
    *(app_commands.Choice(name=t.label, value=t.value) for t in TYPES.values()),
]
STYLE_CHOICES = [app_commands.Choice(name=label, value=value) for value, label in STYLE_LABELS.items()]
PUBLIC_THREAD_NOTICE = "This server doesn't allow a private thread here, so this thread is public: others can read it."


def _reader(
    interaction: discord.Interaction,
    reference: discord.Attachment | None,
    use_avatar: bool,
) -> Callable[[], Awaitable[list[tuple[bytes, Source]]]] | None:
    """The user's images, read only once the use case has checked they could open a session at all."""
    if reference is None and not use_avatar:
        return None

    async def read() -> list[tuple[bytes, Source]]:
        images: list[tuple[bytes, Source]] = []
        if reference is not None:
            images.append((await from_attachment(reference), "upload"))
        if use_avatar:
            images.append((await from_avatar(interaction.user), "avatar"))
        return images

    return read


async def _delete_quietly(thread: discord.Thread) -> None:
    try:
        await thread.delete()
    except discord.HTTPException as exc:
        log.warning("could not delete thread %s: %s", thread.id, exc)


# A streamer can add the app to their own account (user install) and use it anywhere: in the DM with the bot the
# whole session runs there; in a server or group DM without the bot, /profile create points to that DM.
@app_commands.allowed_installs(guilds=True, users=True)
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
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
        channel = interaction.channel
        in_dm = isinstance(channel, discord.DMChannel)  # the DM with the bot: the session runs right here
        if not in_dm and not interaction.is_guild_integration():  # a server or group DM the bot is not in
            await self._hand_off(interaction)
            return
        if not in_dm and (interaction.guild is None or not isinstance(channel, discord.TextChannel)):
            await interaction.followup.send("Use /profile create in a server text channel.", ephemeral=True)
            return
        try:
            request = parse_create_request(type, style, description, colors)
        except InvalidRequest as exc:
            await interaction.followup.send(f"⚠️ {exc}", ephemeral=True)
            return
        decision = await resolve_tier(interaction)
        threads: list[tuple[discord.Thread, bool]] = []

        async def place(session_id: int) -> int:
            if in_dm:  # no thread: the DM is the session
                return channel.id  # type: ignore[union-attr]
            threads.append(await self._open_thread(channel, interaction.user, KIND[type]))  # type: ignore[arg-type]
            return threads[-1][0].id

        images = _reader(interaction, reference, use_avatar)
        outcome = await open_session(
            self.bot.services, user_id=interaction.user.id, guild_id=interaction.guild_id,
            channel_id=channel.id,  # type: ignore[union-attr]
            request=request, tier=decision, place=place, references=images,
        )  # fmt: skip
        if isinstance(outcome, Opened) and in_dm:
            await interaction.followup.send(f"{wording.opening(outcome)}, right here.", ephemeral=True)
            await self._greet(interaction.user, channel, False, outcome.session)  # type: ignore[arg-type]
            return
        if isinstance(outcome, Opened):
            await self._welcome(interaction, *threads[-1], outcome.session)
            return
        if isinstance(outcome, SettledWhileOpening) and threads:
            await _delete_quietly(threads[-1][0])
        await self._refused(interaction, outcome, decision, read=images is not None)

    async def _refused(
        self, interaction: discord.Interaction, outcome: Opening, decision: TierDecision, *, read: bool
    ) -> None:
        view: discord.ui.View | None = None
        text = wording.opening(outcome, read=read)
        if isinstance(outcome, NoCredits) and not read:
            per_credit = self.bot.services.settings.quota.renders_per_credit
            quota = quota_text(outcome.status, per_credit, source=outcome.source,
                               offline=self.bot.services.coach.offline)  # fmt: skip
            text += f"\n{quota}"
            view = upgrade_view(self.bot, decision)  # a configured subscription lifts the limit at once
        await interaction.followup.send(text, ephemeral=True, view=view or discord.utils.MISSING)

    async def _hand_off(self, interaction: discord.Interaction) -> None:
        """The app was added to the user's account but the bot is not here: one ephemeral message (within
        Discord's 5 follow-ups, and ephemeral works even where "Use External Apps" is off) with a link to the DM."""
        try:
            dm = await interaction.user.create_dm()
            await dm.send(wording_reach.DM_OPENING)  # the DM shows up in their list, with what to do there
        except discord.HTTPException as exc:  # e.g. they don't accept DMs from apps
            log.info("could not open a DM with %s: %s", interaction.user.id, exc.status)
            await interaction.followup.send(wording_reach.DM_REFUSED, ephemeral=True)
            return
        await interaction.followup.send(wording_reach.continue_in_dm(dm.id), ephemeral=True)

    async def _welcome(
        self, interaction: discord.Interaction, thread: discord.Thread, public: bool, session: Session
    ) -> None:
        notice = f"\n⚠️ {PUBLIC_THREAD_NOTICE}" if public else ""
        opened = wording.opening(Opened(session, 0))
        await interaction.followup.send(f"{opened}: {thread.mention}{notice}", ephemeral=True)
        await self._greet(interaction.user, thread, public, session)

    async def _greet(
        self, user: discord.abc.User, channel: discord.abc.Messageable, public: bool, session: Session
    ) -> None:
        """The welcome and the coach's first message, where the session runs (a thread, or the DM)."""
        offline = (
            " (offline mode: no Gemini key is configured, so designs are procedural)"
            if self.bot.services.coach.offline else ""
        )  # fmt: skip
        only_you = "Only you can talk to the coach here." + (f" ⚠️ {PUBLIC_THREAD_NOTICE}" if public else "")
        await channel.send(
            f"{user.mention} welcome! Let's design your {KIND[session.creation_type]} in the "
            f"**{STYLE_LABELS[session.style]}** style{offline}. " + only_you
        )
        coach_cog: CoachCog = self.bot.get_cog("CoachCog")  # type: ignore[assignment]
        await coach_cog.greet(channel, session)

    async def _open_thread(
        self, channel: discord.TextChannel, user: discord.abc.User, kind: str
    ) -> tuple[discord.Thread, bool]:
        """A private thread with the user in it, else a public one: (thread, is_public_fallback)."""
        name = f"{kind} · {plain(user.display_name)}"[:100]
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
        text = quota_text(status, services.settings.quota.renders_per_credit, spend, turns, decision.source,
                          offline=services.coach.offline)  # fmt: skip
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


async def setup(bot: ProfileCreatorBot) -> None:
    """Loaded by name (bot/app.py EXTENSIONS)."""
    await bot.add_cog(ProfileCog(bot))

"""Renders in the thread: progress, delivery, and the controls under every image (Vary, Export, Done).

Every control is a DynamicItem whose custom_id carries what it acts on, so it keeps working after a restart.
A render runs under the session's lock, so a change request typed while a render runs waits its turn.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.gallery import Creation
from bot.render import ALREADY_ON_IT, GenerationResult, RenderKind, Stage
from bot.usecases import (
    BUSY,
    AlreadyOnIt,
    Clicked,
    ClickKind,
    Closed,
    NoSuchSession,
    Rendered,
    RenderFailed,
    RenderRefused,
    close_session,
    render_click,
    render_delivered,
    render_now,
)
from cogs import wording
from cogs.controls import KIND, background_label, bot_of
from cogs.export_view import ExportButton
from cogs.id_button import IdButton
from cogs.kit_view import KitButton
from cogs.options_view import retry_view
from cogs.pack_view import PackButton
from cogs.rating_view import add_rating_row
from cogs.reporters import InteractionReporter, ProgressRelay, Reporter

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)
PROGRESS = {
    Stage.QUEUED: "⏳ Queued — waiting for a free slot…",
    Stage.GENERATING: "🎨 Generating your design…",
    Stage.FINISHING: "✨ Finishing: cutting out, resizing and encoding…",
    Stage.REPAINTING: "🧽 The background wasn't clean enough to cut out — asking for a flat one…",
    Stage.CHECKING: "🔎 Checking the spelling and the background…",
    Stage.FIXING_TEXT: "✏️ The lettering came out wrong — fixing it (free, not counted)…",
    Stage.FIXING_BACKGROUND: "🧽 The background isn't flat enough to cut out — repainting it (free, not counted)…",
}


async def run_render(
    interaction: discord.Interaction, session_id: int, kind: ClickKind, expect_renders: int | None = None
) -> None:
    """A button's render: acknowledged at once (Discord's 3 s), then run in its turn. ``expect_renders`` is the
    render count the button was posted for (None: a button from before that was recorded)."""
    reporter = InteractionReporter(interaction)
    bot = bot_of(interaction)
    assert interaction.channel_id is not None
    relays: list[ProgressRelay] = []

    async def accepted() -> None:  # refusals before this are answered privately, with no public progress message
        await reporter.show(PROGRESS[Stage.QUEUED])
        relays.append(ProgressRelay(reporter))

    async def progress(stage: Stage) -> None:
        relays[-1].update(PROGRESS[stage])

    delivery = _Delivery(bot, reporter, interaction.channel_id, relays)
    outcome = await render_click(bot.services, session_id, interaction.user.id, kind, progress, expect=expect_renders,
                                 accepted=accepted, deliver=delivery.post)  # fmt: skip
    await delivery.present(session_id, outcome)


async def render_and_deliver(
    bot: ProfileCreatorBot,
    reporter: Reporter,
    session_id: int,
    user_id: int,
    kind: RenderKind,
    channel_id: int,
    change: str = "",
    expect_renders: int | None = None,
    acknowledge: Callable[[str], Awaitable[None]] | None = None,
) -> None:
    """A render that needs no click (an edit typed in the thread): straight to its turn under the lock, where
    ``acknowledge`` gets the coach's line on the change first."""
    relays = [ProgressRelay(reporter)]

    async def progress(stage: Stage) -> None:
        relays[-1].update(PROGRESS[stage])

    delivery = _Delivery(bot, reporter, channel_id, relays)
    outcome = await render_now(bot.services, session_id, user_id, kind, progress, change=change,
                               expect=expect_renders, acknowledge=acknowledge, deliver=delivery.post)  # fmt: skip
    await delivery.present(session_id, outcome)


class _Delivery:
    """Posts a render inside the session's lock, then words the outcome (every progress line is out first)."""

    def __init__(self, bot: ProfileCreatorBot, reporter: Reporter, channel_id: int, relays: list[ProgressRelay]):
        self.bot, self.reporter, self.channel_id, self.relays = bot, reporter, channel_id, relays
        self.posted = False

    async def post(self, result: GenerationResult) -> None:
        for relay in self.relays:
            await relay.close()
        self.posted = await post_or_offer_repost(self.bot, self.reporter, result.creation, result.data,
                                                 self.channel_id, result)  # fmt: skip

    async def present(self, session_id: int, outcome: Clicked) -> None:
        for relay in self.relays:
            await relay.close()
        reporter = self.reporter
        if isinstance(outcome, Rendered):
            if self.posted:
                await reporter.show("✅ Done! Your image is below, and kept in /profile gallery.")
        elif isinstance(outcome, RenderRefused):
            view = done_view(session_id) if outcome.refusal.budget_used else discord.utils.MISSING
            await reporter.show(outcome.refusal.user_message, view=view, ephemeral=True)
        elif isinstance(outcome, RenderFailed):
            label = ("Save & post it", "📥") if outcome.held else ("Retry", "🔁")
            session = await self.bot.services.sessions.get(session_id)
            renders = session.renders_used if session else None
            await reporter.show(f"⚠️ {outcome.message}", view=retry_view(session_id, *label, renders=renders))
        elif isinstance(outcome, AlreadyOnIt):
            await reporter.show(ALREADY_ON_IT, ephemeral=True)  # a double click: the first one is rendering
        elif isinstance(outcome, NoSuchSession):
            await reporter.show(wording.NOT_YOURS, ephemeral=True)
        else:
            await reporter.show(f"{BUSY} Press again when it's done.", ephemeral=True)


async def post_or_offer_repost(
    bot: ProfileCreatorBot,
    reporter: Reporter,
    creation: Creation,
    data: bytes,
    channel_id: int,
    result: GenerationResult | None = None,
) -> bool:
    """Deliver; when Discord refuses the upload, say why and offer to post the kept file again (no model call)."""
    try:
        await deliver(bot, creation, data, channel_id, result=result)
        return True
    except discord.HTTPException as exc:
        log.warning("could not post creation %s: %s", creation.id, exc)
        if exc.status == 413:
            why = (
                f"Discord refused the upload: the {len(data) / 1e6:.1f} MB file is larger than this server allows. "
                "**Export** it smaller or as WebP (free), or press **Post again**."
            )
        else:
            why = f"Discord refused to post your image ({exc.status}). It is saved: press **Post again**."
        view = discord.ui.View(timeout=None)
        view.add_item(RepostButton(creation.id))
        if creation.render_id is not None:
            view.add_item(ExportButton(creation.render_id))
        await reporter.show(f"⚠️ {why} It's also in /profile gallery.", view=view)
        return False


def creation_caption(creation: Creation, result: GenerationResult | None = None) -> str:
    label = " · offline design — set GEMINI_API_KEY for AI renders" if creation.offline else ""
    lines = [
        f"🖼️ Your {KIND.get(creation.creation_type, 'design')}: {creation.size}×{creation.size} "
        f"{creation.format.upper()}, {background_label(creation.background)}{label}."
    ]
    if result is not None:
        lines.append(f"Render {result.number} of {result.budget}." if result.render.counted else "Not counted.")
        if result.render.note:
            good = result.render.note.startswith("Self-check fixed")
            lines.append(f"{'🔎' if good else '⚠️'} {result.render.note}")
        if result.number < result.budget:
            lines.append("Describe a change here to edit it, press **Vary** for a fresh take, or **Export** it.")
        else:
            lines.append("That was your last render of this session: **Export** any of them, then press **Done**.")
    return "\n".join(lines)


async def deliver(
    bot: ProfileCreatorBot, creation: Creation, data: bytes, channel_id: int, *, result: GenerationResult | None = None
) -> None:
    """Post the image as an attachment in the session thread, with its controls; then it is delivered."""
    channel = bot.get_partial_messageable(channel_id)
    view: discord.ui.View | Any = discord.utils.MISSING
    session = await bot.services.sessions.get(creation.session_id) if creation.session_id else None
    if creation.session_id:
        view = render_view(creation.session_id, creation.render_id, session.renders_used if session else None)
    caption = creation_caption(creation, result)
    message = await channel.send(
        caption, file=discord.File(io.BytesIO(data), filename=creation.filename), view=view
    )
    # The preview of how it reads at 128 / 48 / 28 px follows the image instead of holding it back.
    legibility = (await render_delivered(bot.services, creation, data)).legibility
    if legibility is None:
        return
    if legibility.warning:
        caption += f"\n🔍 {legibility.warning}"
    preview = discord.File(io.BytesIO(legibility.preview_png), filename="legibility-preview.png")
    try:
        await message.edit(content=caption, attachments=[*message.attachments, preview])
    except discord.HTTPException as exc:  # a courtesy: the image itself is delivered
        log.warning("could not add the legibility preview to creation %s: %s", creation.id, exc)


def render_view(session_id: int, render_id: int | None, renders: int | None = None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(VaryButton(session_id, renders))
    if render_id is not None:
        view.add_item(ExportButton(render_id))
        view.add_item(PackButton(render_id))
        view.add_item(KitButton(render_id))
    view.add_item(DoneButton(session_id))
    if render_id is not None:
        add_rating_row(view, render_id)
    return view


def done_view(session_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DoneButton(session_id))
    return view


class VaryButton(IdButton, verb="vary", id_name="session_id", label="Vary", emoji="🔀",
                 style=discord.ButtonStyle.primary):  # fmt: skip
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await run_render(interaction, self.session_id, "vary", self.renders)


class DoneButton(IdButton, verb="done", id_name="session_id", label="Done", emoji="🏁",
               style=discord.ButtonStyle.secondary):  # fmt: skip
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        outcome = await close_session(bot.services, self.session_id, interaction.user.id)
        if not isinstance(outcome, Closed):
            said = wording.NOT_YOURS if isinstance(outcome, NoSuchSession) else wording.ENDED
            await interaction.response.send_message(said, ephemeral=True)
            return
        session = outcome.session
        await interaction.response.send_message("🏁 Session closed. Your renders stay in /profile gallery.")
        if session.thread_id:
            try:
                await bot.http.edit_channel(session.thread_id, archived=True, reason="design session done")
            except discord.HTTPException as exc:
                log.warning("could not archive thread %s: %s", session.thread_id, exc)


class RepostButton(IdButton, verb="repost", id_name="creation_id", label="Post again", emoji="📤",
               style=discord.ButtonStyle.primary):  # fmt: skip
    """Posts a kept creation again after Discord refused it: the file is read back, no model call is made."""
    creation_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        creation = await bot.services.gallery.get(self.creation_id)
        if creation is None or creation.user_id != interaction.user.id:
            await interaction.response.send_message("Only the person who made this image can post it.", ephemeral=True)
            return
        reporter = InteractionReporter(interaction)
        await reporter.show("📤 Posting your image again…")
        data = await bot.services.gallery.read(creation)
        assert interaction.channel_id is not None
        if await post_or_offer_repost(bot, reporter, creation, data, interaction.channel_id):
            await reporter.show("✅ Posted. It's also in /profile gallery.")

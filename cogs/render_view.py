"""Renders in the thread: progress, delivery, and the controls under every image (Vary, Export, Done).

Every control is a DynamicItem whose custom_id carries what it acts on, so it keeps working after a restart.
A render runs under the session's lock, so a change request typed while a render runs waits its turn.
"""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.gallery import Creation
from bot.render import (
    ALREADY_ON_IT,
    GenerationFailed,
    GenerationRefused,
    GenerationResult,
    RenderKind,
    Stage,
    legibility_of,
)
from bot.usecases import BUSY, close_session
from cogs.controls import KIND, background_label, bot_of, owned_session
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
    interaction: discord.Interaction, session_id: int, kind: RenderKind, expect_renders: int | None = None
) -> None:
    """A button's render: acknowledged at once (Discord's 3 s), then run in its turn. ``expect_renders`` is the
    render count the button was posted for (None: a button from before that was recorded)."""
    reporter = InteractionReporter(interaction)
    bot = bot_of(interaction)
    generation = bot.services.generation
    try:
        await generation.check_can_render(session_id, expect_renders)
    except GenerationRefused as exc:  # answered privately, before any public progress message
        view = done_view(session_id) if exc.budget_used else discord.utils.MISSING
        await reporter.show(exc.user_message, view=view, ephemeral=True)
        return
    with generation.click(session_id, expect_renders) as accepted:
        if not accepted:
            await reporter.show(ALREADY_ON_IT, ephemeral=True)  # a double click: the first one is rendering
            return
        if bot.session_locks.queued(session_id) >= 2:  # one step running and one waiting: don't queue more
            await reporter.show(
                f"{BUSY} Press again when it's done.",
                ephemeral=True,
            )
            return
        await reporter.show(PROGRESS[Stage.QUEUED])
        channel_id = interaction.channel_id
        assert channel_id is not None
        await render_and_deliver(bot, reporter, session_id, kind, channel_id, expect_renders=expect_renders)


async def render_and_deliver(
    bot: ProfileCreatorBot,
    reporter: Reporter,
    session_id: int,
    kind: RenderKind,
    channel_id: int,
    change: str = "",
    expect_renders: int | None = None,
) -> None:
    relay = ProgressRelay(reporter)

    async def progress(stage: Stage) -> None:
        relay.update(PROGRESS[stage])

    async with bot.session_locks.hold(session_id):
        try:
            try:
                result = await bot.services.generation.render(session_id, kind, progress, change, expect_renders)
            finally:
                await relay.close()  # every progress line is out before the outcome's
        except GenerationRefused as exc:
            view = done_view(session_id) if exc.budget_used else discord.utils.MISSING
            await reporter.show(exc.user_message, view=view, ephemeral=True)
            return
        except GenerationFailed as exc:
            label = ("Save & post it", "📥") if exc.held else ("Retry", "🔁")
            session = await bot.services.sessions.get(session_id)
            renders = session.renders_used if session else None
            await reporter.show(f"⚠️ {exc.user_message}", view=retry_view(session_id, *label, renders=renders))
            return
        if not await post_or_offer_repost(bot, reporter, result.creation, result.data, channel_id, result):
            return
    await reporter.show("✅ Done! Your image is below, and kept in /profile gallery.")


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
    """Post the image as an attachment in the session thread, with its controls, and mark it delivered."""
    channel = bot.get_partial_messageable(channel_id)
    view: discord.ui.View | Any = discord.utils.MISSING
    session = await bot.services.sessions.get(creation.session_id) if creation.session_id else None
    if creation.session_id:
        view = render_view(creation.session_id, creation.render_id, session.renders_used if session else None)
    caption = creation_caption(creation, result)
    message = await channel.send(
        caption, file=discord.File(io.BytesIO(data), filename=creation.filename), view=view
    )
    await bot.services.gallery.mark_delivered(creation.id)
    # The preview of how it reads at 128 / 48 / 28 px follows the image instead of holding it back.
    legibility = await legibility_of(creation, data, session, bot.services.renders)
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


class VaryButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"pc:vary:(?P<sid>[0-9]+)(?::(?P<n>[0-9]+))?"
):
    """Carries the render count it was posted for: a second click on the same Vary makes no second render."""

    def __init__(self, session_id: int, renders: int | None = None) -> None:
        suffix = f":{renders}" if renders is not None else ""
        super().__init__(
            discord.ui.Button(
                label="Vary", emoji="🔀", style=discord.ButtonStyle.primary, custom_id=f"pc:vary:{session_id}{suffix}"
            )
        )
        self.session_id = session_id
        self.renders = renders

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> VaryButton:
        return cls(int(match["sid"]), int(match["n"]) if match["n"] else None)

    async def callback(self, interaction: discord.Interaction) -> None:
        if await owned_session(interaction, self.session_id) is not None:
            await run_render(interaction, self.session_id, "vary", self.renders)


class DoneButton(IdButton, verb="done", id_name="session_id", label="Done", emoji="🏁",
               style=discord.ButtonStyle.secondary):  # fmt: skip
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        session = await owned_session(interaction, self.session_id)
        if session is None:
            return
        bot = bot_of(interaction)
        await close_session(bot.services, session.id)
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

"""Renders in the thread: progress, delivery, and the controls under every image (Vary, Export, Done).

Every control is a DynamicItem whose custom_id carries what it acts on, so it keeps working after a restart.
A render runs under the session's lock, so a change request typed while a render runs waits its turn.
"""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING, Any, Protocol

import discord

from bot.gallery import Creation
from bot.generation import GenerationFailed, GenerationRefused, GenerationResult, Stage
from bot.renders import RenderKind
from cogs.controls import KIND, background_label, bot_of, owned_session
from cogs.export_view import ExportButton
from cogs.options_view import retry_view

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)
PROGRESS = {
    Stage.QUEUED: "⏳ Queued — waiting for a free slot…",
    Stage.GENERATING: "🎨 Generating your design…",
    Stage.FINISHING: "✨ Finishing: cutting out, resizing and encoding…",
    Stage.REPAINTING: "🧽 The background wasn't clean enough to cut out — asking for a flat one…",
}


class Reporter(Protocol):
    async def show(self, content: str, *, view: discord.ui.View = ..., ephemeral: bool = False) -> None: ...


class InteractionReporter:
    """The first call answers the interaction; later calls edit that answer (ephemeral only applies first)."""

    def __init__(self, interaction: discord.Interaction) -> None:
        self._interaction = interaction

    async def show(
        self, content: str, *, view: discord.ui.View = discord.utils.MISSING, ephemeral: bool = False
    ) -> None:
        if not self._interaction.response.is_done():
            await self._interaction.response.send_message(content, view=view, ephemeral=ephemeral)
        else:
            await self._interaction.edit_original_response(content=content, view=view)


class ThreadReporter:
    """Progress of a render started by a message (an edit request): one thread message, edited in place."""

    def __init__(self, channel: discord.abc.Messageable) -> None:
        self._channel = channel
        self._message: discord.Message | None = None

    async def show(
        self, content: str, *, view: discord.ui.View = discord.utils.MISSING, ephemeral: bool = False
    ) -> None:
        if self._message is None:
            self._message = await self._channel.send(content, view=view)
        else:
            await self._message.edit(content=content, view=view)


async def run_render(interaction: discord.Interaction, session_id: int, kind: RenderKind) -> None:
    """A button's render: acknowledged at once (Discord's 3 s), then run in its turn."""
    reporter = InteractionReporter(interaction)
    bot = bot_of(interaction)
    try:
        await bot.services.generation.check_can_render(session_id)
    except GenerationRefused as exc:  # answered privately, before any public progress message
        view = done_view(session_id) if exc.budget_used else discord.utils.MISSING
        await reporter.show(exc.user_message, view=view, ephemeral=True)
        return
    await reporter.show(PROGRESS[Stage.QUEUED])
    channel_id = interaction.channel_id
    assert channel_id is not None
    await render_and_deliver(bot, reporter, session_id, kind, channel_id)


async def render_and_deliver(
    bot: ProfileCreatorBot, reporter: Reporter, session_id: int, kind: RenderKind, channel_id: int, change: str = ""
) -> None:
    async def progress(stage: Stage) -> None:
        await reporter.show(PROGRESS[stage])

    async with bot.session_locks[session_id]:
        try:
            result = await bot.services.generation.render(session_id, kind, progress, change)
        except GenerationRefused as exc:
            view = done_view(session_id) if exc.budget_used else discord.utils.MISSING
            await reporter.show(exc.user_message, view=view, ephemeral=True)
            return
        except GenerationFailed as exc:
            await reporter.show(f"⚠️ {exc.user_message}", view=retry_view(session_id))
            return
        await deliver(bot, result.creation, result.data, channel_id, result=result)
    await reporter.show("✅ Done! Your image is below, and kept in /profile gallery.")


def creation_caption(creation: Creation, result: GenerationResult | None = None) -> str:
    label = " · offline procedural design (no Gemini key configured)" if creation.offline else ""
    lines = [
        f"🖼️ Your {KIND.get(creation.creation_type, 'design')}: {creation.size}×{creation.size} "
        f"{creation.format.upper()}, {background_label(creation.background)}{label}."
    ]
    if result is not None:
        lines.append(f"Render {result.number} of {result.budget}." if result.render.counted else "Not counted.")
        if result.render.note:
            lines.append(f"⚠️ {result.render.note}")
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
    view = render_view(creation.session_id, creation.render_id) if creation.session_id else discord.utils.MISSING
    await channel.send(
        creation_caption(creation, result), file=discord.File(io.BytesIO(data), filename=creation.filename), view=view
    )
    await bot.services.gallery.mark_delivered(creation.id)


def render_view(session_id: int, render_id: int | None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(VaryButton(session_id))
    if render_id is not None:
        view.add_item(ExportButton(render_id))
    view.add_item(DoneButton(session_id))
    return view


def done_view(session_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DoneButton(session_id))
    return view


class VaryButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:vary:(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Vary", emoji="🔀", style=discord.ButtonStyle.primary, custom_id=f"pc:vary:{session_id}"
            )
        )
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> VaryButton:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if await owned_session(interaction, self.session_id) is not None:
            await run_render(interaction, self.session_id, "vary")


class DoneButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:done:(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Done", emoji="🏁", style=discord.ButtonStyle.secondary, custom_id=f"pc:done:{session_id}"
            )
        )
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> DoneButton:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        session = await owned_session(interaction, self.session_id)
        if session is None:
            return
        bot = bot_of(interaction)
        async with bot.session_locks[session.id]:  # never close a session under a running render
            await bot.services.sessions.end(session.id, "completed")
        await interaction.response.send_message("🏁 Session closed. Your renders stay in /profile gallery.")
        if session.thread_id:
            try:
                await bot.http.edit_channel(session.thread_id, archived=True, reason="design session done")
            except discord.HTTPException as exc:
                log.warning("could not archive thread %s: %s", session.thread_id, exc)

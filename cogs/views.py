"""Buttons and selects. Each is a DynamicItem whose custom_id carries its state
(``pc:<what>:<session id>``), so controls keep working after a restart."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord

from bot.coach.presets import PRESETS
from bot.gallery import Creation
from bot.generation import GenerationFailed, GenerationRefused, Stage
from bot.imaging import SCENE, SIZES, TRANSPARENT
from bot.storage.sessions import Session

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot

log = logging.getLogger(__name__)
GALLERY_PAGE = 4
PROGRESS = {
    Stage.QUEUED: "⏳ Queued — waiting for a free slot…",
    Stage.GENERATING: "🎨 Generating your design…",
    Stage.FINISHING: "✨ Finishing: cutting out, resizing and encoding…",
}
KIND = {"profile_picture": "profile picture", "streamer_logo": "streamer logo"}


def _bot(interaction: discord.Interaction) -> ProfileCreatorBot:
    return interaction.client  # type: ignore[return-value]


async def _owned_session(interaction: discord.Interaction, session_id: int) -> Session | None:
    """The session if the clicking user owns it and it is still open; otherwise tells them why."""
    session = await _bot(interaction).services.sessions.get(session_id)
    if session is None or session.user_id != interaction.user.id:
        await interaction.response.send_message("These controls belong to someone else's session.", ephemeral=True)
        return None
    if not session.live:
        await interaction.response.send_message(
            "This session has ended. Start a new one with /profile create.", ephemeral=True
        )
        return None
    return session


def background_label(background: str) -> str:
    if background == TRANSPARENT:
        return "transparent background"
    if background == SCENE:
        return "designed background"
    return f"solid {background} background"


def options_content(session: Session) -> str:
    o = session.options
    return (
        f"**Your brief is ready.** Choose size, format and background, then press **Generate**.\n"
        f"Current choice: {o.size}×{o.size} {o.format.upper()}, {background_label(o.background)}."
    )


def options_view(session: Session) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SizeSelect(session.id, session.options.size))
    view.add_item(FormatSelect(session.id, session.options.format))
    view.add_item(BackgroundSelect(session.id, session.options.background, session.colors, session.style))
    view.add_item(GenerateButton(session.id))
    return view


def retry_view(session_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(GenerateButton(session_id, retry=True))
    return view


async def _update_options(interaction: discord.Interaction, session: Session, **change: object) -> None:
    """Saves one changed option and re-renders the controls with it selected."""
    options = replace(session.options, **change)  # re-validated by OutputOptions.__post_init__
    await _bot(interaction).services.sessions.set_options(session.id, options)
    updated = replace(session, options=options)
    await interaction.response.edit_message(content=options_content(updated), view=options_view(updated))


class SizeSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:size:(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int, current: int = 512) -> None:
        options = [discord.SelectOption(label=f"{s} × {s} px", value=str(s), default=s == current) for s in SIZES]
        super().__init__(discord.ui.Select(custom_id=f"pc:size:{session_id}", options=options, row=0))
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> SizeSelect:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if session := await _owned_session(interaction, self.session_id):
            await _update_options(interaction, session, size=int(self.item.values[0]))


class FormatSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:fmt:(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int, current: str = "png") -> None:
        options = [
            discord.SelectOption(label="PNG", value="png", description="lossless", default=current == "png"),
            discord.SelectOption(label="WebP", value="webp", description="smaller file", default=current == "webp"),
        ]
        super().__init__(discord.ui.Select(custom_id=f"pc:fmt:{session_id}", options=options, row=1))
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> FormatSelect:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if session := await _owned_session(interaction, self.session_id):
            await _update_options(interaction, session, format=self.item.values[0])


def background_choices(colors: list[str], style: str) -> list[tuple[str, str]]:
    choices = [(TRANSPARENT, "Transparent"), (SCENE, "Keep the designed background")]
    for color in [*colors, "#ffffff", "#000000", *PRESETS[style].palette]:  # type: ignore[index]
        if color not in [value for value, _ in choices]:
            choices.append((color, f"Solid {color}"))
    return choices[:25]


class BackgroundSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:bg:(?P<sid>[0-9]+)"):
    def __init__(
        self, session_id: int, current: str = TRANSPARENT, colors: list[str] | None = None, style: str = "custom"
    ) -> None:
        options = [
            discord.SelectOption(label=label, value=value, default=value == current)
            for value, label in background_choices(colors or [], style)
        ]
        super().__init__(discord.ui.Select(custom_id=f"pc:bg:{session_id}", options=options, row=2))
        self.session_id = session_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Any, match: re.Match[str]
    ) -> BackgroundSelect:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if session := await _owned_session(interaction, self.session_id):
            await _update_options(interaction, session, background=self.item.values[0])


class GenerateButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:(?P<kind>gen|retry):(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int, *, retry: bool = False) -> None:
        button = discord.ui.Button(
            label="Retry" if retry else "Generate",
            emoji="🔁" if retry else "🎨",
            style=discord.ButtonStyle.success,
            custom_id=f"pc:{'retry' if retry else 'gen'}:{session_id}",
            row=3 if not retry else None,
        )
        super().__init__(button)
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> GenerateButton:
        return cls(int(match["sid"]), retry=match["kind"] == "retry")

    async def callback(self, interaction: discord.Interaction) -> None:
        if await _owned_session(interaction, self.session_id) is not None:
            await run_generation(interaction, self.session_id)


async def _respond_or_edit(
    interaction: discord.Interaction,
    content: str,
    *,
    view: discord.ui.View = discord.utils.MISSING,
    ephemeral: bool = False,
) -> None:
    """The first call answers the interaction; later calls edit that answer (ephemeral only applies first)."""
    if not interaction.response.is_done():
        await interaction.response.send_message(content, view=view, ephemeral=ephemeral)
    else:
        await interaction.edit_original_response(content=content, view=view)


async def run_generation(interaction: discord.Interaction, session_id: int) -> None:
    """Generate with progress shown in one message that becomes the result or the error."""
    bot = _bot(interaction)

    async def progress(stage: Stage) -> None:
        await _respond_or_edit(interaction, PROGRESS[stage])

    try:
        result = await bot.services.generation.generate(session_id, progress)
    except GenerationRefused as exc:
        await _respond_or_edit(interaction, exc.user_message, ephemeral=True)
        return
    except GenerationFailed as exc:
        await _respond_or_edit(interaction, f"⚠️ {exc.user_message}", view=retry_view(session_id))
        return
    channel_id = interaction.channel_id
    assert channel_id is not None
    await deliver(bot, result.creation, result.data, channel_id)
    await interaction.edit_original_response(content="✅ Done! Your image is below, and kept in /profile gallery.")


def creation_caption(creation: Creation, *, offline: bool) -> str:
    label = " · offline procedural design (no Gemini key configured)" if offline else ""
    return (
        f"🖼️ Your {KIND.get(creation.creation_type, 'design')}: {creation.size}×{creation.size} "
        f"{creation.format.upper()}, {background_label(creation.background)}{label}.\n"
        "Want another take? Start a new session with /profile create."
    )


async def deliver(bot: ProfileCreatorBot, creation: Creation, data: bytes, channel_id: int) -> None:
    """Post the image as an attachment in the session thread and mark it delivered."""
    channel = bot.get_partial_messageable(channel_id)
    await channel.send(
        creation_caption(creation, offline=creation.offline),
        file=discord.File(io.BytesIO(data), filename=creation.filename),
    )
    await bot.services.gallery.mark_delivered(creation.id)


async def gallery_message(bot: ProfileCreatorBot, user_id: int, page: int) -> dict[str, Any]:
    """The kwargs for a gallery page message: text, attachments re-read from the bot's store, paging."""
    gallery = bot.services.gallery
    result = await gallery.list_page(user_id, page, GALLERY_PAGE)
    if not result.items:
        return {"content": "Your gallery is empty. Create something with /profile create!", "files": []}
    lines = [f"**Your creations** — page {result.page}/{result.pages} ({result.total} in all, newest first)"]
    files = []
    for creation in result.items:
        lines.append(
            f"• #{creation.id} {KIND.get(creation.creation_type, '?')} ({creation.style}), {creation.size}px "
            f"{creation.format.upper()}, <t:{int(creation.created_at)}:d>{' · offline' if creation.offline else ''}"
        )
        files.append(discord.File(io.BytesIO(await gallery.read(creation)), filename=creation.filename))
    view = discord.ui.View(timeout=None)
    view.add_item(GalleryPageButton(user_id, result.page - 1, "◀ Newer", disabled=result.page <= 1))
    view.add_item(GalleryPageButton(user_id, result.page + 1, "Older ▶", disabled=result.page >= result.pages))
    return {"content": "\n".join(lines), "files": files, "view": view}


class GalleryPageButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:gal:(?P<uid>[0-9]+):(?P<page>[0-9]+)"):
    def __init__(self, user_id: int, page: int, label: str = "Page", *, disabled: bool = False) -> None:
        button = discord.ui.Button(
            label=label,
            custom_id=f"pc:gal:{user_id}:{max(page, 1)}",
            disabled=disabled,
            style=discord.ButtonStyle.secondary,
        )
        super().__init__(button)
        self.user_id, self.page = user_id, max(page, 1)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: Any, match: re.Match[str]
    ) -> GalleryPageButton:
        return cls(int(match["uid"]), int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            await interaction.response.send_message("That's someone else's gallery.", ephemeral=True)
            return
        message = await gallery_message(_bot(interaction), self.user_id, self.page)
        files = message.pop("files")
        await interaction.response.edit_message(attachments=files, **message)


def register(bot: ProfileCreatorBot) -> None:
    bot.add_dynamic_items(SizeSelect, FormatSelect, BackgroundSelect, GenerateButton, GalleryPageButton)

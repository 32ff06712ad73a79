"""Renders in the thread: progress, delivery, and the controls under every image (Vary, Export, Done, Resume).

Every control is a DynamicItem whose custom_id carries what it acts on, so it keeps working after a restart.
A render runs under the session's lock, so a change request typed while a render runs waits its turn.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

import discord

from bot.gallery import Creation
from bot.generation import GenerationFailed, GenerationRefused, GenerationResult, Stage
from bot.imaging import SCENE, SIZES, TRANSPARENT, ImagingError, OutputOptions
from bot.renders import RenderKind
from bot.storage.sessions import ResumeOutcome
from cogs.controls import KIND, background_label, bot_of, owned_session
from cogs.options_view import options_content, options_view, retry_view

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


# --- Export: post-processing again from the kept source, no model call -------------------------------------

_EXPORT_BACKGROUNDS = ((TRANSPARENT, "Transparent"), (SCENE, "Designed background"), ("#ffffff", "White"),
                       ("#000000", "Black"))  # fmt: skip


def _encode_background(background: str) -> str:
    return {TRANSPARENT: "t", SCENE: "s"}.get(background, background.lstrip("#"))


def _decode_background(code: str) -> str:
    return {"t": TRANSPARENT, "s": SCENE}.get(code, f"#{code}")


def export_panel(render_id: int, options: OutputOptions) -> dict[str, Any]:
    state = f"{render_id}:{options.size}:{options.format}:{_encode_background(options.background)}"
    view = discord.ui.View(timeout=None)
    view.add_item(ExportControl(state, "size", [(str(s), f"{s} × {s} px") for s in SIZES], str(options.size)))
    view.add_item(ExportControl(state, "fmt", [("png", "PNG"), ("webp", "WebP")], options.format))
    view.add_item(ExportControl(state, "bg", list(_EXPORT_BACKGROUNDS), options.background))
    view.add_item(ExportControl(state, "go", [], ""))
    content = (
        f"**Export render #{render_id}** — {options.size}×{options.size} {options.format.upper()}, "
        f"{background_label(options.background)}. Free: made again from the original, no new render."
    )
    return {"content": content, "view": view}


class ExportButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:export:(?P<rid>[0-9]+)"):
    def __init__(self, render_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Export", emoji="📦", style=discord.ButtonStyle.secondary, custom_id=f"pc:export:{render_id}"
            )
        )
        self.render_id = render_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> ExportButton:
        return cls(int(match["rid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        render = await bot_of(interaction).services.renders.get(self.render_id)
        if render is None or render.user_id != interaction.user.id:
            await interaction.response.send_message("That render belongs to someone else.", ephemeral=True)
            return
        await interaction.response.send_message(ephemeral=True, **export_panel(render.id, OutputOptions()))


class ExportControl(
    discord.ui.DynamicItem[discord.ui.Item],
    template=r"pc:xp:(?P<rid>[0-9]+):(?P<size>[0-9]+):(?P<fmt>png|webp):(?P<bg>t|s|[0-9a-f]{6}):(?P<field>size|fmt|bg|go)",
):
    """One control of the export panel; its custom_id carries the whole panel state, so no state is kept."""

    def __init__(self, state: str, field: str, choices: list[tuple[str, str]], current: str) -> None:
        custom_id = f"pc:xp:{state}:{field}"
        item: discord.ui.Item
        if field == "go":
            item = discord.ui.Button(
                label="Get file", emoji="⬇️", style=discord.ButtonStyle.success, custom_id=custom_id
            )
        else:
            options = [
                discord.SelectOption(label=label, value=value, default=value == current) for value, label in choices
            ]
            item = discord.ui.Select(custom_id=custom_id, options=options)
        super().__init__(item)
        self.state, self.field = state, field

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> ExportControl:
        state = f"{match['rid']}:{match['size']}:{match['fmt']}:{match['bg']}"
        return cls(state, match["field"], [], "")

    def _options(self) -> tuple[int, OutputOptions]:
        render_id, size, fmt, background = self.state.split(":")
        return int(render_id), OutputOptions(size=int(size), format=fmt, background=_decode_background(background))  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        try:
            render_id, options = self._options()
        except ImagingError:
            await interaction.response.send_message("That export option is not valid.", ephemeral=True)
            return
        render = await bot.services.renders.get(render_id)
        if render is None or render.user_id != interaction.user.id:
            await interaction.response.send_message("That render belongs to someone else.", ephemeral=True)
            return
        if self.field != "go":
            value = self.item.values[0]  # type: ignore[attr-defined]
            field = {"size": "size", "fmt": "format", "bg": "background"}[self.field]
            options = replace(options, **{field: int(value) if field == "size" else value})
            await interaction.response.edit_message(**export_panel(render_id, options))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await bot.services.generation.export(render, options)
        kind = "logo" if "logo" in render.prompt.lower() else "profile"
        filename = f"{kind}-render{render.id}-{options.size}.{options.format}"
        await interaction.followup.send(
            f"📦 Render #{render.id}: {options.size}×{options.size} {options.format.upper()}, "
            f"{background_label(options.background)}.",
            file=discord.File(io.BytesIO(data), filename=filename),
            ephemeral=True,
        )


# --- Resume: reopen an expired session within the window ---------------------------------------------------

RESUME_REFUSALS = {
    ResumeOutcome.NOT_RESUMABLE: "This session can't be resumed (it is still open, or it was closed with Done).",
    ResumeOutcome.TOO_LATE: "This session expired too long ago to resume. Start a new one with /profile create — "
    "your renders are still in /profile gallery.",
    ResumeOutcome.NO_QUOTA: "Resuming needs a credit again (the unused one was refunded), and you have none left "
    "this month. See /profile quota.",
    ResumeOutcome.ALREADY_ACTIVE: "You already have another design session open; finish it (Done) first.",
}


def resume_view(session_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ResumeButton(session_id))
    return view


class ResumeButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:resume:(?P<sid>[0-9]+)"):
    def __init__(self, session_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Resume", emoji="▶️", style=discord.ButtonStyle.primary, custom_id=f"pc:resume:{session_id}"
            )
        )
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> ResumeButton:
        return cls(int(match["sid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        from cogs.quota import member_tier  # the quota cog imports views for its replies

        bot = bot_of(interaction)
        services = bot.services
        session = await services.sessions.get(self.session_id)
        if session is None or session.user_id != interaction.user.id:
            await interaction.response.send_message("Only the session's owner can resume it.", ephemeral=True)
            return
        tier = await member_tier(services.quota, interaction.user)
        outcome = await services.sessions.resume(
            session.id,
            month=services.quota.current_month(),
            limit=services.quota.limit_for(tier),
            window_seconds=services.settings.sessions.resume_days * 86400,
        )
        if outcome is not ResumeOutcome.RESUMED:
            await interaction.response.send_message(RESUME_REFUSALS[outcome], ephemeral=True)
            return
        await interaction.response.send_message("▶️ Resumed. The coach remembers the conversation and the brief.")
        if session.thread_id:
            try:
                await bot.http.edit_channel(session.thread_id, archived=False, reason="design session resumed")
            except discord.HTTPException as exc:
                log.warning("could not unarchive thread %s: %s", session.thread_id, exc)
        await post_resume_summary(bot, self.session_id)


async def post_resume_summary(bot: ProfileCreatorBot, session_id: int) -> None:
    services = bot.services
    session = await services.sessions.get(session_id)
    if session is None or session.thread_id is None:
        return
    channel = bot.get_partial_messageable(session.thread_id)
    turns = len(await services.sessions.transcript(session.id))
    brief = ", ".join(f"{k}: {v}" for k, v in session.brief.model_dump(exclude_none=True).items()) or "empty so far"
    latest = await services.renders.latest(session.id)
    budget = services.generation.budget
    lines = [f"**Restored:** {turns} messages of conversation; brief — {brief}."]
    if latest is not None:
        lines.append(f"Renders used: {session.renders_used} of {budget}. Describe a change to edit the latest one.")
        await channel.send("\n".join(lines), view=render_view(session.id, latest.id))
    elif await services.generation.is_ready(session):
        await channel.send("\n".join(lines))
        await channel.send(options_content(session), view=options_view(session))
    else:
        lines.append("Tell the coach what's next.")
        await channel.send("\n".join(lines))

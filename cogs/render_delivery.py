"""A render in the thread, from the click to the posted image: progress, the use case, the image with its controls,
and the outcome in words. A render runs under the session's lock, so a change request typed while a render runs
waits its turn.

The controls to post (under the image, after a failure) are handed in by whoever starts a render (the buttons in
cogs/render_controls.py, the coach's edits, the restart's re-posts), so this module never imports the buttons
that start it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.render.stage import Stage
from bot.usecases import (
    Clicked,
    ClickKind,
    EditUnchanged,
    Rendered,
    RenderFailed,
    RenderRefused,
    render_click,
    render_delivered,
    render_notes,
    render_now,
)
from cogs import wording
from cogs.controls import KIND, RenderControls, background_label, bot_of
from cogs.render_repost import offer_repost
from cogs.reporters import InteractionReporter, ProgressRelay, Reporter

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot
    from bot.gallery import Creation
    from bot.render import GenerationResult, RenderKind

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
    interaction: discord.Interaction,
    session_id: int,
    kind: ClickKind,
    expect_renders: int | None,
    controls: RenderControls,
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

    delivery = _Delivery(bot, reporter, interaction.channel_id, relays, controls)
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
    controls: RenderControls,
    change: str = "",
    expect_renders: int | None = None,
    acknowledge: Callable[[str], Awaitable[None]] | None = None,
) -> None:
    """A render that needs no click (an edit typed in the thread): straight to its turn under the lock, where
    ``acknowledge`` gets the coach's line on the change first."""
    relays = [ProgressRelay(reporter)]

    async def progress(stage: Stage) -> None:
        relays[-1].update(PROGRESS[stage])

    delivery = _Delivery(bot, reporter, channel_id, relays, controls)
    outcome = await render_now(bot.services, session_id, user_id, kind, progress, change=change,
                               expect=expect_renders, acknowledge=acknowledge, deliver=delivery.post)  # fmt: skip
    await delivery.present(session_id, outcome)


class _Delivery:
    """Posts a render inside the session's lock, then words the outcome (every progress line is out first)."""

    def __init__(
        self,
        bot: ProfileCreatorBot,
        reporter: Reporter,
        channel_id: int,
        relays: list[ProgressRelay],
        controls: RenderControls,
    ) -> None:
        self.bot, self.reporter, self.channel_id, self.relays = bot, reporter, channel_id, relays
        self.controls = controls
        self.posted = False

    async def post(self, result: GenerationResult) -> None:
        for relay in self.relays:
            await relay.close()
        self.posted = await post_or_offer_repost(self.bot, self.reporter, result.creation, result.data,
                                                 self.channel_id, self.controls, result)  # fmt: skip

    async def present(self, session_id: int, outcome: Clicked) -> None:
        for relay in self.relays:
            await relay.close()
        said = wording.clicked(outcome)
        if isinstance(outcome, Rendered):
            if self.posted:
                await self.reporter.show(said)
        elif isinstance(outcome, RenderRefused):
            view = self.controls.done_view(session_id) if outcome.budget_used else discord.utils.MISSING
            await self.reporter.show(said, view=view, ephemeral=True)
        elif isinstance(outcome, RenderFailed):
            label = ("Save & post it", "📥") if outcome.held else ("Retry", "🔁")
            await self.reporter.show(said, view=self.controls.retry_view(session_id, *label, renders=outcome.renders))
        elif isinstance(outcome, EditUnchanged):  # no render spent: said in the thread
            await self.reporter.show(said)
        else:  # a double click, a stranger's click, a busy session: privately
            await self.reporter.show(said, ephemeral=True)


async def post_or_offer_repost(
    bot: ProfileCreatorBot,
    reporter: Reporter,
    creation: Creation,
    data: bytes,
    channel_id: int,
    controls: RenderControls,
    result: GenerationResult | None = None,
) -> bool:
    """Deliver; when Discord refuses the upload, say why and offer to post the kept file again (no model call)."""
    try:
        await deliver(bot, creation, data, channel_id, controls, result=result)
        return True
    except discord.HTTPException as exc:
        log.warning("could not post creation %s: %s", creation.id, exc)
        await offer_repost(reporter, creation, data, exc, controls)
        return False


def creation_caption(creation: Creation, result: GenerationResult | None = None) -> str:
    # Drawn offline because the key's tier has no image model: the note says so, not "set GEMINI_API_KEY".
    billing = result is not None and result.render.billing_fallback
    label = ""
    if creation.offline:
        label = " · offline design" + ("" if billing else " — set GEMINI_API_KEY for AI renders")
    lines = [
        f"🖼️ Your {KIND.get(creation.creation_type, 'design')}: {creation.size}×{creation.size} "
        f"{creation.format.upper()}, {background_label(creation.background)}{label}."
    ]
    if result is not None:
        lines.append(f"Render {result.number} of {result.budget}." if result.render.counted else "Not counted.")
        for note in render_notes(result.render):
            lines.append(f"{'🔎' if note.startswith('Self-check fixed') else '⚠️'} {note}")
        if result.number < result.budget:
            lines.append("Describe a change here to edit it, press **Vary** for a fresh take, or **Export** it.")
        else:
            lines.append("That was your last render of this session: **Export** any of them, then press **Done**.")
    return "\n".join(lines)


async def deliver(
    bot: ProfileCreatorBot,
    creation: Creation,
    data: bytes,
    channel_id: int,
    controls: RenderControls,
    *,
    result: GenerationResult | None = None,
) -> None:
    """Post the image as an attachment in the session thread, with its controls; then it is delivered."""
    channel = bot.get_partial_messageable(channel_id)
    view: discord.ui.View | Any = discord.utils.MISSING
    session = await bot.services.sessions.get(creation.session_id) if creation.session_id else None
    if creation.session_id:
        view = controls.render_view(creation.session_id, creation.render_id, session.renders_used if session else None)
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

"""The controls under a render and after its outcome: Vary, Export, the pack, the kit, Done and the rating under
every image; Retry after a failure; Post again after Discord refused an upload.

Every control is a DynamicItem whose custom_id carries what it acts on, so it keeps working after a restart. The
views are handed to the delivery path as CONTROLS (cogs/render_delivery.py imports no button).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.usecases import Closed, KeptImage, close_session, kept_image
from cogs import wording
from cogs.controls import bot_of, set_thread_archived
from cogs.export_view import ExportButton
from cogs.id_button import IdButton
from cogs.kit_view import KitButton
from cogs.pack_view import PackButton
from cogs.rating_view import add_rating_row
from cogs.render_delivery import post_or_offer_repost, run_render
from cogs.reporters import InteractionReporter

if TYPE_CHECKING:
    from bot.gallery import Creation


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


def retry_view(
    session_id: int, label: str = "Retry", emoji: str = "🔁", *, renders: int | None = None
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    button = RetryButton(session_id, renders)
    button.item.label, button.item.emoji = label, emoji  # same action: a held render is saved, not re-made
    view.add_item(button)
    return view


def repost_view(creation: Creation) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(RepostButton(creation.id))
    if creation.render_id is not None:
        view.add_item(ExportButton(creation.render_id))
    return view


class _Controls:
    """What the delivery path posts (cogs.controls.RenderControls)."""

    render_view = staticmethod(render_view)
    done_view = staticmethod(done_view)
    retry_view = staticmethod(retry_view)
    repost_view = staticmethod(repost_view)


CONTROLS = _Controls()


class VaryButton(IdButton, verb="vary", id_name="session_id", label="Vary", emoji="🔀",
                 style=discord.ButtonStyle.primary):  # fmt: skip
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await run_render(interaction, self.session_id, "vary", self.renders, CONTROLS)


class DoneButton(IdButton, verb="done", id_name="session_id", label="Done", emoji="🏁",
               style=discord.ButtonStyle.secondary):  # fmt: skip
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        outcome = await close_session(bot.services, self.session_id, interaction.user.id)
        if not isinstance(outcome, Closed):
            await interaction.response.send_message(wording.closed(outcome), ephemeral=True)
            return
        session = outcome.session
        await interaction.response.send_message(wording.closed(outcome))
        await set_thread_archived(bot, session, True, "design session done")


class RepostButton(IdButton, verb="repost", id_name="creation_id", label="Post again", emoji="📤",
               style=discord.ButtonStyle.primary):  # fmt: skip
    """Posts a kept creation again after Discord refused it: the file is read back, no model call is made."""
    creation_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        kept = await kept_image(bot.services, self.creation_id, interaction.user.id)
        if not isinstance(kept, KeptImage):
            await interaction.response.send_message(wording.reposting(kept), ephemeral=True)
            return
        reporter = InteractionReporter(interaction)
        await reporter.show(wording.reposting(kept))
        assert interaction.channel_id is not None and kept.data is not None
        if await post_or_offer_repost(bot, reporter, kept.creation, kept.data, interaction.channel_id, CONTROLS):
            await reporter.show("✅ Posted. It's also in /profile gallery.")


class RetryButton(IdButton, verb="retry", id_name="session_id", label="Retry", emoji="🔁",
                  style=discord.ButtonStyle.success):  # fmt: skip
    """After a failed render: the same click again (the credit and the budget were untouched)."""

    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await run_render(interaction, self.session_id, "next", self.renders, CONTROLS)

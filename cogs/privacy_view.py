"""/profile forget's confirmation: one button, only for the person who asked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.usecases import forget_me
from cogs.controls import bot_of
from cogs.id_button import IdButton

if TYPE_CHECKING:
    from bot.accounts import ForgetReport

WHAT = (
    "This deletes everything I keep about you: reference images, renders, gallery images, brand kits, transcripts, "
    "briefs, sessions and ratings. An open session is closed first (an unspent credit is refunded). Your monthly usage "
    "and today's coach turns stay, because limits need them. This can't be undone."
)


def forget_prompt(user_id: int) -> dict[str, Any]:
    view = discord.ui.View(timeout=None)
    view.add_item(ForgetButton(user_id))
    return {"content": f"⚠️ {WHAT}", "view": view}


def forget_summary(report: ForgetReport) -> str:
    return (
        f"🗑️ Done. Deleted {report.references} reference images, {report.renders} renders, {report.images} gallery "
        f"images, {report.kept_kits} brand kits, {report.messages} transcript messages, {report.ratings} ratings "
        f"and {report.sessions} sessions. "
        "Kept: your monthly usage and today's coach-turn count (limits need them)."
    )


class ForgetButton(IdButton, verb="forget", id_name="user_id", label="Delete everything", emoji="🗑️",
               style=discord.ButtonStyle.danger):  # fmt: skip
    user_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            await interaction.response.send_message("Only the person who asked can confirm this.", ephemeral=True)
            return
        report = await forget_me(bot_of(interaction).services, self.user_id)
        await interaction.response.edit_message(content=forget_summary(report), view=None)

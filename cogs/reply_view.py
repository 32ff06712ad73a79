"""Reply: a button under the coach's messages opens a modal with a long text input and a File Upload for one
reference image. It is how words reach the coach when Discord withholds thread messages' text (no Message Content
intent), and it works with the intent too. The submit is only another way into the coach turn (cogs/coach.py).

Like Edit brief, the modal is routed by its custom_id (``pc:reply-form:<session>``), so it survives a restart.
A MODAL_SUBMIT names each uploaded file's id in the File Upload's ``values`` and lists the file itself in
``data.resolved.attachments`` (Discord's docs: components/reference "File Upload").
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import InteractionType

from bot.model import Session
from bot.usecases import MAX_USER_MESSAGE, brief_to_edit
from cogs import wording, wording_reach
from cogs.brief_edit_view import open_modal
from cogs.controls import bot_of
from cogs.id_button import IdButton
from cogs.said import Said

if TYPE_CHECKING:
    from cogs.coach import CoachCog

FORM = re.compile(r"pc:reply-form:([0-9]+)")
WORDS, IMAGE = "words", "image"
MESSAGE_LIMIT = 2000  # the words shown back in the thread fit one message


class ReplyModal(discord.ui.Modal):
    """Only its look: discord.py keeps no copy; the submit is read by ``reply_form_sent``."""

    def __init__(self, session_id: int) -> None:
        super().__init__(title="Reply to the coach", custom_id=f"pc:reply-form:{session_id}")
        # Discord allows 4,000 characters here, as much as the coach reads (MAX_USER_MESSAGE): the input stops
        # where the coach would refuse, so nothing typed is turned away.
        words: discord.ui.TextInput[ReplyModal] = discord.ui.TextInput(
            custom_id=WORDS, style=discord.TextStyle.long, max_length=MAX_USER_MESSAGE, required=False,
            placeholder="What you want, or what to change",
        )  # fmt: skip
        self.add_item(discord.ui.Label(text="Your message", component=words))
        image = discord.ui.FileUpload(custom_id=IMAGE, min_values=0, max_values=1, required=False)
        self.add_item(discord.ui.Label(text="Reference image (optional)", component=image,
                                       description="A picture to draw from: PNG, JPEG, WebP or GIF"))  # fmt: skip
        self.stop()


class ReplyButton(IdButton, verb="reply", id_name="session_id", label="Reply", emoji="💬"):
    session_id: int

    async def callback(self, interaction: discord.Interaction) -> None:
        await open_modal(interaction, self.session_id, lambda session: ReplyModal(session.id))


def reply_view(session_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReplyButton(session_id))
    return view


def submitted(interaction: discord.Interaction) -> tuple[str, tuple[discord.Attachment, ...]]:
    """The typed words and the uploaded files of a Reply modal's MODAL_SUBMIT."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    resolved = (data.get("resolved") or {}).get("attachments") or {}
    words, files = "", []
    for component in data.get("components") or []:
        for item in component.get("components") or ([component["component"]] if "component" in component else []):
            if item.get("type") == 4 and item.get("custom_id") == WORDS:
                words = str(item.get("value") or "").strip()
            elif item.get("type") == 19 and item.get("custom_id") == IMAGE:
                files += [discord.Attachment(data=resolved[v], state=interaction._state)
                          for v in item.get("values") or [] if v in resolved]  # fmt: skip
    return words, tuple(files)


def echo(user: discord.abc.User, words: str, files: tuple[discord.Attachment, ...]) -> str:
    """The modal's words shown in the thread, so the conversation reads whole: quoted, and cut to fit one message
    (up to 4,000 characters were typed; the coach reads them all)."""
    head, attached = f"**{user.display_name}:**\n", "".join(f"\n📎 {f.filename[:100]}" for f in files)
    room = MESSAGE_LIMIT - len(head) - len(attached) - 1  # one for the "…" of a cut
    quoted = "\n".join(f"> {line}" for line in words.splitlines())
    if len(quoted) > room:
        quoted = quoted[:room].rstrip() + "…"
    return f"{head}{quoted}{attached}"


async def reply_form_sent(interaction: discord.Interaction) -> None:
    """A Reply modal was submitted (a listener on every interaction; others are left alone)."""
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    found = FORM.fullmatch(str(data.get("custom_id", ""))) if interaction.type is InteractionType.modal_submit else None
    if found is None:
        return
    bot = bot_of(interaction)
    session = await brief_to_edit(bot.services, int(found[1]), interaction.user.id)
    if not isinstance(session, Session):
        await interaction.response.send_message(wording.brief_refused(session), ephemeral=True)
        return
    words, files = submitted(interaction)
    if not words and not files:
        await interaction.response.send_message(wording_reach.REPLY_EMPTY, ephemeral=True)
        return
    channel = interaction.channel
    # The words are shown back while the turn starts: the coach's first words wait for the model's first token,
    # not for this round trip as well (the echo still lands first: a token takes far longer).
    shown = asyncio.ensure_future(interaction.response.send_message(
        echo(interaction.user, words, files), allowed_mentions=discord.AllowedMentions.none()))  # fmt: skip

    async def answer(line: str) -> object:
        return await channel.send(line, allowed_mentions=discord.AllowedMentions.none())  # type: ignore[union-attr]

    coach: CoachCog = bot.get_cog("CoachCog")  # type: ignore[assignment]
    try:
        await coach.hear(session, Said(words, files, channel, answer))  # type: ignore[arg-type]
    finally:
        await shown

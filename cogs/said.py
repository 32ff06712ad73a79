"""The owner's words as the coach cog takes them, however they came: a thread message (with or without the
Message Content intent) or the Reply modal."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import discord


@dataclass(frozen=True)
class Said:
    """The owner's words and files, however they came (a thread message or the Reply modal); ``answer`` says one
    line back to them there."""

    text: str
    files: tuple[discord.Attachment, ...]
    channel: discord.abc.Messageable
    answer: Callable[[str], Awaitable[object]]


def words_of(message: discord.Message, me: int) -> str:
    """The text without the @mention that made Discord deliver it (without the intent, the only way it comes)."""
    return re.sub(rf"<@!?{me}>", "", message.content).strip()


def from_message(message: discord.Message, me: int) -> Said:
    async def answer(line: str) -> object:
        return await message.reply(line, mention_author=False)

    return Said(words_of(message, me), tuple(message.attachments), message.channel, answer)

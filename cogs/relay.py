"""Streams a coach turn into a Discord channel with the shared StreamRelay."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from bot.coach.streaming import StreamRelay
from bot.model import ProviderError

if TYPE_CHECKING:
    from bot.coach import CoachTurn

log = logging.getLogger(__name__)


class ChannelSink:
    def __init__(self, channel: discord.abc.Messageable) -> None:
        self._channel = channel

    async def send(self, content: str) -> discord.Message:
        return await self._channel.send(content, allowed_mentions=discord.AllowedMentions.none())

    async def edit(self, handle: discord.Message, content: str) -> None:
        await handle.edit(content=content, allowed_mentions=discord.AllowedMentions.none())


async def stream_turn(channel: discord.abc.Messageable, turn: CoachTurn, interval: float) -> bool:
    """Relays the reply; on a provider error shows its message. Returns True when the reply completed."""
    relay: StreamRelay[discord.Message] = StreamRelay(ChannelSink(channel), interval)
    try:
        stream = turn.stream()
        # The model request goes out first; the typing indicator's own round trip runs beside it.
        pending_first = asyncio.ensure_future(anext(stream, None))
        try:
            async with channel.typing():
                first = await pending_first
        except BaseException:
            pending_first.cancel()
            raise
        if first is not None:
            await relay.feed(first)
        await relay.relay(stream)  # the rest of the chunks, then the final edit
        return True
    except ProviderError as exc:
        log.warning("coach reply failed: %s", exc)
        await relay.finish(f"⚠️ {exc.chat_message}")
        return False

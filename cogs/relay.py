"""Streams a coach turn into a Discord channel with the shared StreamRelay."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from bot.coach.streaming import StreamRelay
from bot.model import ProviderError
from bot.usecases import coach_trouble

if TYPE_CHECKING:
    from bot.coach import CoachTurn

log = logging.getLogger(__name__)


class ChannelSink:
    """``view`` goes under the first message (the Reply button); edits keep it."""

    def __init__(self, channel: discord.abc.Messageable, view: discord.ui.View | None = None) -> None:
        self._channel = channel
        self._view = view

    async def send(self, content: str) -> discord.Message:
        if self._view is None:
            return await self._channel.send(content, allowed_mentions=discord.AllowedMentions.none())
        return await self._channel.send(content, view=self._view, allowed_mentions=discord.AllowedMentions.none())

    async def edit(self, handle: discord.Message, content: str) -> None:
        await handle.edit(content=content, allowed_mentions=discord.AllowedMentions.none())


async def stream_turn(
    channel: discord.abc.Messageable, turn: CoachTurn, interval: float, view: discord.ui.View | None = None
) -> bool:
    """Relays the reply; on a provider error shows its message. Returns True when the reply completed."""
    relay: StreamRelay[discord.Message] = StreamRelay(ChannelSink(channel, view), interval)
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
        await relay.finish(f"⚠️ {coach_trouble(exc.trouble)}")
        return False

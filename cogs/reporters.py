"""Where a render's progress and outcome are shown: the interaction's answer, or one thread message.

Progress must never break a render: the model call is paid by then. So a refused edit (an interaction token
expires after 15 minutes; a message may be deleted) moves the report to a new thread message instead of raising.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

import discord

log = logging.getLogger(__name__)


class Reporter(Protocol):
    async def show(self, content: str, *, view: discord.ui.View = ..., ephemeral: bool = False) -> None: ...


class ThreadReporter:
    """Progress of a render started by a message (an edit request): one thread message, edited in place."""

    def __init__(self, channel: discord.abc.Messageable) -> None:
        self._channel = channel
        self._message: discord.Message | None = None

    async def show(
        self, content: str, *, view: discord.ui.View = discord.utils.MISSING, ephemeral: bool = False
    ) -> None:
        if self._message is not None:
            try:
                await self._message.edit(content=content, view=view)
                return
            except discord.HTTPException as exc:
                log.info("progress message gone (%s); posting a new one", exc.status)
        try:
            self._message = await self._channel.send(content, view=view)
        except discord.HTTPException as exc:
            log.warning("could not report progress in the thread: %s", exc)


class InteractionReporter:
    """The first call answers the interaction; later calls edit that answer (ephemeral only applies first).
    Once the interaction's token is refused, reports continue as a thread message."""

    def __init__(self, interaction: discord.Interaction) -> None:
        self._interaction = interaction
        self._fallback: ThreadReporter | None = None

    async def show(
        self, content: str, *, view: discord.ui.View = discord.utils.MISSING, ephemeral: bool = False
    ) -> None:
        if self._fallback is None:
            try:
                if not self._interaction.response.is_done():
                    await self._interaction.response.send_message(content, view=view, ephemeral=ephemeral)
                else:
                    await self._interaction.edit_original_response(content=content, view=view)
                return
            except discord.HTTPException as exc:
                log.info("interaction answer refused (%s %s); reporting in the thread", exc.status, exc.code)
                channel_id = self._interaction.channel_id
                if channel_id is None:
                    return
                self._fallback = ThreadReporter(self._interaction.client.get_partial_messageable(channel_id))
        await self._fallback.show(content, view=view)


class ProgressRelay:
    """Progress lines go out beside the render instead of in front of it: each stage replaces the one not yet
    sent (newest wins), one request at a time, in order. ``close`` sends what is pending and stops."""

    def __init__(self, reporter: Reporter) -> None:
        self._reporter = reporter
        self._pending: str | None = None
        self._closing = False
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="progress-relay")

    def update(self, content: str) -> None:
        self._pending = content
        self._wake.set()

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            content, self._pending = self._pending, None
            if content is not None:
                try:  # a progress line must never cost the user a render the model is already making
                    await self._reporter.show(content)
                except Exception:
                    log.exception("could not show render progress")
            if self._closing and self._pending is None:
                return

    async def close(self) -> None:
        self._closing = True
        self._wake.set()
        await self._task

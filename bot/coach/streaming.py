"""Relaying a streamed reply into chat messages: throttled edits, split at the length limit.

Discord-agnostic: the sink is any object that can send and edit a message, so the
throttling and splitting rules are testable without Discord.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from typing import Generic, Protocol, TypeVar

Handle = TypeVar("Handle")
MESSAGE_LIMIT = 2000


class MessageSink(Protocol[Handle]):
    async def send(self, content: str) -> Handle: ...

    async def edit(self, handle: Handle, content: str) -> None: ...


def split_point(text: str, limit: int) -> int:
    """Where to cut ``text`` so the head fits ``limit``: a paragraph, line or word break if there is one."""
    if len(text) <= limit:
        return len(text)
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, limit // 2, limit)
        if cut > 0:
            return cut + len(separator)
    return limit


class StreamRelay(Generic[Handle]):
    """Shows streamed text as it arrives, editing at most once per ``interval`` seconds."""

    def __init__(
        self,
        sink: MessageSink[Handle],
        interval: float,
        *,
        limit: int = MESSAGE_LIMIT,
        clock: Callable[[], float] = time.monotonic,
        cursor: str = " ▌",
    ) -> None:
        self._sink = sink
        self._interval = interval
        self._limit = limit
        self._clock = clock
        self._cursor = cursor
        self._handle: Handle | None = None
        self._shown = ""
        self._text = ""
        self._last_flush = float("-inf")
        self.messages: list[str] = []  # final text of every message this relay finished

    async def _show(self, content: str) -> None:
        if content == self._shown or not content.strip():
            return
        if self._handle is None:
            self._handle = await self._sink.send(content)
        else:
            await self._sink.edit(self._handle, content)
        self._shown = content
        self._last_flush = self._clock()

    async def feed(self, chunk: str) -> None:
        self._text += chunk
        while len(self._text) > self._limit:
            cut = split_point(self._text, self._limit)
            head, self._text = self._text[:cut].rstrip(), self._text[cut:].lstrip()
            await self._show(head)
            self.messages.append(head)
            self._handle, self._shown = None, ""
        if self._clock() - self._last_flush >= self._interval:
            # A cursor while streaming shows the reply is still coming; it is never over the limit.
            preview = self._text + self._cursor if len(self._text) + len(self._cursor) <= self._limit else self._text
            await self._show(preview)

    async def finish(self, suffix: str = "") -> list[str]:
        """Final edit without the cursor; ``suffix`` (e.g. an error note) is appended if it fits."""
        if suffix:
            joined = f"{self._text.rstrip()}\n\n{suffix}".strip()
            if len(joined) <= self._limit:
                self._text = joined
            else:
                await self._show(self._text.rstrip())
                self.messages.append(self._text.rstrip())
                self._handle, self._shown, self._text = None, "", suffix
        final = self._text.rstrip()
        if final:
            await self._show(final)
            self.messages.append(final)
        return self.messages

    async def relay(self, chunks: AsyncIterator[str]) -> list[str]:
        async for chunk in chunks:
            await self.feed(chunk)
        return await self.finish()

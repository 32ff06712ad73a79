"""One lock per session, dropped as soon as nobody holds or waits for it, so the table stays as small as the
number of sessions doing something right now (not every session the process has ever seen)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager


class _Entry:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class SessionLocks:
    """``shared`` (the database's advisory lock) makes the lock hold across processes too; for SQLite, which one
    process owns, it is a no-op."""

    def __init__(self, shared: Callable[[int], AbstractAsyncContextManager[None]] | None = None) -> None:
        self._entries: dict[int, _Entry] = {}
        self._shared = shared

    @asynccontextmanager
    async def hold(self, session_id: int) -> AsyncIterator[None]:
        entry = self._entries.get(session_id)
        if entry is None:
            entry = self._entries[session_id] = _Entry()
        entry.users += 1
        try:
            async with entry.lock:
                if self._shared is None:
                    yield
                else:
                    async with self._shared(session_id):
                        yield
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._entries[session_id]

    def queued(self, session_id: int) -> int:
        """How many hold or wait for this session: a button can refuse at once instead of joining a long queue."""
        entry = self._entries.get(session_id)
        return entry.users if entry else 0

    def __len__(self) -> int:
        return len(self._entries)

"""Forces an interleaving: another task's step runs right after a chosen statement returns.

The real repository code runs unchanged; only the moment another task gets in is chosen, deterministically,
instead of hoping a sleep lands between two awaits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.storage import Database

Step = Callable[[], Awaitable[Any]]


class InterleavingDatabase(Database):
    """A Database that runs ``step`` once, right after the first statement containing ``marker`` completes."""

    _hooks: list[tuple[str, Step]]

    def after(self, marker: str, step: Step) -> None:
        if not hasattr(self, "_hooks"):
            self._hooks = []
        self._hooks.append((marker, step))

    async def _hooked(self, sql: str) -> None:
        for entry in list(getattr(self, "_hooks", [])):
            if entry[0] in sql:
                self._hooks.remove(entry)
                await entry[1]()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        rows = await super().fetchall(sql, params)
        await self._hooked(sql)
        return rows

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = await super().fetchone(sql, params)
        await self._hooked(sql)
        return row

    async def scan(self, sql: str, params: Sequence[Any] = (), **kwargs: Any) -> list[Any]:
        rows = await super().scan(sql, params, **kwargs)
        await self._hooked(sql)
        return rows

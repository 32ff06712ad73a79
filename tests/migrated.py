"""A test's SQLite database as a copy of one migrated once per run (the ``migrated_sqlite`` fixture)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path


async def migrated_copy(template: Path, path: Path) -> Path:
    """``path`` (a new database file) as a copy of the migrated template; the copy runs off the event loop."""

    def copy() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, path)

    await asyncio.to_thread(copy)
    return path

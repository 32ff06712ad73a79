"""A heartbeat file for container health checks: written while the bot is connected, read by
``profile-creator health``. A process that is up but disconnected (or hung) stops writing, and turns unhealthy."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

FILE_NAME = "heartbeat.json"
INTERVAL_SECONDS = 30.0
STALE_SECONDS = 90.0


def _write(path: Path, connected: bool) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"connected": connected, "at": time.time()}))
    tmp.replace(path)  # atomic: the checker never reads half a file


async def beat(data_dir: Path, connected: object, interval: float = INTERVAL_SECONDS) -> None:
    """Until cancelled: write whether ``connected()`` holds, every ``interval`` seconds (file I/O off the loop)."""
    path = data_dir / FILE_NAME
    while True:
        await asyncio.to_thread(_write, path, bool(connected()))  # type: ignore[operator]
        await asyncio.sleep(interval)


def check(data_dir: Path, now: float | None = None) -> tuple[bool, str]:
    path = data_dir / FILE_NAME
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return False, f"no heartbeat at {path} (not started, or not connected yet)"
    age = (now or time.time()) - float(state.get("at", 0))
    if age > STALE_SECONDS:
        return False, f"heartbeat is {age:.0f} s old (the process hangs or has stopped)"
    if not state.get("connected"):
        return False, "running but not connected to Discord"
    return True, f"connected, heartbeat {age:.0f} s ago"

"""Stopping on SIGTERM/SIGINT, within a deadline.

``docker stop`` and systemd send SIGTERM and wait; a graceful close that waits on something that never comes (a
gateway already gone, a connection never returned) would leave the process running until it is killed, its work
unlogged. So the close gets ``grace`` seconds; past them the tasks still pending are logged (what held it) and the
process exits with status 1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 20.0


def _pending() -> str:
    lines = []
    for task in asyncio.all_tasks():
        frames = task.get_stack(limit=1)
        where = f"{frames[0].f_code.co_filename}:{frames[0].f_lineno}" if frames else "?"
        lines.append(f"{task.get_name()} at {where}")
    return "; ".join(sorted(lines)) or "none"


def stop_on_signals(close: Callable[[], Awaitable[object]], grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
    """On the first SIGTERM or SIGINT, start ``close``; if the process is still running ``grace`` seconds later,
    log what is pending and exit."""
    loop = asyncio.get_running_loop()
    started: list[asyncio.Future[object]] = []

    def give_up() -> None:
        log.error("shutdown did not finish within %.0f s; exiting. Pending: %s", grace, _pending())
        logging.shutdown()
        os._exit(1)  # the loop is the thing stuck: nothing else would get to run

    def on_signal() -> None:
        if started:
            return
        started.append(asyncio.ensure_future(close()))
        loop.call_later(grace, give_up)

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, on_signal)

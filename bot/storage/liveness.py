"""Which processes sharing the database are alive, and leases for chores one process per database should do.

A process is alive while its heartbeat row is fresh. On the same host a holder whose pid is gone is dead at once,
so a process restarted after a kill recovers its predecessor's sessions without waiting for the heartbeat to lapse.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable

from bot.storage.database import Database

_HOST = socket.gethostname()


def new_holder() -> str:
    """A name for this process's claims: host, pid and a random part (a pid is reused after a restart)."""
    return f"{_HOST}:{os.getpid()}:{secrets.token_hex(4)}"


def _pid_gone(holder: str) -> bool:
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != _HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: it exists
        return False
    return False


class Liveness:
    def __init__(self, db: Database, holder: str, ttl_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self.holder = holder
        self._ttl = ttl_seconds
        self._clock = clock

    async def beat(self) -> None:
        now = self._clock()
        await self._db.execute(
            "INSERT INTO process_heartbeats (holder, alive_until) VALUES (?, ?) "
            "ON CONFLICT (holder) DO UPDATE SET alive_until = excluded.alive_until",
            (self.holder, now + self._ttl),
        )
        await self._db.execute("DELETE FROM process_heartbeats WHERE alive_until < ?", (now - 86400,))

    async def alive(self) -> set[str]:
        rows = await self._db.fetchall("SELECT holder FROM process_heartbeats WHERE alive_until >= ?", (self._clock(),))
        return {row["holder"] for row in rows if not _pid_gone(row["holder"])} | {self.holder}

    async def stop(self) -> None:
        """A clean shutdown: this process's claims are free at once."""
        await self._db.execute("DELETE FROM process_heartbeats WHERE holder = ?", (self.holder,))

    async def take_lease(self, name: str, seconds: float) -> bool:
        """True when this process may do chore ``name`` now: nobody holds it, or the holder's term has run out.
        The term is not renewed early, so the chore runs at most once per ``seconds`` per database."""
        now = self._clock()
        taken = await self._db.execute(
            "INSERT INTO housekeeping_leases (name, holder, until) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until "
            "WHERE housekeeping_leases.until <= ?",
            (name, self.holder, now + seconds, now),
        )
        return taken == 1

"""Session housekeeping that needs no Discord: idle warnings, expiry, restart recovery, orphan files.

Several processes may share one database (bot shards, a separate studio). Each transition is a conditional UPDATE,
so a session ends once whoever sweeps; recovery takes only what a dead process left (``held_by``), and the file
sweep holds a lease so one process per database does it per period.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.config import SessionSettings
from bot.gallery import Creation, GalleryStore
from bot.gallery.orphans import OrphanFiles
from bot.references import ReferenceStore
from bot.storage import Session, SessionRepository
from bot.storage.liveness import Liveness

log = logging.getLogger(__name__)
FILE_SWEEP_SECONDS = 3600  # files unnamed for an hour go; the sweep runs once an hour per database
# References of finished sessions are looked for every ten minutes, not every pass: each look reads every referenced
# session (1,600 at 100k users), and a reference kept minutes longer after its session ended is no one's loss.
REFERENCE_PURGE_SECONDS = 600


@dataclass
class SweepResult:
    warned: list[Session] = field(default_factory=list)
    expired: list[Session] = field(default_factory=list)
    abandoned: list[Session] = field(default_factory=list)  # stuck opening: cancelled, credit refunded
    references_deleted: int = 0  # of sessions that can no longer continue (privacy: kept no longer than needed)
    interrupted: list[Session] = field(default_factory=list)  # a dead process's render: back to active
    files_deleted: int = 0  # files no row names


@dataclass
class RecoveryReport:
    abandoned: list[Session] = field(default_factory=list)  # never got a thread: credit refunded
    interrupted: list[Session] = field(default_factory=list)  # were generating: back to active, credit kept
    undelivered: list[Creation] = field(default_factory=list)  # recorded but not yet posted


Report = Callable[[SweepResult], Awaitable[None]]


class SessionLifecycle:
    def __init__(
        self,
        sessions: SessionRepository,
        gallery: GalleryStore,
        settings: SessionSettings,
        clock: Callable[[], float] = time.time,
        references: ReferenceStore | None = None,
        liveness: Liveness | None = None,
        orphans: OrphanFiles | None = None,
    ) -> None:
        self._sessions = sessions
        self._gallery = gallery
        self._settings = settings
        self._clock = clock
        self._references = references
        self._liveness = liveness
        self._orphans = orphans
        self._purge_due = float("-inf")  # the first pass purges

    async def stop(self) -> None:
        if self._liveness is not None:
            await self._liveness.stop()

    async def _release(self, session_id: int) -> Session | None:
        """A render cut off (a process died or restarted): back to active, the model attempt given back."""
        await self._sessions.release_after_failure(session_id, return_attempt=True)
        return await self._sessions.get(session_id)

    async def _alive(self) -> set[str]:
        return await self._liveness.alive() if self._liveness else {self._sessions.holder}

    async def sweep(self) -> SweepResult:
        """Warn sessions idle past the warning time (once), expire those idle past expiry."""
        now = self._clock()
        result = SweepResult()
        if self._liveness is not None:
            await self._liveness.beat()
        alive = await self._alive()
        for session in await self._sessions.left_by_others("generating", alive, unclaimed=False):
            refreshed = await self._release(session.id)
            if refreshed is not None and refreshed.status == "active":
                result.interrupted.append(refreshed)
        warn_before = now - self._settings.idle_warning_minutes * 60
        expire_before = now - self._settings.idle_expiry_minutes * 60
        for session in await self._sessions.stale_openings(now - self._settings.opening_timeout_seconds):
            ended = await self._sessions.end(session.id, "cancelled", expect=("opening",))
            if ended is not None:
                result.abandoned.append(ended)
        for session in await self._sessions.idle_sessions(warn_before, expire_before):
            if session.last_activity_at <= expire_before:
                # Re-checked in the UPDATE: a Generate or a message since the SELECT keeps the session.
                ended = await self._sessions.end(session.id, "expired", expect=("active",), idle_before=expire_before)
                if ended is not None:
                    result.expired.append(ended)
            elif session.warned_at is None and await self._sessions.mark_warned(session.id, warn_before):
                result.warned.append(session)
        if self._references is not None and now >= self._purge_due:
            self._purge_due = now + REFERENCE_PURGE_SECONDS
            resume_window = self._settings.resume_days * 86400
            result.references_deleted = await self._references.purge_finished(now - resume_window)
        if self._orphans is not None and self._liveness is not None:
            if await self._liveness.take_lease("orphan-files", FILE_SWEEP_SECONDS):
                result.files_deleted = await self._orphans.sweep(FILE_SWEEP_SECONDS)
                await self._sessions.refresh_planner_statistics()
        return result

    async def sweep_forever(self, report: Report) -> None:
        """The one sweep loop, whichever front end runs it: a sweep every ``sweep_interval_seconds``, then the front
        end's ``report`` (thread messages on Discord, a log line in the studio). A failure is logged, never fatal."""
        while True:
            try:
                await report(await self.sweep())
            except Exception:
                log.exception("session sweep failed")
            await asyncio.sleep(self._settings.sweep_interval_seconds)

    async def recover(self, owns: Callable[[int | None], bool] = lambda guild_id: True) -> RecoveryReport:
        """After a restart: settle sessions a crash left half-way, so no credit is stranded. With several processes
        each settles only the sessions of the guilds whose shard it runs (another process's render in flight is
        not this one's to release)."""
        report = RecoveryReport()
        # Another live process's create or render is not ours to settle; our own claims (a test's restart of the
        # same repository) and unnamed rows are.
        alive = await self._alive() - {self._sessions.holder}
        opening = await self._sessions.left_by_others("opening", alive, unclaimed=True)
        for session in [s for s in opening if owns(s.guild_id)]:
            ended = await self._sessions.end(session.id, "cancelled", expect=("opening",))
            if ended is not None:
                report.abandoned.append(ended)
        generating = await self._sessions.left_by_others("generating", alive, unclaimed=True)
        for session in [s for s in generating if owns(s.guild_id)]:
            refreshed = await self._release(session.id)
            if refreshed is not None:
                report.interrupted.append(refreshed)
        undelivered = await self._gallery.undelivered()
        for creation in undelivered:
            session = await self._sessions.get(creation.session_id) if creation.session_id else None
            if owns(session.guild_id if session else None):
                report.undelivered.append(creation)
        if self._liveness is not None:
            await self._liveness.beat()
        return report

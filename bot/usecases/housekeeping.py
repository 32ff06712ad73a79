"""Housekeeping every mode runs: the idle sweep (warn, expire, refund, stuck openings, orphan files) and the
recovery after a restart. The loop is one, in bot/sessions; each front end only says how it announces a report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.gallery import Creation
from bot.model import Session
from bot.services import Services
from bot.sessions import RecoveryReport, Report


async def keep_house(services: Services, report: Report) -> None:
    """Runs until cancelled: a sweep every ``sessions.sweep_interval_seconds``, each result handed to ``report``."""
    await services.lifecycle.sweep_forever(report)


@dataclass(frozen=True)
class Recovered:
    report: RecoveryReport
    # Recorded but never shown, with the session whose place (a Discord thread) they go to. Those with no place
    # are marked delivered here: they stay in the gallery.
    to_post: list[tuple[Creation, Session]] = field(default_factory=list)


async def recover(services: Services, owns: Callable[[int | None], bool] = lambda guild_id: True) -> Recovered:
    """After a restart, before any user is served: settles what a crash left half-way (``owns``: the guilds this
    process serves; another shard's sessions are not its to settle)."""
    report = await services.lifecycle.recover(owns)
    to_post = []
    for creation in report.undelivered:
        session = await services.sessions.get(creation.session_id) if creation.session_id else None
        if session is None or session.thread_id is None:
            await services.gallery.mark_delivered(creation.id)  # nowhere to post: it stays in the gallery
        else:
            to_post.append((creation, session))
    return Recovered(report, to_post)

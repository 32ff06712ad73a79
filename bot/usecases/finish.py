"""Done and Resume, the same for a Discord button and the studio's endpoints. Only the session's owner closes or
resumes it: anyone else hears NoSuchSession, as for an id that does not exist."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import ResumeOutcome, Session
from bot.services import Services
from bot.usecases.outcomes import NoSuchSession, SessionEnded
from bot.usecases.ownership import owned_session


@dataclass(frozen=True)
class Closed:
    session: Session  # as it was closed (its thread, for the front end to archive)


async def close_session(services: Services, session_id: int, user_id: int) -> Closed | SessionEnded | NoSuchSession:
    """Done: waits for a render in flight (the session's lock), then closes; a spent credit stays spent, an unused
    one is given back as on any cancellation. SessionEnded: it had ended already (nothing changed)."""
    if isinstance(session := await owned_session(services, session_id, user_id), NoSuchSession):
        return session
    if not session.live:
        return SessionEnded()
    async with services.locks.hold(session_id):  # never close a session under a running render
        closed = await services.sessions.end(session_id, "completed")
    return Closed(closed) if closed is not None else SessionEnded()


@dataclass(frozen=True)
class Resumed:
    session: Session


@dataclass(frozen=True)
class ResumeRefused:
    """Why a session cannot come back; the front end words it."""

    outcome: ResumeOutcome


async def resume_session(
    services: Services, session_id: int, user_id: int, tier: str
) -> Resumed | ResumeRefused | NoSuchSession:
    """Within ``sessions.resume_days`` of its end, a session reopens with its transcript and brief (a refunded
    credit is reserved again)."""
    if isinstance(owned := await owned_session(services, session_id, user_id), NoSuchSession):
        return owned
    outcome = await services.sessions.resume(
        session_id, month=services.quota.current_month(), limit=services.quota.limit_for(tier),
        window_seconds=services.settings.sessions.resume_days * 86400,
    )  # fmt: skip
    if outcome is not ResumeOutcome.RESUMED:
        return ResumeRefused(outcome)
    session = await services.sessions.get(session_id)
    assert session is not None
    return Resumed(session)

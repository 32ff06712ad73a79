"""A reference image added to an open session: from a Discord message's attachment or the studio's upload.

The file is untrusted: it is checked and cleaned in the worker processes for untrusted images before it is kept
(within the per-session limit, the oldest dropped).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.references import ReferenceRefused, Source
from bot.services import Services
from bot.usecases.outcomes import ImageUnusable, NoSuchSession, SessionEnded
from bot.usecases.ownership import owned_session

Read = Callable[[], Awaitable[bytes]]  # the front end's download (it may refuse with ReferenceRefused)


@dataclass(frozen=True)
class ReferenceAdded:
    references: int  # the session's references now
    dropped: int  # the oldest ones removed to stay within ``keep``
    keep: int
    width: int
    height: int
    note: str | None  # what cleaning changed (e.g. an animation's first frame is used)


async def add_reference(
    services: Services, session_id: int, user_id: int, read: Read, source: Source
) -> ReferenceAdded | ImageUnusable | NoSuchSession | SessionEnded:
    session = await owned_session(services, session_id, user_id)
    if isinstance(session, NoSuchSession):
        return session
    if not session.live:
        return SessionEnded()
    try:
        clean = await services.untrusted.clean(await read(), user_id)
    except ReferenceRefused as exc:
        return ImageUnusable(exc.problem)
    keep = services.settings.coach.max_references
    added = await services.references.add(session.id, user_id, clean, source, keep)
    return ReferenceAdded(await services.references.count(session.id), added.dropped, keep, clean.width,
                          clean.height, clean.note)  # fmt: skip

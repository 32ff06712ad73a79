"""What a front end shows of the caller's session: the session, its images, its conversation and its renders."""

from __future__ import annotations

from dataclasses import dataclass

from bot.gallery import Creation
from bot.model import ChatTurn, Session
from bot.render import Render
from bot.services import Services
from bot.usecases.outcomes import NoSuchSession
from bot.usecases.ownership import owned_session

TRANSCRIPT = 200  # messages a page shows at most


@dataclass(frozen=True)
class SessionView:
    session: Session
    creations: list[Creation]
    transcript: list[ChatTurn]
    renders: list[Render]
    budget: int  # renders per session


async def view_of(services: Services, session: Session) -> SessionView:
    return SessionView(session, await services.gallery.for_session(session.id),
                       await services.sessions.transcript(session.id, limit=TRANSCRIPT),
                       await services.renders.for_session(session.id), services.generation.budget)  # fmt: skip


async def session_view(services: Services, session_id: int, user_id: int) -> SessionView | NoSuchSession:
    session = await owned_session(services, session_id, user_id)
    return session if isinstance(session, NoSuchSession) else await view_of(services, session)


async def open_session_view(services: Services, user_id: int) -> SessionView | None:
    """The caller's open session, if any."""
    session = await services.sessions.active_for_user(user_id)
    return None if session is None else await view_of(services, session)

"""Whose a session or a render is: every use case that touches one asks here first, so no front end has to.
Someone else's answers exactly like one that does not exist."""

from __future__ import annotations

from bot.model import Session
from bot.render import Render
from bot.services import Services
from bot.usecases.outcomes import NoSuchSession, NotYours


async def owned_session(services: Services, session_id: int, user_id: int) -> Session | NoSuchSession:
    session = await services.sessions.get(session_id)
    return session if session is not None and session.user_id == user_id else NoSuchSession()


async def owned_render(services: Services, render_id: int, user_id: int) -> Render | NotYours:
    render = await services.renders.get(render_id)
    return render if render is not None and render.user_id == user_id else NotYours()

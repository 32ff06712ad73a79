"""The generation options (size, format, background) the owner picks before Generate, from either front end."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.model import Session
from bot.services import Services
from bot.usecases.outcomes import NoSuchSession, SessionEnded
from bot.usecases.ownership import owned_session


@dataclass(frozen=True)
class OptionsChosen:
    session: Session  # with the options as saved


async def choose_options(
    services: Services, session_id: int, user_id: int, **change: object
) -> OptionsChosen | NoSuchSession | SessionEnded:
    """``change``: the fields of OutputOptions the caller picked (the rest stay); a value OutputOptions refuses
    raises its ImagingError, like any unparsable input."""
    session = await owned_session(services, session_id, user_id)
    if isinstance(session, NoSuchSession):
        return session
    if not session.live:
        return SessionEnded()
    options = replace(session.options, **change)  # type: ignore[arg-type]  # re-validated by __post_init__
    await services.sessions.set_options(session.id, options)
    return OptionsChosen(replace(session, options=options))

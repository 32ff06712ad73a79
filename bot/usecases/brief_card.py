"""Where a session's brief card is (the front end posts it once, then edits it in place): bookkeeping the bot does
on its own after a coach turn or an edit by hand, so no caller is checked here."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from bot.usecases.outcomes import NoSuchSession


@dataclass(frozen=True)
class BriefCardAt:
    """The card's message (None: not posted yet, so the front end posts one and reports it)."""

    message_id: int | None


async def brief_card_at(services: Services, session_id: int) -> BriefCardAt | NoSuchSession:
    session = await services.sessions.get(session_id)
    return NoSuchSession() if session is None else BriefCardAt(session.card_message_id)


async def brief_card_posted(services: Services, session_id: int, message_id: int) -> None:
    """The card was posted anew (the first time, or after someone deleted it): edit that one from now on."""
    await services.sessions.set_card_message(session_id, message_id)

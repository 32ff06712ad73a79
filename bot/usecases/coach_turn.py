"""A coach turn (the greeting, or the owner's words), the same for a Discord thread and the studio's chat box.

The cheap refusals come first and cost nothing: an ended or rendering session, today's turns used up, a message
too long. Words typed after a delivery are an edit, which the front end runs as a render click. Only then is a
turn charged, and the reply is built and presented under the session's lock, so a render waits for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.coach import MAX_USER_MESSAGE, CoachTurn
from bot.model import REFERENCE_ONLY, ProviderError, Session, Trouble
from bot.services import Services
from bot.usecases.open_session import turns_fact, turns_used_up
from bot.usecases.outcomes import NoSuchSession, SessionEnded, TurnsUsedUp
from bot.usecases.ownership import owned_session

Present = Callable[[Session, CoachTurn], Awaitable[None]]


@dataclass(frozen=True)
class Replied:
    """The reply was built and handed to the front end's ``present`` (which streams it)."""

    session: Session


@dataclass(frozen=True)
class StillRendering:
    """A render is running; the words were not sent (nothing charged)."""


@dataclass(frozen=True)
class WordsAreEdits:
    """A render was delivered, so words change the image: the front end offers or runs an edit with ``change``."""

    change: str


@dataclass(frozen=True)
class TooLong:
    limit: int


@dataclass(frozen=True)
class NothingToSay:
    """No words and no new reference (e.g. every attached file was refused): nothing charged."""


@dataclass(frozen=True)
class CoachFailed:
    """The model call failed; the turn was charged, the session and its credit are as they were."""

    trouble: Trouble


Spoke = (
    Replied
    | NoSuchSession
    | SessionEnded
    | StillRendering
    | WordsAreEdits
    | TurnsUsedUp
    | TooLong
    | NothingToSay
    | CoachFailed
)
Gather = Callable[[Session], Awaitable[bool]]


async def coach_opening(services: Services, session: Session, present: Present) -> Replied | TurnsUsedUp | CoachFailed:
    """The coach's first message, under the session's lock so an early user message waits its turn."""
    async with services.locks.hold(session.id):
        if not await services.take_coach_turn(session.user_id, session.tier):
            return turns_fact(services, session.tier)
        try:
            await present(session, await services.coach.opening(session))
        except ProviderError as exc:  # the session is open and its credit held; writing again retries
            return CoachFailed(exc.trouble)
        return Replied(session)


async def coach_turn(
    services: Services,
    session_id: int,
    user_id: int,
    texts: Sequence[str],
    present: Present,
    *,
    new_reference: bool = False,
    gather: Gather | None = None,
    accepted: Callable[[], Awaitable[None]] | None = None,
    seen: Session | None = None,
) -> Spoke:
    """``texts``: the owner's messages folded into this turn. ``gather`` adds references the front end holds
    (it runs only once the turn could be taken, so a user out of turns costs no image work) and says whether it
    added one. ``accepted`` runs once the turn is charged (the studio opens its stream there). ``seen``: the
    session as the front end just read it (to find the thread's session), spared a second read for the cheap
    refusals; its owner is checked all the same, and the session is read afresh under its lock."""
    if seen is not None and seen.id == session_id:
        session: Session | NoSuchSession = seen if seen.user_id == user_id else NoSuchSession()
    else:
        session = await owned_session(services, session_id, user_id)
    if isinstance(session, NoSuchSession):
        return session
    if not session.live:
        return SessionEnded()
    if session.status == "generating":
        return StillRendering()
    words = [t.strip() for t in texts if t.strip()]
    if any(len(t) > MAX_USER_MESSAGE for t in words):
        return TooLong(MAX_USER_MESSAGE)
    if gather is not None:  # read first, so a user out of turns costs no image work (the take below is atomic)
        if (used_up := await turns_used_up(services, user_id, session.tier)) is not None:
            return used_up
        new_reference = await gather(session) or new_reference
    if session.credit_state == "spent":  # a render was delivered (it spends the credit): words are edits
        if words or new_reference:
            return WordsAreEdits("\n".join(words) or "Use my new reference image.")
        return NothingToSay()
    said = words or ([REFERENCE_ONLY] if new_reference else [])
    if not said:
        return NothingToSay()
    if not await services.take_coach_turn(user_id, session.tier):
        return turns_fact(services, session.tier)
    if accepted is not None:
        await accepted()
    async with services.locks.hold(session_id):
        # The turn may have waited behind a render: the session is read again, with its transcript (one round trip).
        fresh, earlier = await services.coach.session_now(session_id, said)
        if fresh is None or not fresh.live:
            return SessionEnded()
        if fresh.status != "active":
            return StillRendering()
        try:
            turn = await services.coach.turn(fresh, said, new_reference=new_reference, earlier=earlier)
            await present(fresh, turn)
        except ProviderError as exc:
            return CoachFailed(exc.trouble)
        return Replied(fresh)


async def words_withheld(services: Services, session_id: int, user_id: int) -> bool:
    """The owner wrote in the session, but Discord sent the message without its text (no Message Content intent):
    True the first time in the session (kept with it, so a restart does not repeat it), when the front end says
    how to reach the coach. No model call is made for it."""
    return await services.sessions.take_content_hint(session_id, user_id)

"""Open a design session, the same steps for the bot's /profile create and the studio's Start.

Nothing is charged until every cheap check has passed: coach turns, an open session or no credit (before any
reference image is read), then the images themselves; only then is the credit reserved with the session. The
front end's ``place`` (a Discord thread, or nothing for the studio) comes next; if it fails, the credit goes back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.accounts import TierDecision
from bot.model import OpenOutcome, initial_brief
from bot.references import CleanReference, ReferenceRefused, Source
from bot.services import Services
from bot.sessions import CreateRequest
from bot.usecases.outcomes import (
    AlreadyOpen,
    ImageUnusable,
    NoCredits,
    Opened,
    PlaceFailed,
    SettledWhileOpening,
    TurnsUsedUp,
)

log = logging.getLogger(__name__)
Opening = Opened | AlreadyOpen | NoCredits | TurnsUsedUp | ImageUnusable | PlaceFailed | SettledWhileOpening
# The front end's downloads of the user's images (it may refuse one with ReferenceRefused); cleaned here.
References = Callable[[], Awaitable[list[tuple[bytes, Source]]]]


def turns_fact(services: Services, tier: str) -> TurnsUsedUp:
    """The facts a front end words when today's coach turns are used up."""
    return TurnsUsedUp(tier, services.spend_for(tier).coach_turns_per_day, services.allowance.resets_at())


async def turns_used_up(services: Services, user_id: int, tier: str) -> TurnsUsedUp | None:
    """Read only: checked before any work a turn would need."""
    if not await services.out_of_coach_turns(user_id, tier):
        return None
    return turns_fact(services, tier)


async def open_session(
    services: Services,
    *,
    user_id: int,
    guild_id: int | None,
    channel_id: int,
    request: CreateRequest,
    tier: TierDecision,
    place: Callable[[int], Awaitable[int]],
    references: References | None = None,
) -> Opening:
    """``place(session_id)`` opens where the session lives and returns its thread id; ``references`` reads the
    user's images, and is called only once the user could open a session at all (they are untrusted: checked and
    cleaned in the worker processes for untrusted images)."""
    if (used_up := await turns_used_up(services, user_id, tier.tier)) is not None:
        return used_up
    cleaned: list[tuple[CleanReference, Source]] = []
    if references is not None:
        # Nothing is downloaded or decoded for someone who could not open a session anyway.
        open_already = await services.sessions.active_for_user(user_id)
        if open_already is not None:
            return AlreadyOpen(open_already)
        status = await services.quota.status(user_id, tier.tier)
        if status.remaining == 0:
            return NoCredits(status, tier.source)
        try:
            cleaned = [(await services.untrusted.clean(data, user_id), source) for data, source in await references()]
        except ReferenceRefused as exc:
            return ImageUnusable(exc.problem)
    result = await services.sessions.open(
        user_id=user_id, guild_id=guild_id, channel_id=channel_id, creation_type=request.creation_type,
        style=request.style, description=request.description, colors=request.colors,
        brief=initial_brief(request.style, request.colors), month=services.quota.current_month(),
        limit=services.quota.limit_for(tier.tier), tier=tier.tier,
    )  # fmt: skip
    if result.outcome is OpenOutcome.ALREADY_ACTIVE:
        return AlreadyOpen(result.session)
    if result.outcome is OpenOutcome.NO_QUOTA:
        return NoCredits(await services.quota.status(user_id, tier.tier), tier.source)
    assert result.session is not None
    session_id = result.session.id
    try:
        thread_id = await place(session_id)
    except BaseException as exc:  # any failure (a cancellation too) before the place exists gives the credit back
        await asyncio.shield(services.sessions.end(session_id, "cancelled", expect=("opening",)))
        if not isinstance(exc, Exception):
            raise
        log.warning("could not open the place of session %s: %s", session_id, exc)
        return PlaceFailed(str(exc))
    if not await services.sessions.attach_thread(session_id, thread_id):
        return SettledWhileOpening()
    for clean, source in cleaned:
        await services.references.add(session_id, user_id, clean, source, services.settings.coach.max_references)
    session = await services.sessions.get(session_id)
    assert session is not None
    return Opened(session, len(cleaned))

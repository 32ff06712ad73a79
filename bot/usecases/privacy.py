"""/profile forget and the studio's Forget: everything of the caller goes, from either front end."""

from __future__ import annotations

from bot.accounts import ForgetReport
from bot.services import Services


async def forget_me(services: Services, user_id: int) -> ForgetReport:
    """Waits for a render or turn in flight (the session's lock), so no file is written after the rows are gone,
    drops a held image, and refunds nothing the model was paid for."""
    live = await services.sessions.active_for_user(user_id)
    if live is None:
        return await services.privacy.forget(user_id)
    async with services.locks.hold(live.id):
        services.generation.discard_held(live.id)
        return await services.privacy.forget(user_id)

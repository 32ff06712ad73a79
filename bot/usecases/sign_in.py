"""The studio's sign-ins (hosted mode): a login is a random token whose hash the database keeps, so logging out (or
being forgotten) ends it in every browser. The studio's cookie carries the token; it never sees the store."""

from __future__ import annotations

from bot.accounts import LOGIN_SECONDS
from bot.services import Services

__all__ = ["LOGIN_SECONDS", "sign_in", "sign_out_everywhere", "signed_in_user"]


async def sign_in(services: Services, user_id: int) -> str:
    """A new login for ``user_id`` (whose Discord account the front end has verified); returns the cookie's token."""
    return await services.logins.start(user_id)


async def signed_in_user(services: Services, token: str) -> int | None:
    """Whose login ``token`` is (None: none, expired or ended)."""
    return await services.logins.user_for(token)


async def sign_out_everywhere(services: Services, user_id: int) -> int:
    """End every login of ``user_id``; returns how many ended."""
    return await services.logins.end_all(user_id)

"""A rating of the caller's own render (1 to 5 stars), from a Discord button or the studio."""

from __future__ import annotations

from dataclasses import dataclass

from bot.accounts import NotYours as NotTheirs
from bot.services import Services
from bot.usecases.outcomes import NotYours


@dataclass(frozen=True)
class Rated:
    stars: int
    previous: int | None  # the stars before, None when first rated


async def rate_render(services: Services, render_id: int, user_id: int, stars: int) -> Rated | NotYours:
    """``stars`` 1 to 5 (the front end parses it; anything else raises ValueError)."""
    try:
        previous = await services.ratings.rate(render_id, user_id, stars)
    except NotTheirs:  # someone else's answers like one that does not exist
        return NotYours()
    return Rated(stars, previous)

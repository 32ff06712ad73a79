"""When Discord refuses a render's upload: say why and offer to post the kept file again (Post again, no model
call) or export it smaller."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from cogs.controls import RenderControls
from cogs.reporters import Reporter

if TYPE_CHECKING:
    from bot.gallery import Creation


async def offer_repost(
    reporter: Reporter, creation: Creation, data: bytes, exc: discord.HTTPException, controls: RenderControls
) -> None:
    if exc.status == 413:
        why = (
            f"Discord refused the upload: the {len(data) / 1e6:.1f} MB file is larger than this server allows. "
            "**Export** it smaller or as WebP (free), or press **Post again**."
        )
    else:
        why = f"Discord refused to post your image ({exc.status}). It is saved: press **Post again**."
    await reporter.show(f"⚠️ {why} It's also in /profile gallery.", view=controls.repost_view(creation))

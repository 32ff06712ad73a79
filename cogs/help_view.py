"""/profile help: the flow in five steps, the user's quota, and the style presets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.model import PRESETS

if TYPE_CHECKING:
    from bot.accounts import QuotaStatus

FLOW = (
    "1. **/profile create** — pick *Profile picture* or *Streamer logo* and a style; add a description, brand "
    "colours, a reference photo or `use_avatar` if you like. A private thread opens.\n"
    "2. **Talk to the coach** in the thread: it asks for what the design still needs and keeps a brief card up to "
    "date.\n"
    "3. **Pick size, format and background**, press **Generate**.\n"
    "4. **Refine**: describe a change to edit the image, **Vary** for a fresh take, **Export** any size for free, "
    "rate it with the stars.\n"
    "5. **Done** closes the session. **/profile gallery** keeps everything; **/profile quota** shows your limits; "
    "**/profile forget** deletes your data."
)


def help_embed(status: QuotaStatus, renders_per_credit: int, style_labels: dict[str, str]) -> discord.Embed:
    embed = discord.Embed(title="Profile Creator — how it works", description=FLOW, colour=0x9146FF)
    reset = int(status.resets_at.timestamp())
    embed.add_field(
        name="Your quota",
        value=f"{status.remaining} of {status.limit} sessions left this month ({status.tier} tier), "
        f"{renders_per_credit} renders each; resets <t:{reset}:R>.",
        inline=False,
    )
    presets = "\n".join(
        f"{style_labels.get(name, name)} — {preset.description or 'describe your own style to the coach'}"
        for name, preset in PRESETS.items()
    )
    embed.add_field(name="Style presets", value=presets[:1024], inline=False)
    return embed

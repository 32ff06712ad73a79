"""One base for the persistent buttons whose custom_id is ``pc:<verb>:<id>``: building and parsing the id lives
here, so a control keeps working after a restart; each button keeps only its look and its callback (with its own
owner check, as what the id names differs: a session, a render, a creation, a user)."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord


class IdButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:_:(?P<id>[0-9]+)"):
    verb: ClassVar[str]
    id_name: ClassVar[str]  # the attribute the id is kept in (render_id, session_id, ...)
    look: ClassVar[dict[str, Any]]

    def __init_subclass__(
        cls,
        *,
        verb: str,
        id_name: str,
        label: str,
        emoji: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init_subclass__(template=rf"pc:{verb}:(?P<id>[0-9]+)")
        cls.verb, cls.id_name, cls.look = verb, id_name, {"label": label, "emoji": emoji, "style": style}

    def __init__(self, target_id: int) -> None:
        super().__init__(discord.ui.Button(custom_id=f"pc:{self.verb}:{target_id}", **self.look))
        setattr(self, self.id_name, target_id)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> Self:
        return cls(int(match["id"]))

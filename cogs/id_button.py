"""One base for the persistent controls whose custom_id is ``pc:<verb>:<id>[:<renders>]``: building and parsing the
id lives here, so a control keeps working after a restart; each control keeps only its look and its callback (with
its own owner check, as what the id names differs: a session, a render, a creation, a user).

``renders``, when a control carries it, is the session's render count the control was posted for: a second click
on the same control, or a click on a control left over from an earlier step, makes no second render.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord

_STATE = r"(?::(?P<n>[0-9]+))?"


class IdButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pc:_:(?P<id>[0-9]+)"):
    verb: ClassVar[str]
    id_name: ClassVar[str]  # the attribute the id is kept in (render_id, session_id, ...)
    look: ClassVar[dict[str, Any]]
    renders: int | None

    def __init_subclass__(
        cls,
        *,
        verb: str,
        id_name: str,
        label: str,
        emoji: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init_subclass__(template=rf"pc:{verb}:(?P<id>[0-9]+){_STATE}")
        cls.verb, cls.id_name = verb, id_name
        cls.look = {"label": label, "emoji": emoji, "style": style, "row": row}

    def __init__(self, target_id: int, renders: int | None = None) -> None:
        suffix = f":{renders}" if renders is not None else ""
        super().__init__(discord.ui.Button(custom_id=f"pc:{self.verb}:{target_id}{suffix}", **self.look))
        setattr(self, self.id_name, target_id)
        self.renders = renders

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> Self:
        return cls(int(match["id"]), int(match["n"]) if match["n"] else None)


class IdSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pc:_:(?P<id>[0-9]+)"):
    """A select whose custom_id is ``pc:<verb>:<session id>``; its choices are drawn when posted (a select rebuilt
    from a click needs none: the picked value arrives with the interaction)."""

    verb: ClassVar[str]
    row: ClassVar[int]

    def __init_subclass__(cls, *, verb: str, row: int) -> None:
        super().__init_subclass__(template=rf"pc:{verb}:(?P<id>[0-9]+)")
        cls.verb, cls.row = verb, row

    def __init__(self, session_id: int, choices: list[discord.SelectOption] | None = None) -> None:
        options = choices or [discord.SelectOption(label="…", value="-")]
        super().__init__(discord.ui.Select(custom_id=f"pc:{self.verb}:{session_id}", options=options, row=self.row))
        self.session_id = session_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> Self:
        return cls(int(match["id"]))

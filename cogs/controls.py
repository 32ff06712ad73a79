"""What every view needs: the bot from an interaction, labels, and the shape of the controls a render is posted
with (built in cogs/render_controls.py, handed to the delivery path)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

import discord

from bot.model import SCENE, TRANSPARENT, TYPES

if TYPE_CHECKING:
    from bot.app import ProfileCreatorBot
    from bot.gallery import Creation
    from bot.model import Session

KIND = {t.value: t.noun for t in TYPES.values()}
log = logging.getLogger(__name__)


def bot_of(interaction: discord.Interaction) -> ProfileCreatorBot:
    return interaction.client  # type: ignore[return-value]


async def set_thread_archived(bot: ProfileCreatorBot, session: Session, archived: bool, reason: str) -> None:
    """Archive or reopen a session's thread; a refusal (permissions, a deleted thread) is logged, never raised:
    the session's state has already changed and the user has been told. A session in the DM with the bot has no
    thread: a DM can't be archived (Discord answers 403, "Cannot execute action on a DM channel"), so nothing is
    asked."""
    if session.thread_id is None or session.in_dm:
        return
    try:
        await bot.http.edit_channel(session.thread_id, archived=archived, reason=reason)
    except discord.HTTPException as exc:
        log.warning("could not %s thread %s: %s", "archive" if archived else "unarchive", session.thread_id, exc)


def background_label(background: str) -> str:
    if background == TRANSPARENT:
        return "transparent background"
    if background == SCENE:
        return "designed background"
    return f"solid {background} background"


class RenderControls(Protocol):
    """The views posted with a render and after its outcome."""

    def render_view(self, session_id: int, render_id: int | None, renders: int | None = None) -> discord.ui.View: ...

    def done_view(self, session_id: int) -> discord.ui.View: ...

    def retry_view(
        self, session_id: int, label: str = ..., emoji: str = ..., *, renders: int | None = None
    ) -> discord.ui.View: ...

    def repost_view(self, creation: Creation) -> discord.ui.View: ...

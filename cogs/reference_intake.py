"""Reference images from Discord: an attachment or the user's avatar, downloaded (the use case checks and cleans
them in the worker processes for untrusted images)."""

from __future__ import annotations

import logging

import discord

from bot.model import ImageProblemKind
from bot.references.intake import ReferenceRefused, check_size

log = logging.getLogger(__name__)


async def from_attachment(attachment: discord.Attachment) -> bytes:
    check_size(attachment.size)  # Discord says the size: a 9 MB file is refused without downloading it
    try:
        return await attachment.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise ReferenceRefused(ImageProblemKind.NOT_DOWNLOADED) from exc


async def from_avatar(user: discord.abc.User) -> bytes:
    """The server avatar if the member has one, else their account avatar (a default one if none is set)."""
    asset = user.display_avatar.replace(size=1024, static_format="png")
    try:
        return await asset.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise ReferenceRefused(ImageProblemKind.AVATAR_NOT_FETCHED) from exc

"""The platform pack's files: what each is for and its size (the default table; configurable in [[export.pack]])."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PackItem:
    file: str
    size: int
    use: str
    transparent: bool = True


DEFAULT_PACK: tuple[PackItem, ...] = (
    PackItem("discord-avatar-1024.png", 1024, "Discord profile picture"),
    PackItem("discord-server-icon-512.png", 512, "Discord server icon"),
    PackItem("twitch-profile-256.png", 256, "Twitch profile picture"),
    PackItem("twitch-emote-112.png", 112, "Twitch emote, 4x"),
    PackItem("twitch-emote-56.png", 56, "Twitch emote, 2x"),
    PackItem("twitch-emote-28.png", 28, "Twitch emote, 1x"),
    PackItem("twitch-sub-badge-72.png", 72, "Twitch subscriber badge, 4x"),
    PackItem("twitch-sub-badge-36.png", 36, "Twitch subscriber badge, 2x"),
    PackItem("twitch-sub-badge-18.png", 18, "Twitch subscriber badge, 1x"),
    PackItem("youtube-800.png", 800, "YouTube channel picture (no transparency: the design's background)", False),
    PackItem("x-400.png", 400, "X / Twitter profile picture (the design's background)", False),
)

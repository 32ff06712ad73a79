"""The application layer: each use case once, taking plain input and returning a typed outcome (facts, no words),
with its locks, checks and credit rules inside. cogs/ and web/ parse input and present the outcomes."""

from bot.usecases.brand_kit import EMOTE_SUFFIXES, KitMade, KitTooLarge, brand_kit, emote_file
from bot.usecases.finish import Resumed, ResumeRefused, close_session, resume_session
from bot.usecases.open_session import Opening, open_session, turns_fact, turns_used_up
from bot.usecases.outcomes import (
    AlreadyOpen,
    ImageUnusable,
    NoCredits,
    Opened,
    PlaceFailed,
    SettledWhileOpening,
    TurnsUsedUp,
)
from bot.usecases.render_click import (
    AlreadyOnIt,
    Busy,
    Clicked,
    Rendered,
    RenderFailed,
    RenderRefused,
    render_click,
    render_now,
)
from bot.usecases.render_files import (
    Exported,
    NotYours,
    Packed,
    SlowDown,
    TooLarge,
    export_render,
    platform_pack,
)
from bot.usecases.words import BUSY, GENERATING, already_open

__all__ = [
    "BUSY",
    "EMOTE_SUFFIXES",
    "GENERATING",
    "AlreadyOnIt",
    "AlreadyOpen",
    "Busy",
    "Clicked",
    "Exported",
    "ImageUnusable",
    "KitMade",
    "KitTooLarge",
    "NoCredits",
    "NotYours",
    "Opened",
    "Opening",
    "Packed",
    "PlaceFailed",
    "RenderFailed",
    "RenderRefused",
    "Rendered",
    "ResumeRefused",
    "Resumed",
    "SettledWhileOpening",
    "SlowDown",
    "TooLarge",
    "TurnsUsedUp",
    "already_open",
    "brand_kit",
    "close_session",
    "emote_file",
    "export_render",
    "open_session",
    "platform_pack",
    "render_click",
    "render_now",
    "resume_session",
    "turns_fact",
    "turns_used_up",
]

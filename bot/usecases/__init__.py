"""The application layer: each use case once, taking plain input and returning a typed outcome (facts, no words),
with its locks, checks and credit rules inside. cogs/ and web/ parse input and present the outcomes."""

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
from bot.usecases.words import BUSY, GENERATING, already_open

__all__ = [
    "BUSY",
    "GENERATING",
    "AlreadyOpen",
    "ImageUnusable",
    "NoCredits",
    "Opened",
    "Opening",
    "PlaceFailed",
    "ResumeRefused",
    "Resumed",
    "SettledWhileOpening",
    "TurnsUsedUp",
    "already_open",
    "close_session",
    "open_session",
    "resume_session",
    "turns_fact",
    "turns_used_up",
]

"""Renders: generation within a session's budget, delivery of paid results, the self-check, exports."""

from bot.render.files import RenderFiles
from bot.render.generation import (
    GenerationFailed,
    GenerationRefused,
    GenerationResult,
    GenerationService,
    Stage,
)
from bot.render.kit_art import KitArt, KitArtist
from bot.render.legibility_note import legibility_of
from bot.render.self_check import check_prompt
from bot.render.store import Render, RenderKind, RenderStore

__all__ = [
    "GenerationFailed",
    "GenerationRefused",
    "GenerationResult",
    "GenerationService",
    "KitArt",
    "KitArtist",
    "Render",
    "RenderFiles",
    "RenderKind",
    "RenderStore",
    "Stage",
    "check_prompt",
    "legibility_of",
]

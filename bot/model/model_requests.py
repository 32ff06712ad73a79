"""What the coach and the generator ask of a model provider: plain request types every layer may hold."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.model.brief import Brief, BriefCheck
from bot.model.chat import InlineImage
from bot.model.creation_types import CreationType
from bot.model.presets import StyleName


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    creation_type: CreationType
    style: StyleName
    brief: Brief
    colors: list[str]
    # The flat colour the model is asked to paint the background; None keeps the scene.
    key_color: str | None
    # An edit: the previous render's source image, sent back to the model with the prompt.
    source: bytes | None = None
    # Vary: a different number gives a different take on the same brief.
    variation: int = 0
    # The user's reference images (a photo, their avatar): the likeness to keep, in the chosen style.
    references: tuple[InlineImage, ...] = ()
    # An edit's words as the user wrote them ("make the background darker"): the offline engine moves parameters.
    change: str = ""
    # The image's aspect ratio as Gemini spells it ("16:9"): square for a design, wide for a brand kit's art. A
    # model that takes fewer ratios says which in its 400; the closest of those is used (see model_settings).
    aspect: str = "1:1"


@dataclass(frozen=True)
class CoachContext:
    """What the coach knows when replying; the offline coach replies from this alone."""

    creation_type: CreationType
    style: StyleName
    colors: list[str]
    brief: Brief
    check: BriefCheck
    # The newest reference's main colours, and whether it arrived this turn (the coach then describes it).
    reference_colors: tuple[str, ...] = ()
    new_reference: bool = False
    # The brief before this turn: the offline coach acknowledges only what the turn added.
    previous: Brief | None = None


def ratio_of(aspect: str) -> float:
    """ "16:9" -> 1.777…"""
    width, _, height = aspect.partition(":")
    return float(width) / float(height)


def closest_aspect(ratio: float, aspects: tuple[str, ...]) -> str:
    """The aspect ratio among ``aspects`` nearest to ``ratio`` (by how much an image must be cropped to fit)."""
    return min(aspects, key=lambda a: abs(math.log(ratio_of(a) / ratio)))

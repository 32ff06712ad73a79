"""What a user picks for a render's file: size, format, background. Shared by imaging, storage and front ends."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

Size = Literal[256, 512, 1024]
Format = Literal["png", "webp"]
SIZES: tuple[Size, ...] = (256, 512, 1024)
FORMATS: tuple[Format, ...] = ("png", "webp")
TRANSPARENT = "transparent"
SCENE = "scene"


class ImagingError(ValueError):
    """The input cannot be processed (not an image, too large, bad option)."""


@dataclass(frozen=True)
class OutputOptions:
    size: Size = 512
    format: Format = "png"
    # "transparent", "scene" (keep the model's background) or a solid "#rrggbb".
    background: str = TRANSPARENT

    def __post_init__(self) -> None:
        if self.size not in SIZES:
            raise ImagingError(f"size must be one of {', '.join(map(str, SIZES))}")
        if self.format not in FORMATS:
            raise ImagingError("format must be png or webp")
        if self.background not in (TRANSPARENT, SCENE) and not re.fullmatch(r"#[0-9a-f]{6}", self.background):
            raise ImagingError("background must be transparent, scene or a colour like #1a2b3c")

    @property
    def keyed(self) -> bool:
        return self.background != SCENE


# A background that is an absence, or only a flat colour, is not a scene to draw.
_NOT_A_SCENE = re.compile(
    r"\b(?:transparent|see[- ]through|none|no background|no bg|nothing|clear|cut[- ]?out|alpha|blank|empty|"
    r"without (?:an? )?background)\b"
)
_FLAT_WORDS = frozenset(
    "plain solid flat simple clean single one colour color coloured colored background backdrop bg behind a an the "
    "just only with and or in of on it its light dark pale pastel deep bright soft neon muted matte white black grey "
    "gray red green blue yellow orange purple violet pink magenta cyan teal lime gold golden silver brown navy maroon "
    "turquoise indigo beige crimson mint coral lavender sand cream peach".split()
)


def describes_scene(background: str | None) -> bool:
    """Whether the brief's background names a place or a scene ("a cozy bedroom", "deep space with stars"), rather
    than an absence ("transparent") or a flat colour ("plain white")."""
    text = (background or "").lower()
    if not text or _NOT_A_SCENE.search(text):
        return False
    return any(word not in _FLAT_WORDS for word in re.findall(r"[a-z]+", text))


def preselected(options: OutputOptions, before: str | None, after: str | None) -> OutputOptions:
    """The options once the brief's background changed from ``before`` to ``after``: a newly described scene
    preselects "the designed background" while the choice is still the default (transparent), and a background said
    to be transparent puts the default back. A size, a format or a solid colour the user chose is never touched,
    and the user can still change the background afterwards."""
    if after == before:
        return options
    if options.background == TRANSPARENT and describes_scene(after):
        return replace(options, background=SCENE)
    if options.background == SCENE and after and _NOT_A_SCENE.search(after.lower()):
        return replace(options, background=TRANSPARENT)
    return options

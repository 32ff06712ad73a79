"""What a user picks for a render's file: size, format, background. Shared by imaging, storage and front ends."""

from __future__ import annotations

import re
from dataclasses import dataclass
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

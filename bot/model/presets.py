"""Style presets: what each style means to the coach, the image model and the offline renderer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StyleName = Literal["gaming", "minimal", "vibrant", "anime", "retro", "professional", "custom"]
STYLE_NAMES: tuple[StyleName, ...] = (
    "gaming",
    "minimal",
    "vibrant",
    "anime",
    "retro",
    "professional",
    "custom",
)


@dataclass(frozen=True)
class StylePreset:
    name: StyleName
    description: str  # None-empty for every preset but custom, whose style the coach asks for
    palette: tuple[str, ...]


PRESETS: dict[StyleName, StylePreset] = {
    "gaming": StylePreset(
        "gaming",
        "bold esports look, thick outlines, dynamic angles, glowing accents",
        ("#9146ff", "#00e5ff", "#ff2e63", "#1b1b2f"),
    ),
    "minimal": StylePreset(
        "minimal", "clean flat vector, few shapes, generous negative space", ("#222222", "#f5f5f5", "#ff5a5f")
    ),
    "vibrant": StylePreset(
        "vibrant",
        "saturated colours, playful gradients, energetic shapes",
        ("#ff006e", "#fb5607", "#ffbe0b", "#3a86ff"),
    ),
    "anime": StylePreset(
        "anime",
        "anime cel-shading, expressive eyes, crisp line art",
        ("#ff8fab", "#6ec6ff", "#fff1e6", "#3d2c8d"),
    ),
    "retro": StylePreset(
        "retro",
        "80s synthwave / pixel-art feel, limited palette",
        ("#ff71ce", "#01cdfe", "#05ffa1", "#b967ff"),
    ),
    "professional": StylePreset(
        "professional", "polished, balanced, corporate-grade vector mark", ("#0d47a1", "#eceff1", "#263238")
    ),
    "custom": StylePreset("custom", "", ("#6c5ce7", "#00cec9", "#fdcb6e", "#2d3436")),
}


# How the presets are shown (the seed's labels); the keys are what is stored.
STYLE_LABELS: dict[str, str] = {
    "gaming": "🎮 Gaming", "minimal": "✨ Minimal", "vibrant": "🌈 Vibrant", "anime": "🎌 Anime",
    "retro": "👾 Retro", "professional": "💼 Professional", "custom": "🎨 Custom",
}  # fmt: skip

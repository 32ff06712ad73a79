"""How a brief's mood and style words change the drawing, not only its words: pastel tints for soft moods (pastel,
cozy, cute), rounder shapes for cozy and cute, sharper ones for esports and aggressive."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from bot.design.colors import hex_of, rgb

PASTEL_WORDS = frozenset(
    "pastel pastels cozy cosy cute kawaii soft dreamy sweet wholesome comfy gentle adorable fluffy".split()
)
ROUND_WORDS = frozenset(
    "cozy cosy cute kawaii soft friendly bubbly comfy wholesome playful adorable chibi fluffy round rounded "
    "gentle chill sweet".split()
)
SHARP_WORDS = frozenset(
    "esports aggressive fierce edgy intense competitive hardcore savage brutal menacing angry sharp spiky "
    "badass tough sinister dangerous".split()
)
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Mood:
    pastel: float = 0.0  # 0 .. 1: how far the colours move towards soft, light tints
    roundness: float = 0.0  # -1 sharp .. +1 round


def mood_of(*texts: str | None) -> Mood:
    """The mood the words call for; words for both a round and a sharp look cancel out."""
    found = {w for text in texts for w in _WORD.findall((text or "").lower())}
    round_, sharp = bool(found & ROUND_WORDS), bool(found & SHARP_WORDS)
    return Mood(pastel=1.0 if found & PASTEL_WORDS else 0.0, roundness=float(round_) - float(sharp))


def pastel(color: str, amount: float) -> str:
    """The colour as a pastel tint: lighter (towards 0.8 lightness) and less saturated, its hue kept."""
    h, lightness, s = colorsys.rgb_to_hls(*(v / 255 for v in rgb(color)))
    if amount <= 0 or lightness < 0.12 or lightness > 0.92:  # black and white stay: the lettering needs them
        return color
    lightness += (max(lightness, 0.8) - lightness) * amount
    r, g, b = colorsys.hls_to_rgb(h, lightness, s * (1 - 0.3 * amount))
    return hex_of(r * 255, g * 255, b * 255)

"""Colour arithmetic for the engine: mixing, lightness, contrast (WCAG), on #rrggbb strings."""

from __future__ import annotations

import colorsys


def rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_of(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in (r, g, b))


def mix(a: str, b: str, t: float) -> str:
    ra, rb = rgb(a), rgb(b)
    return hex_of(*(x + (y - x) * t for x, y in zip(ra, rb, strict=True)))


def shade(color: str, amount: float) -> str:
    """amount < 0 darkens towards black, > 0 lightens towards white."""
    return mix(color, "#000000" if amount < 0 else "#ffffff", abs(amount))


def luminance(color: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str, *candidates: str) -> str:
    """The candidate with the most contrast on ``background`` (white or near-black when none reaches 4.5)."""
    best = max(candidates, key=lambda c: contrast(c, background), default="#ffffff")
    if contrast(best, background) >= 4.5:
        return best
    return max(("#ffffff", "#111318"), key=lambda c: contrast(c, background))


def muted(color: str, keep: float = 0.45) -> str:
    """Less saturated (the professional preset's restraint)."""
    h, lightness, s = colorsys.rgb_to_hls(*(v / 255 for v in rgb(color)))
    r, g, b = colorsys.hls_to_rgb(h, lightness, s * keep)
    return hex_of(r * 255, g * 255, b * 255)

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


def toned(color: str, background: str, ratio: float = 3.0) -> str:
    """``color``'s own hue, as light as it can stay (or as dark, on a dark background) while its contrast with
    ``background`` reaches ``ratio``, with at least moderate saturation: a deeper tone of a pastel rather than
    near-black, so the mark keeps its colour and still reads (3:1 is WCAG's floor for graphics)."""
    h, lightness, s = colorsys.rgb_to_hls(*(v / 255 for v in rgb(color)))
    s = max(s, 0.35)
    step = -0.02 if luminance(background) > 0.18 else 0.02
    candidate = color
    while 0.0 <= lightness <= 1.0:
        r, g, b = colorsys.hls_to_rgb(h, lightness, s)
        candidate = hex_of(r * 255, g * 255, b * 255)
        if contrast(candidate, background) >= ratio:
            return candidate
        lightness += step
    return candidate


def lightness(color: str) -> float:
    """HLS lightness, 0 .. 1."""
    return colorsys.rgb_to_hls(*(v / 255 for v in rgb(color)))[1]


def standing(color: str, background: str, ratio: float) -> str:
    """``color`` if it stands out from ``background`` by ``ratio``, else the tone of it that does (see ``toned``)."""
    return color if contrast(color, background) >= ratio else toned(color, background, ratio)

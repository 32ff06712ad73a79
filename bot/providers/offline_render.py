"""Procedural designs for offline mode: monograms, geometric marks and pixel avatars.

Deterministic for a given brief (seeded by its hash), drawn on the key colour so they go
through the same cut-out pipeline as Gemini's images.
"""

from __future__ import annotations

import hashlib
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from bot.imaging import hex_to_rgb
from bot.model import PRESETS, has_text
from bot.providers.base import ImageRequest
from bot.references import dominant_colors

CANVAS = 1024
RGB = tuple[int, int, int]


def _palette(request: ImageRequest) -> list[RGB]:
    # Brand colours first; else the reference's own colours (so a reference visibly shapes the offline design).
    reference = dominant_colors(request.references[0][0]) if request.references and not request.colors else []
    colors = request.colors or reference or list(PRESETS[request.style].palette)
    rgb = [hex_to_rgb(c) for c in colors]
    while len(rgb) < 3:
        rgb.append((245, 245, 245) if len(rgb) % 2 else (30, 30, 40))
    return rgb


# The text the offline renderer drew, kept in the PNG so the offline self-check can read it back.
DRAWN_TEXT_KEY = "pc-drawn-text"


def _label(request: ImageRequest) -> str:
    """A short briefed text as written; otherwise initials."""
    if has_text(request.brief) and len(request.brief.text or "") <= 10:
        return request.brief.text or ""
    return _initials(request)


_NOT_INITIALS = {"a", "an", "the", "of", "my", "with", "and", "in", "on"}


def _initials(request: ImageRequest) -> str:
    source = request.brief.text if has_text(request.brief) else (request.brief.subject or "PC")
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in source or "").split() if w]
    # "a dragon" is a dragon: articles and the like are not part of a monogram.
    words = [w for w in words if w.lower() not in _NOT_INITIALS] or words
    if not words:
        return "PC"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()


def _shape_polygon(shape: str, box: tuple[float, float, float, float]) -> list[tuple[float, float]] | None:
    left, top, right, bottom = box
    cx, cy, r = (left + right) / 2, (top + bottom) / 2, (right - left) / 2
    if "hexagon" in shape:
        return [(cx + r * math.cos(math.pi / 3 * i), cy + r * math.sin(math.pi / 3 * i)) for i in range(6)]
    if "diamond" in shape:
        return [(cx, top), (right, cy), (cx, bottom), (left, cy)]
    if "triangle" in shape:
        return [(cx, top), (right, bottom - r * 0.2), (left, bottom - r * 0.2)]
    if "shield" in shape or "crest" in shape or "badge" in shape:
        return [(left, top), (right, top), (right, cy), (cx, bottom), (left, cy)]
    if "square" in shape:
        return [(left, top), (right, top), (right, bottom), (left, bottom)]
    return None  # circle and anything else


def _monogram(draw: ImageDraw.ImageDraw, request: ImageRequest, palette: list[RGB]) -> None:
    margin = CANVAS * 0.1
    box = (margin, margin, CANVAS - margin, CANVAS - margin)
    inset = (margin + 40, margin + 40, CANVAS - margin - 40, CANVAS - margin - 40)
    polygon = _shape_polygon((request.brief.shape or "circle").lower(), box)
    if polygon is None:
        draw.ellipse(box, fill=palette[1])
        draw.ellipse(inset, fill=palette[0])
    else:
        draw.polygon(polygon, fill=palette[1])
        inner = _shape_polygon((request.brief.shape or "").lower(), inset)
        draw.polygon(inner or polygon, fill=palette[0])
    label = _label(request)
    font = ImageFont.load_default(size=int(CANVAS * (0.34 if len(label) <= 2 else 0.6 / len(label) + 0.04)))
    draw.text((CANVAS / 2, CANVAS / 2), label, font=font, anchor="mm", fill=palette[2])


def _geometric(draw: ImageDraw.ImageDraw, rng: random.Random, palette: list[RGB]) -> None:
    centre = CANVAS / 2
    sides = rng.choice((3, 4, 5, 6, 8))
    for ring in range(6):
        radius = CANVAS * (0.42 - ring * 0.065)
        turn = rng.random() * math.pi
        angles = [turn + 2 * math.pi * i / sides for i in range(sides)]
        points = [(centre + radius * math.cos(a), centre + radius * math.sin(a)) for a in angles]
        draw.polygon(points, fill=palette[ring % len(palette)])


def _pixel_avatar(draw: ImageDraw.ImageDraw, rng: random.Random, palette: list[RGB]) -> None:
    cells = 8
    cell = CANVAS * 0.8 / cells
    origin = CANVAS * 0.1
    for y in range(cells):
        for x in range(cells // 2):
            if rng.random() < 0.55 or (2 <= y <= 5 and x == 3):
                colour = palette[(x + y) % len(palette)]
                for column in (x, cells - 1 - x):  # mirrored, like a face
                    left, top = origin + column * cell, origin + y * cell
                    draw.rectangle((left, top, left + cell - 1, top + cell - 1), fill=colour)
    eye = cell * 0.6
    for column in (2, 5):
        left, top = origin + column * cell + (cell - eye) / 2, origin + 3 * cell + (cell - eye) / 2
        draw.rectangle((left, top, left + eye, top + eye), fill=(255, 255, 255))


def render(request: ImageRequest) -> bytes:
    """A 1024 px PNG of the design over the key colour (or a palette gradient for scene backgrounds)."""
    # Deterministic for a prompt (an edit's prompt carries the change) and a variation number (Vary).
    seed = int(hashlib.sha256(f"{request.prompt}#{request.variation}".encode()).hexdigest()[:16], 16)
    rng = random.Random(seed)
    palette = _palette(request)
    turn = request.variation % len(palette)  # Vary: the same design in a rotated palette
    palette = palette[turn:] + palette[:turn]
    background = hex_to_rgb(request.key_color) if request.key_color else palette[-1]
    image = Image.new("RGB", (CANVAS, CANVAS), background)
    draw = ImageDraw.Draw(image)
    if request.creation_type == "streamer_logo" or request.style in ("minimal", "professional"):
        _monogram(draw, request, palette)
    elif request.style in ("retro", "anime", "gaming"):
        _pixel_avatar(draw, rng, palette)
    else:
        _geometric(draw, rng, palette)
    drawn = PngInfo()
    monogram = request.creation_type == "streamer_logo" or request.style in ("minimal", "professional")
    drawn.add_text(DRAWN_TEXT_KEY, _label(request) if monogram and has_text(request.brief) else "")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=drawn)
    return out.getvalue()

"""Test images with a known alpha mask: shapes anti-aliased onto a key colour."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw


def ring_on_key(size: int = 1024, key=(0, 255, 0), width: int | None = None) -> tuple[bytes, np.ndarray]:
    """A purple ring with an orange dot (enclosed hole between them) over ``key``.

    Returns the PNG bytes and the true alpha (0..1) at ``size`` x ``size``; a non-square
    ``width`` pads the canvas sideways with key colour so the crop is exercised too.
    """
    scale = 4
    big = size * scale
    mask = Image.new("L", (big, big), 0)
    colour = Image.new("RGB", (big, big), key)
    draw_mask, draw_colour = ImageDraw.Draw(mask), ImageDraw.Draw(colour)
    outer = (big * 0.12, big * 0.12, big * 0.88, big * 0.88)
    inner = (big * 0.30, big * 0.30, big * 0.70, big * 0.70)
    dot = (big * 0.42, big * 0.42, big * 0.58, big * 0.58)
    for box, fill in ((outer, 255), (inner, 0), (dot, 255)):
        draw_mask.ellipse(box, fill=fill)
    draw_colour.ellipse(outer, fill=(128, 40, 200))
    draw_colour.ellipse(inner, fill=key)
    draw_colour.ellipse(dot, fill=(250, 140, 20))
    alpha = np.asarray(mask.resize((size, size), Image.Resampling.BOX), dtype=np.float32) / 255.0
    fg = Image.composite(colour, Image.new("RGB", (big, big), key), mask).resize((size, size), Image.Resampling.BOX)
    if width and width != size:
        canvas = Image.new("RGB", (width, size), key)
        canvas.paste(fg, ((width - size) // 2, 0))
        fg = canvas
    out = io.BytesIO()
    fg.save(out, "PNG")
    return out.getvalue(), alpha


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.logical_and(a, b).sum() / np.logical_or(a, b).sum())

"""How a design reads where platforms show it small: a preview sheet and a stroke-width estimate for text.

The sheet shows the design in a circle crop at 128, 48 and 28 px on a dark and a light background (how Discord
and Twitch show avatars and emotes). The estimate: the thinnest substantial strokes of the design (the medial-axis
width of each colour region, at its 10th percentile), scaled to 28 px; below 1 px, text will not survive.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

PREVIEW_SIZES = (128, 48, 28)
PAD = 12
BACKGROUNDS = ((30, 31, 34), (242, 243, 245))  # Discord's dark and light themes
PREVIEW_WIDTH = PAD + sum(size + PAD for size in PREVIEW_SIZES)
PREVIEW_HEIGHT = len(BACKGROUNDS) * (PREVIEW_SIZES[0] + 2 * PAD)
SMALLEST = 28
ANALYSIS = 256  # strokes are measured at this resolution (1 px at 28 px is 9 px here)


@dataclass(frozen=True)
class Legibility:
    preview_png: bytes
    thinnest_stroke_px_at_28: float
    warning: str | None


@functools.cache
def _circle_mask(size: int) -> np.ndarray:
    """An anti-aliased disc (drawn at 4x, then shrunk): the same for every design, so drawn once per size."""
    mask = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size * 4 - 1, size * 4 - 1), fill=255)
    return np.asarray(mask.resize((size, size), Image.Resampling.LANCZOS))


def _circle(image: Image.Image, size: int) -> Image.Image:
    small = image.resize((size, size), Image.Resampling.LANCZOS).convert("RGBA")
    alpha = Image.fromarray(np.minimum(np.asarray(small.getchannel("A")), _circle_mask(size)))
    small.putalpha(alpha)
    return small


def preview_sheet(image: Image.Image) -> bytes:
    sheet = Image.new("RGB", (PREVIEW_WIDTH, PREVIEW_HEIGHT))
    row_height = PREVIEW_SIZES[0] + 2 * PAD
    circles = {size: _circle(image, size) for size in PREVIEW_SIZES}  # once per size, not per row and use
    for row, colour in enumerate(BACKGROUNDS):
        band = Image.new("RGB", (PREVIEW_WIDTH, row_height), colour)
        x = PAD
        for size in PREVIEW_SIZES:
            y = (row_height - size) // 2
            band.paste(circles[size], (x, y), circles[size])
            x += size + PAD
        sheet.paste(band, (0, row * row_height))
    out = io.BytesIO()
    sheet.save(out, "PNG")
    return out.getvalue()


def _mode_filter_5(labels: np.ndarray) -> np.ndarray:
    """Pillow's ModeFilter(5) for a few labels, exactly (the lowest label among the commonest in each 5x5 window,
    clipped at the borders; kept as it was unless more than 2 agree), as one count per label instead of a
    histogram per pixel: Pillow's took about 40 % of the preview's CPU, beside the next user's render."""
    window = np.ones((5, 5), np.uint8)
    counts = np.stack([ndimage.correlate((labels == value).astype(np.uint8), window, mode="constant")
                       for value in range(int(labels.max()) + 1)])  # fmt: skip
    return np.where(counts.max(axis=0) > 2, counts.argmax(axis=0).astype(labels.dtype), labels)


def thinnest_stroke(image: Image.Image) -> float:
    """Width in pixels (at ANALYSIS px) of the thinnest substantial strokes over the design's colour regions."""
    rgba = image.convert("RGBA").resize((ANALYSIS, ANALYSIS), Image.Resampling.LANCZOS)
    alpha = np.asarray(rgba.getchannel("A")) > 127
    # A few colours, then a mode filter: anti-aliased fringes between two colours join one of them instead of
    # forming hairline "regions" of their own.
    quantized = rgba.convert("RGB").quantize(colors=4, method=Image.Quantize.MEDIANCUT)
    labels = _mode_filter_5(np.asarray(quantized))
    palette = np.asarray(quantized.getpalette()[: 3 * 4], dtype=float).reshape(-1, 3)
    for index in range(1, len(palette)):  # near-identical colours (a background and its fringe) are one region
        twin = next((j for j in range(index) if np.abs(palette[j] - palette[index]).max() < 32), None)
        if twin is not None:
            labels = np.where(labels == index, twin, labels)
    widths = []
    for value in np.unique(labels):
        region = (labels == value) & alpha
        area = region.sum()
        if area < ANALYSIS * ANALYSIS * 0.002 or area > ANALYSIS * ANALYSIS * 0.6:
            continue  # specks, and the background (or a full-canvas fill) are not strokes
        distance = ndimage.distance_transform_edt(region)
        ridge = (distance == ndimage.maximum_filter(distance, size=3)) & region & (distance >= 1)
        if ridge.sum() < 20:
            continue
        widths.append(float(np.percentile(2 * distance[ridge], 10)))
    return min(widths) if widths else float(ANALYSIS)


def assess(design_png: bytes, has_text: bool) -> Legibility:
    image = Image.open(io.BytesIO(design_png)).convert("RGBA")
    image = image.resize((ANALYSIS, ANALYSIS), Image.Resampling.LANCZOS)  # once: every later step is small
    at_28 = thinnest_stroke(image) * SMALLEST / ANALYSIS
    warning = None
    if has_text and at_28 < 1.0:
        warning = (
            f"The lettering's thinnest strokes will be about {at_28:.1f} px wide at 28 px, so it won't read as an "
            "emote or badge: ask the coach for shorter text, initials, or thicker letters."
        )
    return Legibility(preview_sheet(image), round(at_28, 2), warning)

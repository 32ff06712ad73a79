"""Background removal that follows what the model painted, not what it was asked to paint.

Image models often ignore "a perfectly flat #00ff00 background" and paint gradients, vignettes, white or noise.
So the requested key colour plays no part here:

1. **Background model** (``bot.imaging.background_model``): a smooth colour field fitted to the border and grown
   inwards, so gradients, vignettes and uneven light all become "background".
2. **Classification.** Each pixel's distance to the model, against a threshold set by the noise measured on
   the background itself. Everything near the model is background wherever it is, so holes enclosed by the
   subject clear when they match the *local* background; a subject colour is never removed for resembling the
   requested key.
3. **Soft drop shadows are removed** (policy, ``bot.imaging.shadow``): a soft, darker copy of the background
   connected to it is background. A shadow baked into a transparent logo looks wrong on Discord's dark and light
   themes alike.
4. **Edges.** Only a narrow band around the subject's outline is matted: alpha is the projection of the pixel
   onto the line between the local background and the local foreground colour, both sampled just outside the
   band along the edge normal; the band's colours are un-mixed from the background, so there is no halo.
5. **Confidence** (0..1): how well the border fits the model, how much of the subject sits near the threshold,
   and whether there is a plausible subject at all. Below ``DOUBTFUL`` the caller should not ship the cut-out.

All of it is numpy on whole arrays or on the band's pixels, so a 1024 px cut-out stays in tens of milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from bot.imaging.background_model import BackgroundModel
from bot.imaging.band import matte_band
from bot.imaging.coarse import fields
from bot.imaging.masks import dilate, neighbours, outline
from bot.imaging.shadow import shaded_background, shadow_background
from bot.imaging.specks import faint_pockets, without_specks

DOUBTFUL = 0.5


@dataclass(frozen=True)
class CutOut:
    image: Image.Image  # RGBA at the source size
    confidence: float
    # Why the confidence is low, in words a user understands; None when the cut-out is sound.
    doubt: str | None

    @property
    def doubtful(self) -> bool:
        return self.confidence < DOUBTFUL


def cut_out(image: Image.Image) -> CutOut:
    rgb = image.convert("RGB")
    size = rgb.width
    if rgb.height != size:
        raise ValueError("cut_out expects a square image")
    pixels = np.asarray(rgb)
    # Steps 1 and 2's fields, at full size only in the tiles where the subject may be (``bot.imaging.coarse``).
    found = fields(rgb, pixels)
    model, distance_sq, threshold = found.model, found.distance_sq, found.threshold

    subject = distance_sq > threshold * threshold
    subject &= neighbours(subject) >= 2  # isolated noise specks are not subject
    subject = without_specks(subject, distance_sq, threshold)
    shadow = shadow_background(pixels, found, subject, threshold)
    background_at = found.background_at
    if shadow.any():
        subject &= ~shadow
        # Matting and pockets measure against the shadowed background, not the bright model.
        shaded = shaded_background(pixels, found.background, subject)
        distance_sq = np.zeros((size, size), np.int32)
        for channel in range(3):  # int32 per channel: far cheaper than a float norm over the whole image
            diff = pixels[..., channel].astype(np.int32) - shaded[..., channel]
            distance_sq += diff * diff

        def background_at(index: np.ndarray) -> np.ndarray:
            return shaded.reshape(-1, 3).take(index, axis=0)

    reach = 1 if size <= 640 else 2
    band = dilate(outline(subject), reach)
    pockets = faint_pockets(subject & ~band, distance_sq, threshold)
    if pockets.any():
        band |= dilate(pockets, reach + 1)  # the pocket's rim is mixed with it: matted too
    rgba = np.empty((size, size, 4), np.uint8)
    rgba[..., :3] = pixels
    rgba[..., 3] = subject.view(np.uint8) * np.uint8(255)
    # Transparent pixels are black: each RGBA pixel ANDed, as one 32-bit word, with its alpha byte repeated in all
    # four (0 or 255): a third less time than a masked copy (profiled: 1/6 of a 1024 px cut-out's own lines).
    rgba.view(np.uint32)[..., 0] &= rgba[..., 3].astype(np.uint32) * np.uint32(0x01010101)
    if band.any():
        matted = matte_band(pixels, background_at, distance_sq, subject, band, reach, threshold)
        rows, cols, band_alpha, band_colour = matted
        rgba[rows, cols, :3] = np.round(band_colour * (band_alpha > 0)[:, None]).astype(np.uint8)
        rgba[rows, cols, 3] = np.round(band_alpha * 255).astype(np.uint8)
    confidence, doubt = _confidence(model, subject, distance_sq, threshold)
    return CutOut(Image.fromarray(rgba, "RGBA"), confidence, doubt)


def _confidence(
    model: BackgroundModel, subject: np.ndarray, distance_sq: np.ndarray, threshold: float
) -> tuple[float, str | None]:
    """0..1 with the weakest reason; each part is a plain rule a reviewer can check."""
    coverage = float(subject.mean())
    scores: list[tuple[float, str]] = [
        # A busy border (a painted scene) is not a background we can model.
        (min(model.border_fit / 0.6, 1.0), "the background is a detailed scene, not a plain backdrop"),
        # No subject, or no background left around it.
        (min(coverage / 0.01, 1.0), "no clear subject stands out from the background"),
        (min((1.0 - coverage) / 0.1, 1.0), "the design fills the whole image, leaving no background to remove"),
    ]
    if subject.any():
        # Much of the subject only just above the threshold: subject and background are not separable.
        near = float((subject & (distance_sq < (threshold * 1.6) ** 2)).sum() / subject.sum())
        scores.append((min((0.45 - near) / 0.25, 1.0), "parts of the design are too close to the background colour"))
    score, reason = min(scores, key=lambda item: item[0])
    score = max(score, 0.0)
    return score, reason if score < DOUBTFUL else None

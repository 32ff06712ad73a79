"""Coarse-to-fine for the cut-out (``bot.imaging.cutout``): the full-size fields only where the subject may be.

A 1024 px logo leaves most of its picture plain background, yet every full-size pass (the background model at full
size, the distance to it) paid for all of it. So the picture is first looked at 4x smaller (an area average, 256 px
for a 1024 px source): a coarse cell that differs from the model by more than ``LOW`` of the threshold may hold
subject. A 1 px stroke that clears the threshold at full size covers at least a quarter of the cells it crosses, so
its cells differ by more than a quarter of the threshold; ``LOW`` leaves room below that. Only such cells and those
within ``HALO`` cells of them (the band's samples and the shadow's reach stay within 8 px of the subject) get the
full-size distance; every other cell is background, distance 0. Off for now (``COARSE_TO_FINE``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image
from scipy import ndimage

from bot.imaging.background_model import GRID, BackgroundModel, fit_background

FACTOR = 4  # a coarse cell is FACTOR x FACTOR pixels
HALO = 2  # coarse cells around a maybe-subject cell worked at full size too (8 px)
LOW = 0.2  # of the threshold: a coarse cell this far from the model may hold subject
# Off: on the held-out matting set one JPEG q70 case's IoU fell from 0.947 to 0.925 with it (dev seeds showed no
# change); off until the cause is found on development seeds (docs/performance.md, "Coarse-to-fine").
COARSE_TO_FINE = False
MAX_ACTIVE = 0.55  # above this share of tiles, one pass over the whole picture is cheaper than gathering tiles
_MIN_THRESHOLD = 14.0  # RGB distance (0..255): below this nothing is subject, even on a perfectly flat key


@dataclass(frozen=True)
class Fields:
    model: BackgroundModel
    distance_sq: np.ndarray  # (size, size) int32 squared RGB distance to the model; 0 in plain-background cells
    threshold: float  # RGB distance above which a pixel is subject
    # The model at full size, or (coarse-to-fine) at the coarse size, each cell standing for its FACTOR² pixels.
    model_pixels: np.ndarray
    factor: int = 1

    def background_at(self, index: np.ndarray) -> np.ndarray:
        """The model's RGB (uint8) at flat pixel indices: only the band's and the subject's pixels need it."""
        if self.factor == 1:
            return self.model_pixels.reshape(-1, 3).take(index, axis=0)
        size, coarse = self.distance_sq.shape[1], self.model_pixels.shape[1]
        rows, cols = np.divmod(index, size)
        return self.model_pixels.reshape(-1, 3).take((rows // self.factor) * coarse + cols // self.factor, axis=0)

    @cached_property
    def background(self) -> np.ndarray:
        """The model at full size (only the shadow's shade map needs all of it, and only when there is a shadow)."""
        if self.factor == 1:
            return self.model_pixels
        return np.repeat(np.repeat(self.model_pixels, self.factor, axis=0), self.factor, axis=1)


def fields(rgb: Image.Image, pixels: np.ndarray) -> Fields:
    """The background model, the full-size background and distance fields and the threshold of a square image
    (``pixels`` is its array, taken once: ``np.asarray`` copies a Pillow image's bytes)."""
    size = rgb.width
    if not COARSE_TO_FINE or size % FACTOR or size < 256:
        model = fit_background(rgb)
        background = model.at_size(size)
        distance_sq = _distance_sq(pixels, background)
        return Fields(model, distance_sq, _threshold(model, size, lambda r, c: distance_sq[r, c]), background)
    coarse_image = rgb.reduce(FACTOR)  # an exact area average, the first step of the model's own shrink
    model = fit_background(coarse_image)
    coarse_background = model.at_size(size // FACTOR)

    def sampled(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        # One flat gather each (2-D fancy indexing cost 4x more).
        observed = pixels.reshape(-1, 3).take(rows * size + cols, axis=0).astype(np.int32)
        model_at = coarse_background.reshape(-1, 3).take((rows // FACTOR) * (size // FACTOR) + cols // FACTOR, axis=0)
        diff = observed - model_at
        return (diff * diff).sum(-1)

    threshold = _threshold(model, size, sampled)
    maybe = _distance_sq(np.asarray(coarse_image), coarse_background) > (LOW * threshold) ** 2
    cells = size // FACTOR
    active = _square_dilate(maybe, HALO)
    if active.mean() > MAX_ACTIVE:
        background = model.at_size(size)
        return Fields(model, _distance_sq(pixels, background), threshold, background)
    # The model is smooth over its 8 px cells, so within a 4 px coarse cell it moves by a fraction of a level
    # (thresholds are 14 levels and more): each cell's coarse background stands in for its full-size one.
    cell = np.flatnonzero(active)
    near = coarse_background.reshape(-1, 3).take(cell, axis=0)[:, None, :]
    # Flat pixel indices of every active cell's pixels: flat gathers and puts (a fancy-indexed view cost 4x more).
    corner = (cell // cells) * (FACTOR * size) + (cell % cells) * FACTOR
    inside = (np.arange(FACTOR)[:, None] * size + np.arange(FACTOR)[None, :]).ravel()
    index = (corner[:, None] + inside[None, :]).ravel()
    distance_sq = np.zeros((size, size), np.int32)
    observed = pixels.reshape(-1, 3).take(index, axis=0).reshape(cell.size, FACTOR * FACTOR, 3)
    distance_sq.ravel()[index] = _distance_sq(observed, near).ravel()
    return Fields(model, distance_sq, threshold, coarse_background, FACTOR)


def _square_dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """A square dilation as shifted ORs along each axis (scipy's generic binary dilation was 4 ms here)."""
    rows = mask.copy()
    for step in range(1, radius + 1):
        rows[step:] |= mask[:-step]
        rows[:-step] |= mask[step:]
    out = rows.copy()
    for step in range(1, radius + 1):
        out[:, step:] |= rows[:, :-step]
        out[:, :-step] |= rows[:, step:]
    return out


def _distance_sq(pixels: np.ndarray, background: np.ndarray) -> np.ndarray:
    distance_sq = np.zeros(pixels.shape[:-1], np.int32)
    for channel in range(3):  # int32 per channel: far cheaper than a float norm over the whole image
        diff = pixels[..., channel].astype(np.int32) - background[..., channel]
        distance_sq += diff * diff
    return distance_sq


def _threshold(model: BackgroundModel, size: int, sampled: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> float:
    """Noise on the background itself sets the threshold (off-white noise, JPEG blocks, dithering), sampled at
    the centres of the model's background cells."""
    inner_cells = ndimage.binary_erosion(model.background_cells, iterations=1)
    cell = size / GRID
    rows, cols = np.nonzero(inner_cells)
    if rows.size >= 20:
        noise = np.sqrt(sampled(((rows + 0.5) * cell).astype(int), ((cols + 0.5) * cell).astype(int)))
    else:
        top = np.repeat(np.arange(4), size)
        noise = np.sqrt(sampled(top, np.tile(np.arange(size), 4)))
    return max(1.25 * float(np.percentile(noise, 99.5)) + 4.0, _MIN_THRESHOLD)

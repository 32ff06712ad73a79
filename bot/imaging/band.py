"""Step 4 of the cut-out (``bot.imaging.cutout``): the narrow band around the subject's outline is matted.
Alpha is the projection of each band pixel onto the line between the local background and the local foreground
colour, both sampled just outside the band along the edge normal; the colours are un-mixed from the background."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bot.imaging.masks import dot3

FAINT_PEAK = 3.0  # a foreground under this many thresholds from the model is ringing, not the design
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)
_YCC = np.array([_LUMA, [-0.1687, -0.3313, 0.5], [0.5, -0.4187, -0.0813]], np.float32)  # rows: Y, Cb, Cr
_CHROMA_LIGHT = np.array([1.0, 0.3, 0.3], np.float32)
_EIGHT = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))
_BOUND_SLACK = 0.05


def matte_band(
    pixels: np.ndarray,
    background_at: Callable[[np.ndarray], np.ndarray],
    distance_sq: np.ndarray,
    subject: np.ndarray,
    band: np.ndarray,
    reach: int,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, alpha, un-mixed colour) for the band's pixels."""
    rows, cols = np.nonzero(band)
    h, w = band.shape
    # Every sample is one gather on a flat array at a clipped flat index, computed once per offset and shared by
    # the arrays sampled there (profiled: clipping per array and 2-D fancy indexing were a third of this step).
    flat_distance, flat_subject, flat_band = distance_sq.ravel(), subject.ravel(), band.ravel()
    flat_pixels = pixels.reshape(h * w, 3)

    def at(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        return np.clip(r, 0, h - 1) * w + np.clip(c, 0, w - 1)

    def distance(index: np.ndarray) -> np.ndarray:
        return np.sqrt(flat_distance.take(index).astype(np.float32))

    # Edge normal from the distance field (points into the subject).
    gy = distance(at(rows + 2, cols)) - distance(at(rows - 2, cols))
    gx = distance(at(rows, cols + 2)) - distance(at(rows, cols - 2))
    norm = np.hypot(gx, gy)
    flat = norm < 1e-3
    ny, nx = np.where(flat, 0, gy / np.maximum(norm, 1e-3)), np.where(flat, 0, gx / np.maximum(norm, 1e-3))
    here = rows * w + cols
    observed = flat_pixels.take(here, axis=0).astype(np.float32)
    model = background_at(here).astype(np.float32)
    inside = flat_subject.take(here)

    # Background: the first clean background pixel beyond the band, against the normal; else the model.
    bg = model.copy()
    found = np.zeros(rows.size, bool)
    for step in (reach + 1, reach + 2, reach + 3):
        index = at(np.round(rows - ny * step).astype(np.int64), np.round(cols - nx * step).astype(np.int64))
        ok = ~flat_subject.take(index) & ~flat_band.take(index) & ~found
        bg[ok] = flat_pixels.take(index[ok], axis=0)
        found |= ok
    # Foreground: along the normal (the pixel itself included), the subject pixel farthest from the background.
    # Beyond a wide edge that is the clean fill; across a stroke thinner than the band it is the stroke's core.
    fg = observed.copy()
    best = np.where(inside, distance(here), -1.0)
    for step in range(1, reach + 4):
        index = at(np.round(rows + ny * step).astype(np.int64), np.round(cols + nx * step).astype(np.int64))
        d = np.where(flat_subject.take(index), distance(index), -1.0)
        better = d > best
        fg[better] = flat_pixels.take(index[better], axis=0)
        best = np.maximum(best, d)
    # Where the normal missed the subject (a flat or noisy distance field: beside thin strokes, shadows, JPEG
    # ringing), look around in all eight directions. Extrapolating instead gave exactly alpha 0.5 by
    # construction: a half-opaque halo two or three pixels out.
    missing = np.nonzero(best < 0)[0]
    if missing.size:
        # All offsets at once, (offsets, pixels): one gather per array instead of one per offset.
        steps = np.arange(1, reach + 2)
        dy = (np.array(_EIGHT)[:, 0, None] * steps).ravel()[:, None]
        dx = (np.array(_EIGHT)[:, 1, None] * steps).ravel()[:, None]
        index = at(rows[missing][None] + dy, cols[missing][None] + dx)
        d = np.where(flat_subject.take(index), distance(index), -1.0)
        pick = d.argmax(0)
        column = np.arange(missing.size)
        fg[missing] = flat_pixels.take(index[pick, column], axis=0)
        best[missing] = d[pick, column]
    lost = best < 0  # no subject pixel anywhere near: keep the classification (these are background)
    span = fg - bg
    span_sq = dot3(span, span)
    # Project in YCbCr with chroma down-weighted where luma alone separates foreground from background: JPEG
    # (and many model outputs) carry chroma at half resolution, so chroma smears a pixel or two past the edge.
    weights = np.where((np.abs(span @ _LUMA) > 15.0)[:, None], _CHROMA_LIGHT, 1.0).astype(np.float32)
    span_w = (span @ _YCC.T) * weights
    offset_w = ((observed - bg) @ _YCC.T) * weights
    alpha = np.clip(dot3(offset_w, span_w) / np.maximum(dot3(span_w, span_w), 1.0), 0.0, 1.0)
    weak = (span_sq < 20.0**2) | lost  # foreground barely differs from background: trust the classification
    alpha = np.where(weak, inside.astype(np.float32), alpha)
    # A pixel the classification calls background is at most as opaque as its distance from the model allows
    # (observed - model = alpha * (fg - model)). A local background sample can be JPEG ringing itself, and
    # then a barely tinted pixel three or four pixels out projected half opaque: fuzz beside strokes.
    outside = ~inside
    if outside.any():
        to_fg = fg[outside] - model[outside]
        reach_to_fg = np.sqrt(dot3(to_fg, to_fg))
        bound = np.sqrt(flat_distance.take(here[outside])) / np.maximum(reach_to_fg, 1.0)
        # And a faint foreground (ringing found along the normal, not the design) lends it no opacity at all.
        bound[reach_to_fg < FAINT_PEAK * threshold] = 0.0
        alpha[outside] = np.minimum(alpha[outside], bound + _BOUND_SLACK * (bound > 0))
    # Un-mix: observed = a*fg + (1-a)*bg; for faint pixels the local foreground colour is steadier.
    a = np.maximum(alpha, 1e-3)[:, None]
    unmixed = np.clip((observed - (1.0 - a) * bg) / a, 0, 255)
    colour = np.where((alpha < 0.35)[:, None], fg, unmixed)
    return rows, cols, alpha, np.clip(colour, 0, 255)

"""Step 2's clean-up for the cut-out (``bot.imaging.cutout``): specks of noise that crossed the threshold, and
faint pockets of background enclosed by strokes."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from bot.imaging.band import FAINT_PEAK

SPECK_AREA = 1.5e-5  # of the image: 16 px at 1024², 4 at 512²
SPECK_MIN_PIXELS = 4
FAINT_AREA = 2e-4  # of the image: 210 px at 1024², 52 at 512²


def without_specks(subject: np.ndarray, distance_sq: np.ndarray, threshold: float) -> np.ndarray:
    """Drop separate clusters that are not part of a design: JPEG block noise and ringing that crossed the
    threshold, which showed as fuzz just outside the outline on dark backgrounds.

    Any cluster under SPECK_AREA of the image goes. A larger one that is still small (under FAINT_AREA) goes
    when even its strongest pixel is faint (under FAINT_PEAK × the threshold): ringing only just crosses the
    threshold, while a design's small parts (an i's dot, a star) have a core that clearly differs from the
    background. Measured on the matting sets: ringing peaks at 1.0-2.7× the threshold, real parts at 8× and more.
    """
    labels, count = ndimage.label(subject)
    if count < 2:
        return subject
    # Counted over the subject's pixels only, not the whole image (most of it is background, label 0).
    where = np.flatnonzero(subject)
    cluster = labels.ravel()[where]
    areas = np.bincount(cluster, minlength=count + 1)
    drop = areas < max(SPECK_MIN_PIXELS, subject.size * SPECK_AREA)
    small = np.nonzero((areas < subject.size * FAINT_AREA) & ~drop)[0]
    small = small[small > 0]
    if small.size:
        # Peaks over the small clusters' pixels only: ndimage.maximum argsorts the whole image (profiled: about
        # 40% of a 1024 px post-processing).
        is_small = np.zeros(areas.size, bool)
        is_small[small] = True
        inside = is_small[cluster]
        peaks = np.zeros(areas.size, np.int64)
        np.maximum.at(peaks, cluster[inside], distance_sq.ravel()[where[inside]])
        drop[small[peaks[small] < (FAINT_PEAK * threshold) ** 2]] = True
    drop[0] = False
    if not drop.any():
        return subject
    kept = subject.copy()
    kept.ravel()[where[drop[cluster]]] = False
    return kept


def faint_pockets(inner: np.ndarray, distance_sq: np.ndarray, threshold: float) -> np.ndarray:
    """Small regions of the subject's inside that are only faintly off the background, to be matted like the
    band: a pocket of background a few pixels wide enclosed by strokes, which JPEG (and the model's own blur)
    tints just past the threshold, so no outline reaches it and it stayed opaque. Matting gives such a pocket
    the low alpha its colour says; a flat faint fill of the design has no stronger colour beside it and stays
    opaque."""
    faint = inner & (distance_sq < np.int32((FAINT_PEAK * threshold) ** 2))
    if not faint.any():
        return faint
    labels, count = ndimage.label(faint)
    where = np.flatnonzero(faint)  # counted over the faint pixels only, not the whole image
    cluster = labels.ravel()[where]
    small = np.bincount(cluster, minlength=count + 1) < inner.size * FAINT_AREA
    pockets = np.zeros_like(faint)
    pockets.ravel()[where[small[cluster]]] = True
    return pockets

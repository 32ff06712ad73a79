"""Step 3 of the cut-out (``bot.imaging.cutout``): soft drop shadows are background, by policy. A shadow baked
into a transparent logo looks wrong on Discord's dark and light themes alike."""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from bot.imaging.coarse import Fields
from bot.imaging.masks import dilate, dot3


def shadow_background(pixels: np.ndarray, fields: Fields, subject: np.ndarray, threshold: float) -> np.ndarray:
    """Subject pixels that are really a soft shadow: a darker copy of the background, connected to it smoothly.

    A flat grey shape on white is also "a darker white", but a hard anti-aliased edge separates it from the
    background; only regions reached from the background through gentle changes count as shadow.
    """

    def darker_background(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        observed = pixels[rows, cols].astype(np.float32)
        model = fields.background_at(rows * subject.shape[1] + cols).astype(np.float32)
        shade = dot3(observed, model) / np.maximum(dot3(model, model), 1.0)
        off = observed - shade[:, None] * model
        chroma = np.sqrt(dot3(off, off))
        return (shade >= 0.5) & (shade < 1.0) & (chroma < threshold), shade

    none = np.zeros_like(subject)
    # A cheap look first (every 16th row and column): most images have no shadow at all.
    coarse_rows, coarse_cols = np.nonzero(subject[::16, ::16])
    if darker_background(coarse_rows * 16, coarse_cols * 16)[0].sum() < subject.size * 0.001 / 256:
        return none
    rows, cols = np.nonzero(subject)
    darker, _shade = darker_background(rows, cols)
    if darker.sum() < subject.size * 0.002:
        return none
    # Gentle: a blurred shadow's shade changes little from any neighbour, while every pixel on an anti-aliased
    # edge has a big jump to one side. So steepness looks at every pixel's real shade (true subject colours
    # count as 0), and a shadow must be reached from the background through gentle pixels only.
    model = fields.background.astype(np.float32)
    shade_map = dot3(pixels.astype(np.float32), model) / np.maximum(dot3(model, model), 1.0)
    shade_map[rows[~darker], cols[~darker]] = 0.0
    # A shadow's softness scales with the image; an anti-aliased edge stays 1-2 px wide at any size.
    limit = 0.03 * 1024 / subject.shape[0]
    steep = np.zeros(subject.shape, bool)
    dy = np.abs(np.diff(shade_map, axis=0)) > limit
    dx = np.abs(np.diff(shade_map, axis=1)) > limit
    steep[1:] |= dy
    steep[:-1] |= dy
    steep[:, 1:] |= dx
    steep[:, :-1] |= dx
    candidate = np.zeros(subject.shape, bool)
    candidate[rows[darker], cols[darker]] = True
    candidate &= ~steep
    labels, count = ndimage.label(candidate | ~subject)
    touches_background = np.zeros(count + 1, bool)
    touches_background[labels[~subject]] = True
    touches_background[0] = False
    shadow = candidate & touches_background[labels]
    if shadow.any():
        shadow |= _enclosed_pockets(labels, touches_background, subject.size)
    # Next to the subject a shadow is at its steepest: darker-background pixels within a few pixels of an
    # accepted shadow belong to it too (the band's matting then settles the subject's own edge).
    darker_all = np.zeros(subject.shape, bool)
    darker_all[rows[darker], cols[darker]] = True
    return shadow | (dilate(shadow, 3) & darker_all)


POCKET_AREA = 1e-3  # of the image: 262 px at 512², 1049 at 1024² (a lattice's cells are 3-13 px at 512)


def _enclosed_pockets(labels: np.ndarray, touches_background: np.ndarray, image_area: int) -> np.ndarray:
    """Gentle darker-background regions fully enclosed by thin strokes, once a soft shadow was found beside them:
    under a lattice the shadow fills each cell, which no gentle path from the outside reaches."""
    areas = np.bincount(labels.ravel())
    enclosed = ~touches_background & (areas < image_area * POCKET_AREA)
    enclosed[0] = False
    return enclosed[labels]


def shaded_background(pixels: np.ndarray, background: np.ndarray, subject: np.ndarray) -> np.ndarray:
    """The background model darkened by the soft shadow around the subject (uint8 RGB), so the band's matting
    un-mixes strokes from the shadowed colour they sit on: against the bright model, a shadowed pocket between
    strokes looked a third opaque. The shade is smooth, so it is measured on 4 px blocks' clean background pixels
    (area averages in Pillow), spread under the subject and scaled back up."""
    size, block = subject.shape[0], 4
    clean = ~dilate(subject, 1)  # a stroke's anti-aliased rim is not the shade
    weight = np.asarray(Image.fromarray(clean.view(np.uint8) * np.uint8(255), "L").reduce(block), np.float32) / 255
    masked = np.asarray(Image.fromarray(pixels * clean[..., None], "RGB").reduce(block), np.float32)
    model = np.asarray(Image.fromarray(background, "RGB").reduce(block), np.float32)
    observed = masked / np.maximum(weight, 1e-3)[..., None]
    shade = np.where(weight > 0, dot3(observed, model) / np.maximum(dot3(model, model), 1.0), 1.0)
    spread_weight = ndimage.gaussian_filter(weight, 1.5)
    field = ndimage.gaussian_filter(shade * weight, 1.5) / np.maximum(spread_weight, 1e-6)
    field = np.clip(np.where(spread_weight > 0.05, field, 1.0), 0.5, 1.05)
    small = np.clip(np.round(model * field[..., None]), 0, 255).astype(np.uint8)
    return np.asarray(Image.fromarray(small, "RGB").resize((size, size), Image.Resampling.BILINEAR))

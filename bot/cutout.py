"""Background removal that follows what the model painted, not what it was asked to paint.

Image models often ignore "a perfectly flat #00ff00 background" and paint gradients, vignettes, white or noise.
So the requested key colour plays no part here:

1. **Background model.** On a 64×64 grid, a low-order colour polynomial is fitted robustly to the border,
   then grown inwards (cells that fit join the fit, three rounds), and the smooth residual of the background
   cells is inpainted across the subject. Gradients, vignettes and uneven light all become "background".
2. **Classification.** Each pixel's distance to the model, against a threshold set by the noise measured on
   the background itself. Everything near the model is background wherever it is, so holes enclosed by the
   subject clear when they match the *local* background; a subject colour is never removed for resembling the
   requested key.
3. **Soft drop shadows are removed** (policy): a soft, darker copy of the background connected to it is
   background. A shadow baked into a transparent logo looks wrong on Discord's dark and light themes alike.
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
from scipy import ndimage

GRID = 128
DOUBTFUL = 0.5
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)
_YCC = np.array([_LUMA, [-0.1687, -0.3313, 0.5], [0.5, -0.4187, -0.0813]], np.float32)  # rows: Y, Cb, Cr
_CHROMA_LIGHT = np.array([1.0, 0.3, 0.3], np.float32)
_MIN_THRESHOLD = 14.0  # RGB distance (0..255): below this nothing is subject, even on a perfectly flat key


@dataclass(frozen=True)
class CutOut:
    image: Image.Image  # RGBA at the source size
    confidence: float
    # Why the confidence is low, in words a user understands; None when the cut-out is sound.
    doubt: str | None

    @property
    def doubtful(self) -> bool:
        return self.confidence < DOUBTFUL


# --- 1. background model on the grid -----------------------------------------------------------------------


def _basis(u: np.ndarray, v: np.ndarray, degree: int) -> np.ndarray:
    return np.stack([u**i * v**j for i in range(degree + 1) for j in range(degree + 1 - i)], axis=-1)


def _fit(basis: np.ndarray, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    coefficients, *_ = np.linalg.lstsq(basis[weights], values[weights], rcond=None)
    return coefficients


_CENTRES = np.linspace(-0.6, 0.6, 5)
_FIT_CELLS = 1500
_DEGREE = 4


def _fit_with_cone(poly: np.ndarray, u: np.ndarray, v: np.ndarray, values: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """The polynomial plus radial terms r and r^3 about the best centre: radial gradients have an apex and
    vignettes a flat top, neither of which a low-order polynomial follows. The centre is searched on a coarse
    grid, then refined twice around the best; every candidate is one small solve of the normal equations,
    which share the polynomial's part."""
    chosen = np.flatnonzero(cells)
    chosen = chosen[:: max(chosen.size // _FIT_CELLS, 1)]  # a smooth model needs no more cells than this
    k = poly.shape[-1]
    p, y = poly.reshape(-1, k)[chosen].astype(np.float64), values.reshape(-1, 3)[chosen].astype(np.float64)
    su, sv = u.ravel()[chosen], v.ravel()[chosen]
    ptp, pty, yty = p.T @ p, p.T @ y, float((y * y).sum())
    # Ridge on the curved polynomial terms (not on the constant, slope or radial terms): inside a large subject
    # the fit is an extrapolation, and without a penalty a flat, noisy backdrop would bend there to swallow a
    # subject colour close to it.
    degrees = np.array([i + j for i in range(_DEGREE + 1) for j in range(_DEGREE + 1 - i)] + [1, 1])
    ridge = np.diag(np.where(degrees >= 2, 1e-3 * len(chosen), 1e-6))

    def solve(cu: float, cv: float) -> tuple[float, np.ndarray | None]:
        r = np.sqrt((su - cu) ** 2 + (sv - cv) ** 2 + 1e-3)
        radial = np.stack([r, r**3], -1)
        ata = np.empty((k + 2, k + 2))
        ata[:k, :k], ata[:k, k:] = ptp, p.T @ radial
        ata[k:, :k], ata[k:, k:] = ata[:k, k:].T, radial.T @ radial
        aty = np.vstack([pty, radial.T @ y])
        try:
            coefficients = np.linalg.solve(ata + ridge, aty)
        except np.linalg.LinAlgError:
            return np.inf, None
        return yty - float((coefficients * aty).sum()), coefficients

    candidates = [(cu, cv) for cu in _CENTRES for cv in _CENTRES]
    step = float(_CENTRES[1] - _CENTRES[0])
    best = min(((*solve(cu, cv), (cu, cv)) for cu, cv in candidates), key=lambda item: item[0])
    for _ in range(2):
        step /= 2
        cu0, cv0 = best[2]
        around = [(cu0 + du * step, cv0 + dv * step) for du in (-1, 0, 1) for dv in (-1, 0, 1) if du or dv]
        best = min([best, *((*solve(cu, cv), (cu, cv)) for cu, cv in around)], key=lambda item: item[0])
    _, coefficients, (cu, cv) = best
    assert coefficients is not None
    rr = np.sqrt((u - cu) ** 2 + (v - cv) ** 2 + 1e-3)
    return np.concatenate([poly, rr[..., None], rr[..., None] ** 3], -1) @ coefficients


def _grid_coordinates() -> tuple[np.ndarray, np.ndarray]:
    axis = (np.arange(GRID, dtype=np.float32) + 0.5) / GRID * 2 - 1
    return np.meshgrid(axis, axis)


@dataclass(frozen=True)
class _Model:
    grid: np.ndarray  # (GRID, GRID, 3) background colour per cell
    background_cells: np.ndarray  # (GRID, GRID) cells that are background
    border_fit: float  # share of border cells the model explains


def _background_model(small: np.ndarray) -> _Model:
    u, v = _grid_coordinates()
    ring = np.zeros((GRID, GRID), bool)
    ring[:4], ring[-4:], ring[:, :4], ring[:, -4:] = True, True, True, True
    # Border first, robustly: the subject may touch the border, so refit on the inliers a few times.
    basis = _basis(u, v, 2)
    inliers = ring.copy()
    for _ in range(4):
        residual = np.linalg.norm(small - basis @ _fit(basis, small, inliers), axis=-1)
        scale = 1.4826 * float(np.median(residual[inliers])) + 1e-3
        inliers = ring & (residual <= max(3 * scale, 6.0))
        if inliers.sum() < 12:
            inliers = ring & (residual <= np.percentile(residual[ring], 50))
    border_fit = float(inliers.sum() / ring.sum())
    # Grow inwards: fit a cubic to every cell the model explains, inpaint what the polynomial misses (a cone-
    # shaped radial gradient, an uneven vignette) from the background cells' smooth residual, and let the cells
    # the refined model now explains join the next round. Each round reaches further in from the border.
    basis = _basis(u, v, _DEGREE)
    cells = inliers
    for _ in range(2):
        fitted = _fit_with_cone(basis, u, v, small, cells)
        grid = fitted + _inpaint(np.where(cells[..., None], small - fitted, 0), cells)
        residual = np.linalg.norm(small - grid, axis=-1)
        scale = 1.4826 * float(np.median(residual[cells])) + 1e-3
        grown = residual <= max(3.5 * scale, 10.0)
        if grown.sum() < 12:
            break
        cells = grown
    return _Model(grid.astype(np.float32), cells, border_fit)


def _inpaint(remainder: np.ndarray, known: np.ndarray) -> np.ndarray:
    """``remainder`` smoothed over the ``known`` cells and extrapolated into the others.

    First-order normalised convolution: around every cell, a plane is fitted to the known cells (Gaussian
    weights), so a trend (a gradient rising towards an enclosed apex) continues into a hole instead of
    levelling off as an average would. A wider kernel serves cells far from any known one. The result is smooth
    by construction, so it is computed on a half-resolution grid and upsampled (4x less work).
    """
    half = GRID // 2
    weights = known.astype(np.float32).reshape(half, 2, half, 2).sum((1, 3))
    summed = (remainder * known[..., None]).reshape(half, 2, half, 2, 3).sum((1, 3))
    coarse = _inpaint_grid(summed / np.maximum(weights, 1)[..., None], weights >= 2)
    return np.stack([_resize_plane(coarse[..., c], GRID) for c in range(3)], -1)


def _resize_plane(plane: np.ndarray, size: int) -> np.ndarray:
    image = Image.fromarray(np.ascontiguousarray(plane, dtype=np.float32), "F")
    return np.asarray(image.resize((size, size), Image.Resampling.BILINEAR))


def _inpaint_grid(remainder: np.ndarray, known: np.ndarray) -> np.ndarray:
    n = known.shape[0]
    ys, xs = (np.mgrid[0:n, 0:n].astype(np.float32) - n / 2) / n  # centred: float32 stays exact enough
    result = np.zeros_like(remainder)
    filled = np.zeros(known.shape, bool)
    mask = known.astype(np.float32)
    for sigma in (2.0, 8.0):

        def g(values: np.ndarray, s: float = sigma) -> np.ndarray:
            return ndimage.gaussian_filter(values, s, mode="nearest", truncate=2.0)

        w, wx, wy = g(mask), g(mask * xs), g(mask * ys)
        wxx, wxy, wyy = g(mask * xs * xs), g(mask * xs * ys), g(mask * ys * ys)
        usable = (w > (0.02 if sigma < 8.0 else 1e-4)) & ~filled  # cells left over keep no correction
        if not usable.any():
            continue
        # Moments about each target cell (dx = x - x0) from the filtered absolute moments.
        sx, sy = wx - xs * w, wy - ys * w
        sxx = wxx - 2 * xs * wx + xs * xs * w
        syy = wyy - 2 * ys * wy + ys * ys * w
        sxy = wxy - xs * wy - ys * wx + xs * ys * w
        ridge = 1e-4 * w  # keeps the slope finite where the known cells are all on one line
        a, b, c = w[usable], sx[usable], sy[usable]
        d, e, f = sxx[usable] + ridge[usable], sxy[usable], syy[usable] + ridge[usable]
        # Only the constant term of the local plane is needed: the first row of the symmetric 3x3 inverse.
        r0, r1, r2 = d * f - e * e, c * e - b * f, b * e - c * d
        determinant = a * r0 + b * r1 + c * r2
        safe = np.where(np.abs(determinant) < 1e-20, 1e-20, determinant)
        r0, r1, r2 = r0 / safe, r1 / safe, r2 / safe
        for channel in range(3):
            values = remainder[..., channel].astype(np.float32) * mask
            wf, wxf, wyf = g(values), g(values * xs), g(values * ys)
            result[..., channel][usable] = r0 * wf[usable] + r1 * (wxf - xs * wf)[usable] + r2 * (wyf - ys * wf)[usable]
        filled |= usable
    return result


def _upsample(grid: np.ndarray, size: int) -> np.ndarray:
    """The model at full size as uint8 RGB: rounding costs half a level, far below any threshold used here,
    and one RGB resize is a third of the time of three float planes."""
    image = Image.fromarray(np.clip(np.round(grid), 0, 255).astype(np.uint8), "RGB")
    return np.asarray(image.resize((size, size), Image.Resampling.BILINEAR))


# --- helpers on boolean masks (slices are far cheaper than scipy's generic morphology at 1024 px) ----------


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    out = mask.copy()
    for _ in range(radius):
        grown = out.copy()
        grown[1:] |= out[:-1]
        grown[:-1] |= out[1:]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        out = grown
    return out


def _outline(mask: np.ndarray) -> np.ndarray:
    """Pixels with a 4-neighbour on the other side of the mask's edge."""
    edge = np.zeros_like(mask)
    vertical = mask[1:] != mask[:-1]
    horizontal = mask[:, 1:] != mask[:, :-1]
    edge[1:] |= vertical
    edge[:-1] |= vertical
    edge[:, 1:] |= horizontal
    edge[:, :-1] |= horizontal
    return edge


def _neighbours(mask: np.ndarray) -> np.ndarray:
    count = np.zeros(mask.shape, np.uint8)
    padded = np.pad(mask, 1)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if dy != 1 or dx != 1:
                count += padded[dy : dy + mask.shape[0], dx : dx + mask.shape[1]]
    return count


# --- 3. drop shadows ----------------------------------------------------------------------------------------


def _shadow_background(pixels: np.ndarray, background: np.ndarray, subject: np.ndarray, threshold: float) -> np.ndarray:
    """Subject pixels that are really a soft shadow: a darker copy of the background, connected to it smoothly.

    A flat grey shape on white is also "a darker white", but a hard anti-aliased edge separates it from the
    background; only regions reached from the background through gentle changes count as shadow.
    """

    def darker_background(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        observed = pixels[rows, cols].astype(np.float32)
        model = background[rows, cols].astype(np.float32)
        shade = (observed * model).sum(-1) / np.maximum((model * model).sum(-1), 1.0)
        chroma = np.linalg.norm(observed - shade[:, None] * model, axis=-1)
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
    model = background.astype(np.float32)
    shade_map = (pixels.astype(np.float32) * model).sum(-1) / np.maximum((model * model).sum(-1), 1.0)
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
    # Next to the subject a shadow is at its steepest: darker-background pixels within a few pixels of an
    # accepted shadow belong to it too (the band's matting then settles the subject's own edge).
    darker_all = np.zeros(subject.shape, bool)
    darker_all[rows[darker], cols[darker]] = True
    return shadow | (_dilate(shadow, 3) & darker_all)


# --- 4. matting the band ------------------------------------------------------------------------------------


def _sample(array: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    h, w = array.shape[:2]
    return array[np.clip(rows, 0, h - 1), np.clip(cols, 0, w - 1)]


def _matte_band(
    pixels: np.ndarray,
    background: np.ndarray,
    distance_sq: np.ndarray,
    subject: np.ndarray,
    band: np.ndarray,
    reach: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, alpha, un-mixed colour) for the band's pixels."""
    rows, cols = np.nonzero(band)

    def distance(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        return np.sqrt(_sample(distance_sq, r, c).astype(np.float32))

    # Edge normal from the distance field (points into the subject).
    gy = distance(rows + 2, cols) - distance(rows - 2, cols)
    gx = distance(rows, cols + 2) - distance(rows, cols - 2)
    norm = np.hypot(gx, gy)
    flat = norm < 1e-3
    ny, nx = np.where(flat, 0, gy / np.maximum(norm, 1e-3)), np.where(flat, 0, gx / np.maximum(norm, 1e-3))
    observed = pixels[rows, cols].astype(np.float32)
    model = background[rows, cols].astype(np.float32)

    # Background: the first clean background pixel beyond the band, against the normal; else the model.
    bg = model.copy()
    found = np.zeros(rows.size, bool)
    for step in (reach + 1, reach + 2, reach + 3):
        r = np.round(rows - ny * step).astype(np.int64)
        c = np.round(cols - nx * step).astype(np.int64)
        ok = ~_sample(subject, r, c) & ~_sample(band, r, c) & ~found
        bg[ok] = _sample(pixels, r, c)[ok]
        found |= ok
    # Foreground: along the normal (the pixel itself included), the subject pixel farthest from the background.
    # Beyond a wide edge that is the clean fill; across a stroke thinner than the band it is the stroke's core.
    fg = observed.copy()
    best = np.where(subject[rows, cols], distance(rows, cols), -1.0)
    for step in range(1, reach + 4):
        r = np.round(rows + ny * step).astype(np.int64)
        c = np.round(cols + nx * step).astype(np.int64)
        d = np.where(_sample(subject, r, c), distance(r, c), -1.0)
        better = d > best
        fg[better] = _sample(pixels, r, c)[better]
        best = np.maximum(best, d)
    fg = np.where((best < 0)[:, None], observed + (observed - bg), fg)  # no subject pixel in reach: extrapolate
    span = fg - bg
    span_sq = (span * span).sum(-1)
    # Project in YCbCr with chroma down-weighted where luma alone separates foreground from background: JPEG
    # (and many model outputs) carry chroma at half resolution, so chroma smears a pixel or two past the edge.
    weights = np.where((np.abs(span @ _LUMA) > 30.0)[:, None], _CHROMA_LIGHT, 1.0).astype(np.float32)
    span_w = (span @ _YCC.T) * weights
    offset_w = ((observed - bg) @ _YCC.T) * weights
    alpha = np.clip((offset_w * span_w).sum(-1) / np.maximum((span_w * span_w).sum(-1), 1.0), 0.0, 1.0)
    weak = span_sq < 20.0**2  # foreground barely differs from background: trust the classification
    alpha = np.where(weak, subject[rows, cols].astype(np.float32), alpha)
    # Un-mix: observed = a*fg + (1-a)*bg; for faint pixels the local foreground colour is steadier.
    a = np.maximum(alpha, 1e-3)[:, None]
    unmixed = np.clip((observed - (1.0 - a) * bg) / a, 0, 255)
    colour = np.where((alpha < 0.35)[:, None], fg, unmixed)
    return rows, cols, alpha, np.clip(colour, 0, 255)


# --- the whole cut-out ----------------------------------------------------------------------------------------


def cut_out(image: Image.Image) -> CutOut:
    rgb = image.convert("RGB")
    size = rgb.width
    if rgb.height != size:
        raise ValueError("cut_out expects a square image")
    pixels = np.asarray(rgb)
    small = np.asarray(rgb.resize((GRID, GRID), Image.Resampling.BOX), np.float32)
    model = _background_model(small)
    background = _upsample(model.grid, size)

    distance_sq = np.zeros((size, size), np.int32)
    for channel in range(3):  # int32 per channel: far cheaper than a float norm over the whole image
        diff = pixels[..., channel].astype(np.int32) - background[..., channel]
        distance_sq += diff * diff

    # Noise on the background itself sets the threshold (off-white noise, JPEG blocks, dithering).
    inner_cells = ndimage.binary_erosion(model.background_cells, iterations=1)
    cell = size / GRID
    sample_rows = ((np.nonzero(inner_cells)[0] + 0.5) * cell).astype(int)
    sample_cols = ((np.nonzero(inner_cells)[1] + 0.5) * cell).astype(int)
    noise = np.sqrt(distance_sq[sample_rows, sample_cols] if sample_rows.size >= 20 else distance_sq[:4].ravel())
    threshold = max(1.25 * float(np.percentile(noise, 99.5)) + 4.0, _MIN_THRESHOLD)

    subject = distance_sq > threshold * threshold
    subject &= _neighbours(subject) >= 2  # isolated noise specks are not subject
    shadow = _shadow_background(pixels, background, subject, threshold)
    if shadow.any():
        subject &= ~shadow

    reach = 1 if size <= 640 else 2
    band = _dilate(_outline(subject), reach)
    rgba = np.empty((size, size, 4), np.uint8)
    np.multiply(pixels, subject[..., None], out=rgba[..., :3])  # transparent pixels are black
    rgba[..., 3] = subject * np.uint8(255)
    if band.any():
        rows, cols, band_alpha, band_colour = _matte_band(pixels, background, distance_sq, subject, band, reach)
        rgba[rows, cols, :3] = np.round(band_colour * (band_alpha > 0)[:, None]).astype(np.uint8)
        rgba[rows, cols, 3] = np.round(band_alpha * 255).astype(np.uint8)
    confidence, doubt = _confidence(model, subject, distance_sq, threshold)
    return CutOut(Image.fromarray(rgba, "RGBA"), confidence, doubt)


def _confidence(
    model: _Model, subject: np.ndarray, distance_sq: np.ndarray, threshold: float
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

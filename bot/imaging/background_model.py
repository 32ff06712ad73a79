"""The background a model actually painted, as a smooth colour field (step 1 of the cut-out, ``bot.imaging.cutout``).

On a GRID x GRID image of cell means, a polynomial is fitted robustly to the border, then grown inwards: cells the
model explains join the fit. Radial terms about a searched centre follow a radial gradient's apex or a vignette's
flat top, and the background cells' residual is inpainted across the subject, so gradients, vignettes and uneven
light all become "background". Everything here works on the small grid, so it costs a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image
from scipy import ndimage

from bot.imaging.masks import dot3

GRID = 128


@dataclass(frozen=True)
class BackgroundModel:
    grid: np.ndarray  # (GRID, GRID, 3) background colour per cell
    background_cells: np.ndarray  # (GRID, GRID) cells that are background
    border_fit: float  # share of border cells the model explains

    def at_size(self, size: int) -> np.ndarray:
        """The model at full size as uint8 RGB: rounding costs half a level, far below any threshold the cut-out
        uses, and one RGB resize is a third of the time of three float planes."""
        image = Image.fromarray(np.clip(np.round(self.grid), 0, 255).astype(np.uint8), "RGB")
        return np.asarray(image.resize((size, size), Image.Resampling.BILINEAR))


def fit_background(image: Image.Image) -> BackgroundModel:
    """The background model of a square RGB image."""
    small = np.asarray(image.resize((GRID, GRID), Image.Resampling.BOX), np.float32)
    return _background_model(small)


@cache
def _basis(degree: int) -> np.ndarray:
    """Polynomial terms on the grid: the same for every image, so built once (profiled: 5-10% of a cut-out)."""
    u, v = _grid_coordinates()
    basis = np.stack([u**i * v**j for i in range(degree + 1) for j in range(degree + 1 - i)], axis=-1)
    basis.setflags(write=False)
    return basis


def _fit(basis: np.ndarray, values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Least squares through the normal equations: a few hundred cells and six terms. ``lstsq`` (an SVD through
    threaded BLAS) cost 20x more on the loaded 2-core machine; the tiny ridge stands in for its minimum-norm
    answer when the inliers all lie on one side of the border."""
    a, y = basis[weights].astype(np.float64), values[weights].astype(np.float64)
    ata = a.T @ a
    return np.linalg.solve(ata + np.eye(ata.shape[0]) * (1e-9 * len(a) + 1e-12), a.T @ y)


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

    def solve(centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(residual, coefficients) for every candidate centre at once: one batched solve instead of a Python
        call per centre (profiled: most of the model's time was the per-call overhead of tiny solves)."""
        cu, cv = centres[:, :1].astype(np.float32), centres[:, 1:].astype(np.float32)
        r = np.sqrt((su[None] - cu) ** 2 + (sv[None] - cv) ** 2 + 1e-3)
        radial = np.stack([r, r**3], -1)  # (centres, cells, 2)
        cross, radial_t = p.T @ radial, radial.transpose(0, 2, 1)
        ata = np.empty((len(centres), k + 2, k + 2))
        ata[:, :k, :k], ata[:, :k, k:] = ptp, cross
        ata[:, k:, :k], ata[:, k:, k:] = cross.transpose(0, 2, 1), radial_t @ radial
        shared = np.broadcast_to(pty, (len(centres), *pty.shape))
        aty = np.concatenate([shared, radial_t @ y], 1)
        residual = np.full(len(centres), np.inf)
        coefficients = np.zeros_like(aty)
        try:
            coefficients = np.linalg.solve(ata + ridge, aty)
            residual = yty - (coefficients * aty).sum((1, 2))
        except np.linalg.LinAlgError:  # one singular system: solve them one by one, skipping it
            for i in range(len(centres)):
                try:
                    coefficients[i] = np.linalg.solve(ata[i] + ridge, aty[i])
                    residual[i] = yty - float((coefficients[i] * aty[i]).sum())
                except np.linalg.LinAlgError:
                    pass
        return residual, coefficients

    step = float(_CENTRES[1] - _CENTRES[0])
    centres = np.array([(cu, cv) for cu in _CENTRES for cv in _CENTRES])
    residual, solved = solve(centres)
    pick = int(np.argmin(residual))  # the first of equals, as min() over the candidates in order
    best = (float(residual[pick]), solved[pick], (float(centres[pick, 0]), float(centres[pick, 1])))
    around = np.array([(du, dv) for du in (-1, 0, 1) for dv in (-1, 0, 1) if du or dv], float)
    for _ in range(2):
        step /= 2
        centres = np.array(best[2]) + around * step
        residual, solved = solve(centres)
        pick = int(np.argmin(residual))
        if residual[pick] < best[0]:  # the current best wins ties, as min() with it first
            best = (float(residual[pick]), solved[pick], (float(centres[pick, 0]), float(centres[pick, 1])))
    _, coefficients, (cu, cv) = best
    assert np.isfinite(best[0])
    rr = np.sqrt((u - cu) ** 2 + (v - cv) ** 2 + 1e-3)
    return np.concatenate([poly, rr[..., None], rr[..., None] ** 3], -1) @ coefficients


def _grid_coordinates() -> tuple[np.ndarray, np.ndarray]:
    axis = (np.arange(GRID, dtype=np.float32) + 0.5) / GRID * 2 - 1
    return np.meshgrid(axis, axis)


def _background_model(small: np.ndarray) -> BackgroundModel:
    u, v = _grid_coordinates()
    ring = np.zeros((GRID, GRID), bool)
    ring[:4], ring[-4:], ring[:, :4], ring[:, -4:] = True, True, True, True
    # Border first, robustly: the subject may touch the border, so refit on the inliers a few times.
    # Only the ring's cells are looked at here: evaluated there alone (an eighth of the grid), the same numbers.
    basis, ring_small = _basis(2)[ring], small[ring]
    kept = np.ones(ring_small.shape[0], bool)  # the ring's inliers
    for _ in range(4):
        off = ring_small - basis @ _fit(basis, ring_small, kept)
        residual = np.sqrt(dot3(off, off))  # np.linalg.norm's sums, without its slow length-3 reduction
        scale = 1.4826 * float(np.median(residual[kept])) + 1e-3
        kept = residual <= max(3 * scale, 6.0)
        if kept.sum() < 12:
            kept = residual <= np.percentile(residual, 50)
    inliers = np.zeros_like(ring)
    inliers[ring] = kept
    border_fit = float(kept.sum() / kept.size)
    # Grow inwards: fit a cubic to every cell the model explains, inpaint what the polynomial misses (a cone-
    # shaped radial gradient, an uneven vignette) from the background cells' smooth residual, and let the cells
    # the refined model now explains join the next round. Each round reaches further in from the border.
    basis = _basis(_DEGREE)
    cells = inliers
    for _ in range(2):
        fitted = _fit_with_cone(basis, u, v, small, cells)
        grid = fitted + _inpaint(np.where(cells[..., None], small - fitted, 0), cells)
        off = small - grid
        residual = np.sqrt(dot3(off, off))
        scale = 1.4826 * float(np.median(residual[cells])) + 1e-3
        grown = residual <= max(3.5 * scale, 10.0)
        if grown.sum() < 12:
            break
        cells = grown
    return BackgroundModel(grid.astype(np.float32), cells, border_fit)


def _inpaint(remainder: np.ndarray, known: np.ndarray) -> np.ndarray:
    """``remainder`` smoothed over the ``known`` cells and extrapolated into the others.

    First-order normalised convolution: around every cell, a plane is fitted to the known cells (Gaussian
    weights), so a trend (a gradient rising towards an enclosed apex) continues into a hole instead of
    levelling off as an average would. A wider kernel serves cells far from any known one. The result is smooth
    by construction, so it is computed on a half-resolution grid and upsampled (4x less work).
    """
    half = GRID // 2
    weights = known.astype(np.float32).reshape(half, 2, half, 2).sum((1, 3))
    # ``remainder`` is 0 off the known cells; four strided adds instead of a reduction over two axes.
    summed = remainder[0::2, 0::2] + remainder[0::2, 1::2] + remainder[1::2, 0::2] + remainder[1::2, 1::2]
    coarse = _inpaint_grid(summed / np.maximum(weights, 1)[..., None], weights >= 2)
    return np.stack([_resize_plane(coarse[..., c], GRID) for c in range(3)], -1)


def _resize_plane(plane: np.ndarray, size: int) -> np.ndarray:
    image = Image.fromarray(np.ascontiguousarray(plane, dtype=np.float32), "F")
    return np.asarray(image.resize((size, size), Image.Resampling.BILINEAR))


@cache
def _smoothing(n: int, sigma: float) -> np.ndarray:
    """scipy's Gaussian filter along an axis of length ``n`` (mode "nearest", truncate 2) as an (n, n) matrix: row
    i holds the weight of every input in output i, the repeated border cells folded in."""
    matrix = ndimage.gaussian_filter1d(np.eye(n), sigma, axis=0, mode="nearest", truncate=2.0)
    matrix.setflags(write=False)
    return matrix


def _gaussian(planes: np.ndarray, sigma: float) -> np.ndarray:
    """``ndimage.gaussian_filter(planes, (sigma, sigma, 0), mode="nearest", truncate=2.0)`` as two matrix
    products, in double and rounded to float32 after each axis as scipy does (the same output on the cut-out
    sets), at about half the time of scipy's 33-tap loop for the wide kernel."""
    n = planes.shape[0]
    matrix = _smoothing(n, sigma)
    down = (matrix @ planes.reshape(n, -1).astype(np.float64)).astype(np.float32)
    across = down.reshape(planes.shape).transpose(1, 0, 2).reshape(n, -1).astype(np.float64)  # axis 1 first
    return (matrix @ across).astype(np.float32).reshape(planes.shape).transpose(1, 0, 2)


def _inpaint_grid(remainder: np.ndarray, known: np.ndarray) -> np.ndarray:
    n = known.shape[0]
    ys, xs = (np.mgrid[0:n, 0:n].astype(np.float32) - n / 2) / n  # centred: float32 stays exact enough
    result = np.zeros_like(remainder)
    filled = np.zeros(known.shape, bool)
    mask = known.astype(np.float32)
    values = remainder.astype(np.float32) * mask[..., None]
    # Every plane filtered in one call per sigma (axis 2 unfiltered): the same numbers as one call per plane, for
    # a fifteenth of the calls (profiled: the per-call overhead was most of the inpainting).
    planes = np.stack(
        [mask, mask * xs, mask * ys, mask * xs * xs, mask * xs * ys, mask * ys * ys]
        + [plane for c in range(3) for plane in (values[..., c], values[..., c] * xs, values[..., c] * ys)],
        -1,
    )
    for sigma in (2.0, 8.0):
        smooth = _gaussian(planes, sigma)
        w, wx, wy, wxx, wxy, wyy = (smooth[..., i] for i in range(6))
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
            wf, wxf, wyf = (smooth[..., 6 + 3 * channel + i] for i in range(3))
            result[..., channel][usable] = r0 * wf[usable] + r1 * (wxf - xs * wf)[usable] + r2 * (wyf - ys * wf)[usable]
        filled |= usable
    return result

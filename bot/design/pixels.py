"""The retro treatment's pixel mark: the vector mark rasterised on a coarse grid and drawn back as squares."""

from __future__ import annotations

import functools
import io

import numpy as np
from PIL import Image

from bot.design.raster import svg_png

GRID = 24


@functools.lru_cache(maxsize=128)
def _cells(d: str) -> tuple[tuple[int, int], ...]:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">'
           f'<path d="{d}"/></svg>')  # fmt: skip
    alpha = np.asarray(Image.open(io.BytesIO(svg_png(svg, GRID))).getchannel("A"))
    ys, xs = np.nonzero(alpha >= 110)
    return tuple(zip(xs.tolist(), ys.tolist(), strict=True))


def pixel_mark(d: str, fill: str, edge: str) -> str:
    """Squares in the mark's 512 box: the mark's pixels in ``fill``, their outer border in ``edge``."""
    cells = set(_cells(d))
    size = 512 / GRID
    inner, border = [], []
    for x, y in sorted(cells):
        on_edge = any((x + dx, y + dy) not in cells for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)))
        (border if on_edge else inner).append(f"M{x * size:.2f} {y * size:.2f}h{size:.2f}v{size:.2f}h{-size:.2f}z")
    return f'<path d="{"".join(inner)}" fill="{fill}"/><path d="{"".join(border)}" fill="{edge}"/>'

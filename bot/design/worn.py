"""What the subject wears ("my cat Luna wearing a tiny crown", "a bunny with headphones"): the accessory is drawn on
the subject's mark, where it is worn (a crown on top of the head, headphones over it), not in a roundel beside it.

Where the head is comes from the mark's own pixels: the top rows of its ink (a mark is a silhouette whose top is
the head, or the ears on it, for the animals and characters of the table)."""

from __future__ import annotations

import functools
import io
import re
from typing import Literal

import numpy as np
from PIL import Image

from bot.design.assets import marks
from bot.design.raster import svg_png

Place = Literal["top", "head"]
# Where each accessory the engine can put on a subject is worn (the coach's reading names the accessory mark;
# one not listed here, a sword held, say, keeps its roundel beside the subject).
WORN: dict[str, Place] = {
    "crown": "top", "queen-crown": "top", "headphones": "head", "pointy-hat": "top", "western-hat": "top",
    "pirate-hat": "top", "top-hat": "top", "party-hat": "top", "santa-hat": "top", "jester-hat": "top",
    "graduate-cap": "top", "billed-cap": "top", "chef-toque": "top",
}  # fmt: skip
_GRID = 128
_D = re.compile(r'\sd="([^"]+)"')


@functools.lru_cache(maxsize=64)
def head_of(mark_id: str) -> tuple[float, float, float, float]:
    """(centre x, top, width, height of the ink) of a mark's head, in its 512 box. The head is found from the top:
    ears (or horns, a crest) are thin, the head is the first row with half the ink of the fullest row near it.
    Only ink near the top's centre counts, so a lying cat's body beside its head is not taken for it."""
    d = " ".join(_D.findall(marks()[mark_id]))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">'
           f'<path d="{d}"/></svg>')  # fmt: skip
    alpha = np.asarray(Image.open(io.BytesIO(svg_png(svg, _GRID))).getchannel("A")) > 96
    rows = np.flatnonzero(alpha.any(axis=1))
    if rows.size == 0:
        return 256.0, 0.0, 256.0, 512.0
    top, bottom = int(rows[0]), int(rows[-1])
    height = bottom - top + 1
    centre = float(np.flatnonzero(alpha[top : top + max(height // 10, 1)].any(axis=0)).mean())
    reach = max(height * 0.4, 8)
    extents, filled = [], []
    for row in alpha[top : top + int(height * 0.6) + 1]:
        cols = np.flatnonzero(row)
        cols = cols[np.abs(cols - centre) <= reach]
        extents.append((int(cols[0]), int(cols[-1])) if cols.size else (int(centre), int(centre)))
        filled.append(cols.size)  # ink, not extent: two ears far apart are still narrow
    counts = np.array(filled)
    first = int(np.flatnonzero(counts >= 0.5 * counts.max())[0])
    left, right = extents[min(first + int(height * 0.12), len(extents) - 1)]
    k = 512 / _GRID
    return (left + right + 1) / 2 * k, (top + first) * k, (right - left + 1) * k, height * k


def worn_box(subject: str, accessory: str, cx: float, cy: float, size: float) -> tuple[float, float, float]:
    """Where the accessory goes on the subject drawn at (cx, cy), ``size`` px: its centre and its size."""
    scale = size / 512
    head_x, top, head_w, ink_h = head_of(subject)
    x = cx - size / 2 + head_x * scale
    if WORN[accessory] == "top":  # a crown sits on the head, its lower part over the top of it
        width = min(max(head_w * 0.85, 170), 320) * scale
        return x, cy - size / 2 + top * scale - width * 0.12, width
    width = min(max(head_w * 1.15, 200), 460) * scale  # headphones span the head, the band over its top
    return x, cy - size / 2 + (top + ink_h * 0.16) * scale, width

"""Mask and pixel helpers for the cut-out (``bot.imaging.cutout``): slices are far cheaper than scipy's generic
morphology at 1024 px."""

from __future__ import annotations

import numpy as np


def dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    out = mask.copy()
    for _ in range(radius):
        grown = out.copy()
        grown[1:] |= out[:-1]
        grown[:-1] |= out[1:]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        out = grown
    return out


def outline(mask: np.ndarray) -> np.ndarray:
    """Pixels with a 4-neighbour on the other side of the mask's edge."""
    edge = np.zeros_like(mask)
    vertical = mask[1:] != mask[:-1]
    horizontal = mask[:, 1:] != mask[:, :-1]
    edge[1:] |= vertical
    edge[:-1] |= vertical
    edge[:, 1:] |= horizontal
    edge[:, :-1] |= horizontal
    return edge


def neighbours(mask: np.ndarray) -> np.ndarray:
    count = np.zeros(mask.shape, np.uint8)
    padded = np.pad(mask, 1)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if dy != 1 or dx != 1:
                count += padded[dy : dy + mask.shape[0], dx : dx + mask.shape[1]]
    return count


def dot3(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per-pixel dot product of RGB arrays, added channel by channel: the same float32 sums as ``(a * b).sum(-1)``
    in the same order, several times faster than numpy's reduction over a length-3 axis (profiled: most of a
    1024 px cut-out with a drop shadow)."""
    return a[..., 0] * b[..., 0] + a[..., 1] * b[..., 1] + a[..., 2] * b[..., 2]

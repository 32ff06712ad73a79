"""Badge outlines in the 1024 canvas: circle, shield, hexagon, rounded square, diamond and the wide wordmark plate.
Each is one SVG path, so a treatment can fill, outline, clip or glow it alike."""

from __future__ import annotations

import math

from bot.design.spec import Shape

C = 512.0


def _polygon(points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z"


def badge_path(shape: Shape, inset: float = 0.0) -> str:
    r = 440.0 - inset
    if shape == "circle":
        return f"M{C - r:.1f} {C:.1f} a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0 a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0 Z"
    if shape == "hexagon":
        return _polygon([(C + r * math.cos(math.pi / 3 * i + math.pi / 6) * 1.02,
                          C + r * math.sin(math.pi / 3 * i + math.pi / 6) * 1.02) for i in range(6)])  # fmt: skip
    if shape == "diamond":
        return _polygon([(C, C - r * 1.05), (C + r * 1.05, C), (C, C + r * 1.05), (C - r * 1.05, C)])
    if shape == "shield":
        top, left, right = C - r * 0.98, C - r * 0.9, C + r * 0.9
        return (
            f"M{left:.1f} {top:.1f} L{right:.1f} {top:.1f} L{right:.1f} {C + r * 0.05:.1f} "
            f"Q{right:.1f} {C + r * 0.62:.1f} {C:.1f} {C + r * 1.02:.1f} "
            f"Q{left:.1f} {C + r * 0.62:.1f} {left:.1f} {C + r * 0.05:.1f} Z"
        )
    if shape == "wordmark":
        left, right, top, bottom, corner = 72 + inset, 952 - inset, 292 + inset, 732 - inset, 90 - inset * 0.5
        return _rounded(left, top, right, bottom, max(corner, 8))
    return _rounded(C - r, C - r, C + r, C + r, 150 - inset * 0.5)  # rounded square


def _rounded(left: float, top: float, right: float, bottom: float, corner: float) -> str:
    k = corner
    return (
        f"M{left + k:.1f} {top:.1f} H{right - k:.1f} Q{right:.1f} {top:.1f} {right:.1f} {top + k:.1f} "
        f"V{bottom - k:.1f} Q{right:.1f} {bottom:.1f} {right - k:.1f} {bottom:.1f} H{left + k:.1f} "
        f"Q{left:.1f} {bottom:.1f} {left:.1f} {bottom - k:.1f} V{top + k:.1f} Q{left:.1f} {top:.1f} {left + k:.1f} "
        f"{top:.1f} Z"
    )


def plate_path(left: float, top: float, right: float, bottom: float, angled: bool) -> str:
    """The name plate under (or over) the mark: a rounded bar, or a parallelogram for the gaming treatment."""
    if angled:
        slant = (bottom - top) * 0.35
        return _polygon([(left + slant, top), (right + slant * 0.2, top), (right - slant, bottom),
                         (left - slant * 0.2, bottom)])  # fmt: skip
    return _rounded(left, top, right, bottom, (bottom - top) * 0.28)

"""Badge outlines in the 1024 canvas: circle, shield, hexagon, rounded square, diamond and the wide wordmark plate.
Each is one SVG path, so a treatment can fill, outline, clip or glow it alike."""

from __future__ import annotations

import math

from bot.design.spec import Shape

C = 512.0


def _polygon(points: list[tuple[float, float]], corner: float = 0.0) -> str:
    """A closed polygon; with ``corner`` > 0 each vertex is rounded by a curve starting that far along its edges."""
    if corner <= 0:
        return "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in points) + " Z"
    parts = []
    for i, (x, y) in enumerate(points):
        (px, py), (nx, ny) = points[i - 1], points[(i + 1) % len(points)]
        into, out = math.hypot(x - px, y - py), math.hypot(nx - x, ny - y)
        k = min(corner, into / 2, out / 2)
        ax, ay = x + (px - x) * k / into, y + (py - y) * k / into
        bx, by = x + (nx - x) * k / out, y + (ny - y) * k / out
        parts.append(f"{'M' if i == 0 else 'L'}{ax:.1f} {ay:.1f} Q{x:.1f} {y:.1f} {bx:.1f} {by:.1f}")
    return " ".join(parts) + " Z"


def badge_path(shape: Shape, inset: float = 0.0, roundness: float = 0.0) -> str:
    """``roundness`` (the mood: -1 sharp .. +1 round) rounds the corners of the angular shapes, or sharpens the
    rounded square's."""
    r = 440.0 - inset
    corner = max(roundness, 0.0) * 70
    if shape == "circle":
        return f"M{C - r:.1f} {C:.1f} a{r:.1f} {r:.1f} 0 1 0 {2 * r:.1f} 0 a{r:.1f} {r:.1f} 0 1 0 {-2 * r:.1f} 0 Z"
    if shape == "hexagon":
        angles = [math.pi / 3 * i + math.pi / 6 for i in range(6)]
        return _polygon([(C + r * math.cos(a) * 1.02, C + r * math.sin(a) * 1.02) for a in angles], corner)
    if shape == "diamond":
        return _polygon([(C, C - r * 1.05), (C + r * 1.05, C), (C, C + r * 1.05), (C - r * 1.05, C)], corner)
    if shape == "shield":
        top, left, right, k = C - r * 0.98, C - r * 0.9, C + r * 0.9, corner * 1.4
        return (
            f"M{left + k:.1f} {top:.1f} L{right - k:.1f} {top:.1f} Q{right:.1f} {top:.1f} {right:.1f} {top + k:.1f} "
            f"L{right:.1f} {C + r * 0.05:.1f} "
            f"Q{right:.1f} {C + r * 0.62:.1f} {C:.1f} {C + r * 1.02:.1f} "
            f"Q{left:.1f} {C + r * 0.62:.1f} {left:.1f} {C + r * 0.05:.1f} "
            f"L{left:.1f} {top + k:.1f} Q{left:.1f} {top:.1f} {left + k:.1f} {top:.1f} Z"
        )
    if shape == "wordmark":
        left, right, top, bottom = 72 + inset, 952 - inset, 292 + inset, 732 - inset
        return _rounded(left, top, right, bottom, max((90 + 60 * roundness) - inset * 0.5, 8))
    return _rounded(C - r, C - r, C + r, C + r, max(150 + 110 * roundness - inset * 0.5, 12))  # rounded square


def _rounded(left: float, top: float, right: float, bottom: float, corner: float) -> str:
    k = corner
    return (
        f"M{left + k:.1f} {top:.1f} H{right - k:.1f} Q{right:.1f} {top:.1f} {right:.1f} {top + k:.1f} "
        f"V{bottom - k:.1f} Q{right:.1f} {bottom:.1f} {right - k:.1f} {bottom:.1f} H{left + k:.1f} "
        f"Q{left:.1f} {bottom:.1f} {left:.1f} {bottom - k:.1f} V{top + k:.1f} Q{left:.1f} {top:.1f} {left + k:.1f} "
        f"{top:.1f} Z"
    )


def plate_path(left: float, top: float, right: float, bottom: float, angled: bool, roundness: float = 0.0) -> str:
    """The name plate under (or over) the mark: a rounded bar (a pill for a round mood), or a parallelogram for the
    gaming treatment and a sharp mood."""
    if roundness > 0:
        return _rounded(left, top, right, bottom, (bottom - top) * 0.5)
    if angled or roundness < 0:
        slant = (bottom - top) * 0.35
        return _polygon([(left + slant, top), (right + slant * 0.2, top), (right - slant, bottom),
                         (left - slant * 0.2, bottom)])  # fmt: skip
    return _rounded(left, top, right, bottom, (bottom - top) * 0.28)

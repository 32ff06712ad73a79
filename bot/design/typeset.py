"""Words set as outlines: each glyph drawn from the bundled font as an SVG path, so the exported SVG needs no font
installed and always spells the name exactly as given. Fitting scales a line (or a name broken over two lines)
into a box."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen

from bot.design.assets import font

# Extra space between letters, in em, per face: display faces set tight run their letters together at small sizes
# (Tesseract read 2/16 names in Bangers with no tracking at 10 px, 9/16 with 0.08 em; the rest gain less).
# Russo One (gaming, set in capitals): with 0.02 em its F ran into the O after it and Tesseract read "NOVAFOX" as
# "NOVAROX" on scenes and banners; 0.06 em reads on every scene, banner and webcam frame of seven names but one.
TRACKING = {"Bangers-Regular.ttf": 0.08, "VT323-Regular.ttf": 0.06, "RussoOne-Regular.ttf": 0.06}
DEFAULT_TRACKING = 0.02
# Where a name may break over two lines: after an underscore, a space or a hyphen, and between a lower-case letter
# and a capital ("Night|Owl") or between letters and digits ("Bolt|2077").
_BREAK = re.compile(r"(?<=[_\s-])(?=\S)|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")


@dataclass(frozen=True)
class SetLine:
    path: str  # SVG path data, in font units with y down, baseline at 0
    width: float  # advance width, font units
    top: float  # ink bounds, font units (y down: top is negative)
    bottom: float
    units: int  # units per em


@functools.lru_cache(maxsize=256)
def set_line(text: str, font_name: str, tracking: float | None = None) -> SetLine:
    """``text`` in ``font_name``; ``tracking`` is extra space between letters, in em (the face's own by default)."""
    face = font(font_name)
    tracking = TRACKING.get(font_name, DEFAULT_TRACKING) if tracking is None else tracking
    cmap = face.getBestCmap()
    glyphs = face.getGlyphSet()
    units = face["head"].unitsPerEm
    pen = SVGPathPen(glyphs)
    bounds = BoundsPen(glyphs)
    x = 0.0
    for char in text:
        name = cmap.get(ord(char)) or cmap.get(ord("?")) or ".notdef"
        # Flip y (fonts are y-up) and move to the pen position.
        transform = (1, 0, 0, -1, x, 0)
        glyphs[name].draw(TransformPen(pen, transform))
        glyphs[name].draw(TransformPen(bounds, transform))
        x += glyphs[name].width + tracking * units
    x -= tracking * units if text else 0
    top, bottom = (bounds.bounds[1], bounds.bounds[3]) if bounds.bounds else (-units * 0.7, 0.0)
    return SetLine(pen.getCommands(), x, top, bottom, units)


def fitted(line: SetLine, box_width: float, box_height: float, cx: float, cy: float) -> tuple[str, float]:
    """A transform that centres the line's ink in the box at (cx, cy), as large as fits; and the scale used."""
    ink_height = max(line.bottom - line.top, 1.0)
    scale = min(box_width / max(line.width, 1.0), box_height / ink_height)
    x = cx - line.width * scale / 2
    y = cy - (line.top + line.bottom) * scale / 2
    return f"translate({x:.2f} {y:.2f}) scale({scale:.5f})", scale


def two_lines(text: str) -> tuple[str, str] | None:
    """The name broken where a reader would break it, as evenly as it allows (None when it has no such place)."""
    cuts = [m.start() for m in _BREAK.finditer(text) if 0 < m.start() < len(text)]
    if not cuts:
        return None
    cut = min(cuts, key=lambda c: abs(len(text) - 2 * c))
    return text[:cut].rstrip(), text[cut:].lstrip()


def fitted_lines(
    lines: list[SetLine], box_width: float, box_height: float, cx: float, cy: float
) -> tuple[list[str], float]:
    """Transforms that set the lines one under the other, centred in the box, at one scale (as large as fits, with
    a fifth of a line's ink height between them); and that scale."""
    top = min(line.top for line in lines)
    bottom = max(line.bottom for line in lines)
    ink = max(bottom - top, 1.0)
    gap = ink * 0.2
    scale = min(box_width / max(max(line.width for line in lines), 1.0),
                box_height / (ink * len(lines) + gap * (len(lines) - 1)))  # fmt: skip
    first_top = cy - (ink * len(lines) + gap * (len(lines) - 1)) * scale / 2
    transforms = []
    for index, line in enumerate(lines):
        y = first_top + (index * (ink + gap) - top) * scale
        transforms.append(f"translate({cx - line.width * scale / 2:.2f} {y:.2f}) scale({scale:.5f})")
    return transforms, scale

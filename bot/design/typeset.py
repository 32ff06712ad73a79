"""Words set as outlines: each glyph drawn from the bundled font as an SVG path, so the exported SVG needs no font
installed and always spells the name exactly as given. Fitting scales a line into a box."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen

from bot.design.assets import font


@dataclass(frozen=True)
class SetLine:
    path: str  # SVG path data, in font units with y down, baseline at 0
    width: float  # advance width, font units
    top: float  # ink bounds, font units (y down: top is negative)
    bottom: float
    units: int  # units per em


@functools.lru_cache(maxsize=256)
def set_line(text: str, font_name: str, tracking: float = 0.0) -> SetLine:
    """``text`` in ``font_name``; ``tracking`` is extra space between letters, in em."""
    face = font(font_name)
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

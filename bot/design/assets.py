"""The vendored marks and fonts (scripts/vendor-assets), loaded once: read-only data, safe to share across threads."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from fontTools.ttLib import TTFont

ASSETS = Path(__file__).parent / "assets"
FONTS = ASSETS / "fonts"


@functools.cache
def marks() -> dict[str, str]:
    """Mark id -> its SVG body (paths in a 512 × 512 box, filled with currentColor)."""
    return json.loads((ASSETS / "marks.json").read_text())["icons"]


@functools.cache
def font(name: str) -> TTFont:
    return TTFont(FONTS / name, lazy=False)

"""The channel name on its plate: the face each treatment sets it in, sized to the plate, broken over two lines
when one line would set it small, in the words colour that reads on the plate (WCAG contrast of at least 4.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.design.badges import plate_path
from bot.design.colors import mix
from bot.design.spec import DesignSpec
from bot.design.typeset import fitted, fitted_lines, set_line, two_lines

if TYPE_CHECKING:
    from bot.design.compose import Roles

# Each face keeps its treatment's character and reads at 256 px: Russo One (gaming) replaced Bungee, whose V, 9
# and 0 Tesseract read as U, S and O.
FONTS = {
    "gaming": "RussoOne-Regular.ttf", "retro": "VT323-Regular.ttf", "anime": "Bangers-Regular.ttf",
    "minimal": "Montserrat-Bold.ttf", "vibrant": "Poppins-ExtraBold.ttf", "professional": "PlayfairDisplay-Bold.ttf",
}  # fmt: skip
OUTLINE = "#14111c"  # the anime and gaming line colour
# Two lines only when they set the name this much larger than one line does.
TWO_LINES_GAIN = 1.25


def name_plate(spec: DesignSpec, roles: Roles, box: tuple[float, float, float, float], angled: bool) -> str:
    """The name (or a monogram) on its plate, fitted to the box (x, y, width, height)."""
    x, y, width, height = box
    text = spec.text or ""
    if not text:
        return ""
    face = FONTS[spec.treatment]
    text = text.upper() if spec.treatment == "gaming" else text
    plate = plate_path(x, y, x + width, y + height, angled, spec.roundness)
    # A slanted or pill-shaped plate's ends hold no letters: the words keep inside its straight middle.
    ends = 0.84 if angled or spec.roundness else 0.9
    inner_w, inner_h = width * ends * min(spec.text_scale, 1.1), height * 0.62 * spec.text_scale
    cx, cy = x + width / 2, y + height / 2
    line = set_line(text, face)
    transform, scale = fitted(line, inner_w, inner_h, cx, cy)
    placed = [(line, transform)]
    split = two_lines(text)
    if split is not None:
        lines = [set_line(part, face) for part in split]
        transforms, two_scale = fitted_lines(lines, inner_w, min(height * 0.8 * spec.text_scale, height * 0.92), cx, cy)
        if two_scale >= scale * TWO_LINES_GAIN:
            placed, scale = list(zip(lines, transforms, strict=True)), two_scale
    stroke = ""
    if spec.text_weight > 1.0:
        stroke = (f' stroke="{roles.words}" stroke-width="{(spec.text_weight - 1) * 18 / scale:.1f}" '
                  'stroke-linejoin="round"')  # fmt: skip
    edge = f' stroke="{roles.accent}" stroke-width="8"' if spec.treatment in ("gaming", "retro") else ""
    if spec.treatment == "anime":
        edge = f' stroke="{outline(spec)}" stroke-width="14" stroke-linejoin="round"'
    words = "".join(f'<path d="{set_.path}" transform="{t}" fill="{roles.words}"{stroke}/>' for set_, t in placed)
    return f'<path d="{plate}" fill="{roles.plate}"{edge}/>{words}'


def outline(spec: DesignSpec) -> str:
    """The line colour: near-black, warmed towards the lead colour for a pastel mood (soft, still legible)."""
    return mix(OUTLINE, spec.palette[0], 0.3) if spec.pastel else OUTLINE

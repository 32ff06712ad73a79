"""Parsing user-supplied colours: ``#RRGGBB``, ``#RGB``, a colour name, ``rgb(...)`` or ``hsl(...)``.

Our own shades for the common names a streamer types (they read better on a logo than the CSS ones), then every
CSS colour name and functional notation Pillow's ImageColor knows (148 names, rgb(), hsl(), hsv())."""

from __future__ import annotations

import io
import re

from PIL import Image, ImageColor

from bot.imaging.color_words import ALL_COLORS, NAMED_COLORS, find_color_phrases

__all__ = ["NAMED_COLORS", "ColorError", "dominant_colors", "find_colors_in_text", "hex_to_rgb", "parse_color",
           "parse_colors"]


_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
MAX_COLORS = 5


class ColorError(ValueError):
    """Shown to the user as is: it says which colour was not understood."""


def parse_color(text: str) -> str:
    """One colour as lowercase ``#rrggbb``."""
    value = text.strip().lower()
    if value in ALL_COLORS:
        return ALL_COLORS[value]
    words = " ".join(value.replace("-", " ").split())
    if (said := find_color_phrases(value)) and said[0].words == words:
        return said[0].hex  # "pastel pink"
    if len(said) == 1 and words.endswith(" " + said[0].words) and words.replace(" ", "").isalpha():
        return said[0].hex  # "ocean blue", "forest green": a colour word qualified by a word we don't shade by
    match = _HEX.match(value)
    if not match:
        try:
            red, green, blue = ImageColor.getrgb(value)[:3]
        except ValueError:
            raise ColorError(
                f"`{text.strip()}` is not a colour: use #RRGGBB (e.g. #9146FF), a name such as purple or "
                "rebeccapurple, or rgb(145, 70, 255)"
            ) from None
        return f"#{red:02x}{green:02x}{blue:02x}"
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return f"#{digits}"


def parse_colors(text: str | None) -> list[str]:
    """A list of colours separated by commas, "and", "&", "/" or spaces, at most MAX_COLORS, without duplicates."""
    if not text or not text.strip():
        return []
    # Commas inside rgb(...)/hsl(...) belong to the colour, not the list; "pink and mint" is how people list two.
    list_words = r"\s+(?:and|&|\+|or)\s+|\s*/\s*"
    parts = [p for p in re.split(rf"[,;]\s*(?![^()]*\))|\s+(?=#)|{list_words}", text.strip(), flags=re.I)
             if p and p.strip() and p.strip().lower() not in {"and", "&"}]
    if len(parts) == 1 and " " in parts[0] and parts[0].strip().lower() not in ALL_COLORS:
        said = find_color_phrases(parts[0])  # "pastel pink mint": two colours, one with its modifier
        covered = sum(len(p.words.split()) for p in said) == len(parts[0].split())
        parts = [p.words for p in said] if covered else parts[0].split()
    colors: list[str] = []
    for part in parts:
        color = parse_color(part)
        if color not in colors:
            colors.append(color)
    if len(colors) > MAX_COLORS:
        raise ColorError(f"at most {MAX_COLORS} colours, please (got {len(colors)})")
    return colors


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    value = parse_color(color)[1:]
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def find_colors_in_text(text: str) -> list[str]:
    """Colours mentioned in free text: hex codes and colour names with their modifiers, in order of appearance."""
    result: list[str] = []
    for phrase in find_color_phrases(text):
        if phrase.hex not in result:
            result.append(phrase.hex)
    return result[:MAX_COLORS]


def dominant_colors(data: bytes, count: int = 3) -> list[str]:
    """The reference's main colours as hex (the offline renderer's palette, the offline coach's description)."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.thumbnail((64, 64))
    quantized = image.quantize(colors=count + 2, method=Image.Quantize.MEDIANCUT)
    palette = quantized.getpalette() or []
    ranked = sorted(quantized.getcolors() or [], reverse=True)
    hexes = []
    for _, index in ranked:
        r, g, b = palette[index * 3 : index * 3 + 3]
        hexes.append(f"#{r:02x}{g:02x}{b:02x}")
    return hexes[:count]

"""Colours as a streamer names them: a colour word with its modifier ("pastel pink", "dark teal", "navy", "sand"),
kept as said and turned into a shade that follows the modifier.

Words that are also things ("rose", "cherry", "sage", "sand") count as colours only beside another colour or a
modifier ("teal and sand", "dusty rose"), so "a compass rose" stays a compass rose.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

# Our shades for the common names (they read better on a logo than the CSS ones).
NAMED_COLORS: dict[str, str] = {
    "black": "#000000", "white": "#ffffff", "red": "#e53935", "green": "#43a047", "blue": "#1e88e5",
    "yellow": "#fdd835", "orange": "#fb8c00", "purple": "#8e24aa", "violet": "#7c4dff", "pink": "#ec407a",
    "magenta": "#d81b60", "cyan": "#00bcd4", "teal": "#00897b", "lime": "#c0ca33", "gold": "#ffc107",
    "silver": "#b0bec5", "grey": "#757575", "gray": "#757575", "brown": "#6d4c41", "navy": "#1a237e",
    "maroon": "#880e4f", "turquoise": "#1de9b6", "indigo": "#3949ab", "beige": "#d7ccc8", "crimson": "#c62828",
    "mint": "#69f0ae", "coral": "#ff7043", "lavender": "#b39ddb", "neon green": "#39ff14", "neon pink": "#ff10f0",
}  # fmt: skip
# More names streamers use; the ones in AMBIGUOUS are also things.
MORE_COLORS: dict[str, str] = {
    "golden": "#ffc107", "sand": "#d8c08c", "cream": "#fff3d6", "peach": "#ffb38a", "rust": "#b7410e",
    "burgundy": "#800020", "emerald": "#2ecc71", "charcoal": "#36454f", "olive": "#808000", "mustard": "#e1ad01",
    "ivory": "#fffff0", "lilac": "#c8a2c8", "blush": "#f4c2c2", "bronze": "#cd7f32", "copper": "#b87333",
    "ruby": "#e0115f", "sapphire": "#0f52ba", "jade": "#00a86b", "amber": "#ffbf00", "sage": "#9caf88",
    "wine": "#722f37", "plum": "#8e4585", "cherry": "#d2042d", "lemon": "#fff44f", "aqua": "#00e5ee",
    "seafoam": "#93e9be", "periwinkle": "#ccccff", "mauve": "#e0b0ff", "taupe": "#8b7d6b", "khaki": "#c3b091",
    "tan": "#d2b48c", "chocolate": "#7b3f00", "cobalt": "#0047ab", "scarlet": "#ff2400", "slate": "#708090",
    "rose": "#e8738f", "rose gold": "#b76e79", "sky blue": "#87ceeb", "baby blue": "#89cff0",
    "royal blue": "#4169e1", "midnight blue": "#191970", "hot pink": "#ff69b4", "forest green": "#228b22",
    "blood red": "#8a0303", "electric blue": "#2f6bff", "off white": "#f5f3ee", "off-white": "#f5f3ee",
    "fuchsia": "#e91e8c", "honey": "#eba937", "salmon": "#fa8072", "ice blue": "#a5f2f3", "sea green": "#2e8b57",
    "neon blue": "#1f51ff", "neon purple": "#bc13fe", "neon orange": "#ff5f1f", "neon yellow": "#dfff11",
    "terracotta": "#e2725b", "turquoise blue": "#00c5cd", "navy blue": "#1a237e", "teal blue": "#367588",
    "gunmetal": "#2a3439", "pearl": "#eae0c8", "denim": "#1560bd", "tangerine": "#f28500", "mahogany": "#c04000",
    "bone": "#e3dac9", "onyx": "#353839", "obsidian": "#1b1b1f", "vermilion": "#e34234", "ochre": "#cc7722",
}  # fmt: skip
# A colour said as "<thing or colour> <hue>" ("slate grey", "sage green", "ocean blue") is one colour: the hue
# tinted towards the first word.
HUES = ("red", "green", "blue", "grey", "gray", "pink", "purple", "yellow", "orange", "brown", "white", "black", "teal")
QUALIFIERS: dict[str, str] = {
    "steel": "#71797e", "stone": "#8a8d8f", "ocean": "#1f6f9f", "moss": "#8a9a5b", "hunter": "#355e3b",
    "fire": "#e25822", "ice": "#cfeffc", "sea": "#2e8b8b", "sky": "#87ceeb", "forest": "#228b22", "blood": "#8a0303",
    "midnight": "#191970", "smoke": "#738276", "bubblegum": "#ff7eb9", "army": "#4b5320", "bottle": "#006a4e",
    "powder": "#b0e0e6", "dusk": "#4e5481", "candy": "#ff63a5", "cotton candy": "#ffbcd9", "storm": "#4f666a",
    "cool": "#8ea9c1", "warm": "#d9a066", "sunset": "#fa5b3d", "desert": "#c19a6b", "brick": "#b22222",
    "space": "#717378", "ash": "#b2beb5", "grass": "#5cac2d", "leaf": "#6aa84f", "pine": "#01796f", "jungle": "#29ab87",
    "sunflower": "#ffc512", "arctic": "#d6f1ff",
}  # fmt: skip
AMBIGUOUS = {"rose", "cherry", "sage", "sand", "honey", "chocolate", "lemon", "wine", "plum", "jade", "ruby",
             "amber", "peach", "salmon", "olive", "slate", "cream", "rust", "golden", "tan"}  # fmt: skip
ALL_COLORS = {**MORE_COLORS, **NAMED_COLORS}
# modifier -> (lightness change towards white (+) or black (-), saturation factor)
MODIFIERS: dict[str, tuple[float, float]] = {
    "pastel": (0.45, 0.8), "light": (0.3, 1.0), "pale": (0.4, 0.8), "soft": (0.3, 0.85), "baby": (0.35, 0.9),
    "dark": (-0.35, 1.0), "deep": (-0.3, 1.1), "bright": (0.1, 1.3), "vivid": (0.0, 1.4), "neon": (0.05, 1.5),
    "electric": (0.05, 1.5), "muted": (0.0, 0.5), "dusty": (0.1, 0.5), "warm": (0.05, 1.1),
    "cool": (0.0, 0.9), "rich": (-0.15, 1.2), "royal": (-0.1, 1.1), "icy": (0.4, 0.7), "burnt": (-0.25, 1.0),
    "metallic": (0.0, 0.8), "matte": (0.0, 0.7),
}  # fmt: skip
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_NAMES = sorted(ALL_COLORS, key=len, reverse=True)
_QUALIFIED = sorted({*QUALIFIERS, *ALL_COLORS} - set(MODIFIERS), key=len, reverse=True)
_PHRASE = re.compile(
    rf"\b(?:(?P<mod>{'|'.join(MODIFIERS)})[\s-]+)?"
    rf"(?:(?P<qual>{'|'.join(re.escape(n) for n in _QUALIFIED)})[\s-]+(?=(?:{'|'.join(HUES)})\b))?"
    rf"(?P<name>{'|'.join(re.escape(n) for n in _NAMES)})\b"
    r"(?:-?(?:ish|coloured|colored))?",
    re.I,
)


@dataclass(frozen=True)
class ColorPhrase:
    """A colour as said ("pastel pink") and the shade drawn for it; ``start``: where it was said."""

    words: str
    hex: str
    start: int


def _shaded(color: str, modifier: str | None) -> str:
    if not modifier:
        return color
    towards, saturation = MODIFIERS[modifier.lower()]
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    lightness = lightness + (1 - lightness) * towards if towards > 0 else lightness * (1 + towards)
    r, g, b = colorsys.hls_to_rgb(h, min(max(lightness, 0.0), 1.0), min(s * saturation, 1.0))
    return "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))


def _mix(a: str, b: str) -> str:
    return "#" + "".join(f"{(int(a[i : i + 2], 16) + int(b[i : i + 2], 16)) // 2:02x}" for i in (1, 3, 5))


def _expand_hex(text: str) -> str:
    digits = text.lstrip("#").lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def find_color_phrases(text: str) -> list[ColorPhrase]:
    """Every colour named in ``text``, in order, with its modifier; a thing-word ("rose") only beside another
    colour or a modifier. Duplicates (the same words) are kept once."""
    found: list[ColorPhrase] = [ColorPhrase(m.group(0).lower(), _expand_hex(m.group(0)), m.start())
                                for m in _HEX.finditer(text)]  # fmt: skip
    candidates = []
    for match in _PHRASE.finditer(text):
        name, modifier, qualifier = match.group("name").lower(), match.group("mod"), match.group("qual")
        words = " ".join(match.group(0).lower().replace("-", " ").split()) if modifier or qualifier else name
        candidates.append((match, name, modifier or qualifier, words))
    for match, name, modifier, words in candidates:
        if name in AMBIGUOUS and not modifier and not _beside_a_colour(text, match, candidates):
            continue
        if name in AMBIGUOUS and re.search(r"\b(?:a|an|the|some|my|of)\s+$", text[: match.start()], re.I):
            continue  # "holding a hot chocolate", "a compass rose": a thing
        qualifier = match.group("qual")
        base = ALL_COLORS[name]
        if qualifier:  # "slate grey": the hue, tinted towards the slate
            base = _mix(base, QUALIFIERS.get(qualifier.lower()) or ALL_COLORS[qualifier.lower()])
        found.append(ColorPhrase(words, _shaded(base, match.group("mod")), match.start()))
    found.sort(key=lambda p: p.start)
    unique: list[ColorPhrase] = []
    for phrase in found:
        if phrase.words not in {p.words for p in unique}:
            unique.append(phrase)
    return unique


_LIST_JOIN = re.compile(r"^\s*(?:,|and|&|/|\+|or|with)?\s*(?:,|and|&|/|\+|or|with)?\s*$", re.I)


def _beside_a_colour(text: str, match: re.Match[str], candidates: list) -> bool:
    """A thing-word is a colour when it sits in a list with another colour ("teal and sand", "gold, purple")."""
    for other, *_ in candidates:
        if other is match:
            continue
        if other.end() <= match.start():
            between = text[other.end() : match.start()]
        else:
            between = text[match.end() : other.start()]
        if _LIST_JOIN.match(between):
            return True
    return False

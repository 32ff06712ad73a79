"""The brief card: what the coach has understood so far, one line per element, shown as one embed in the thread
and edited after every turn (the seed's preview panel)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.imaging import hex_to_rgb
from bot.model import PRESETS, REQUIREMENTS, STYLE_LABELS, TYPES, Brief, BriefCheck, CreationType, StyleName

# Discord has no colour chips in text: the nearest coloured square stands in for each brand colour.
_SQUARES = {
    "🟥": (221, 46, 68), "🟧": (244, 144, 12), "🟨": (253, 203, 88), "🟩": (120, 177, 89), "🟦": (85, 172, 238),
    "🟪": (170, 142, 214), "🟫": (193, 105, 79), "⬛": (20, 20, 20), "⬜": (230, 231, 232),
}  # fmt: skip


@dataclass(frozen=True)
class BriefCard:
    title: str
    colour: int  # the embed's side colour: the first brand colour
    lines: list[tuple[str, str]]  # (field name, value)
    ready: bool


def swatch(hex_colour: str) -> str:
    r, g, b = hex_to_rgb(hex_colour)
    nearest = min(_SQUARES, key=lambda k: sum((x - y) ** 2 for x, y in zip(_SQUARES[k], (r, g, b), strict=True)))
    return f"{nearest} `{hex_colour}`"


def brief_card(
    creation_type: CreationType, style: StyleName, colors: list[str], brief: Brief, check: BriefCheck
) -> BriefCard:
    rules = REQUIREMENTS[creation_type]
    lines = []
    for element in (*rules.required, *rules.recommended):
        value = getattr(brief, element)
        optional = element in rules.recommended
        shown = f"✓ {value}" if value else ("optional" if optional else "… still needed")
        lines.append((rules.labels[element], shown[:1024]))
    lines.append(("Style preset", STYLE_LABELS.get(style, PRESETS[style].name)))
    # With no brand colour, the colours named in the brief are drawn (the preset fills only what they leave).
    unset = "none added (the brief's colours)" if (brief.color_scheme or "").strip() else "none given (preset palette)"
    lines.append(("Brand colours", " · ".join(swatch(c) for c in colors) if colors else unset))
    kind = TYPES[creation_type].label
    state = "ready — pick the options and press Generate" if check.ready else f"{len(check.missing_required)} to go"
    colour = int(colors[0].lstrip("#"), 16) if colors else 0x5865F2
    return BriefCard(f"{kind} brief · {state}", colour, lines, check.ready)

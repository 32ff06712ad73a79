"""From a brief to a DesignSpec: the words pick the marks, shape, scene and treatment; the named colours lead the
palette; Vary moves the layout, mark variant and palette order (seeded); an edit's words move parameters."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from bot.design.colors import mix, rgb, shade
from bot.design.mark_keys import keys_in, without_compounds
from bot.design.mark_match import match_subject
from bot.design.mark_words import EMBLEMS, SUBJECTS, SYNONYMS
from bot.design.moods import mood_of
from bot.design.sentence import split_accessory
from bot.design.spec import SHAPES, DesignSpec, Scene, Shape, Treatment
from bot.imaging import ColorError, find_color_phrases, find_colors_in_text, parse_color
from bot.model import PRESETS, TYPES, Brief, has_text

_WORD = re.compile(r"[a-z]+")
_NOT_INITIALS = {"a", "an", "the", "of", "my", "with", "and", "in", "on", "for"}
SHAPE_WORDS: dict[str, Shape] = {
    "circle": "circle", "circular": "circle", "round": "circle", "badge": "circle", "coin": "circle",
    "shield": "shield", "crest": "shield", "emblem": "shield", "hexagon": "hexagon", "hex": "hexagon",
    "hexagonal": "hexagon", "square": "rounded", "rounded": "rounded", "app": "rounded", "tile": "rounded",
    "diamond": "diamond", "rhombus": "diamond", "wordmark": "wordmark", "wide": "wordmark", "banner": "wordmark",
}  # fmt: skip
SCENE_WORDS: dict[str, Scene] = {
    "space": "stars", "stars": "stars", "starry": "stars", "galaxy": "stars", "night": "stars", "cosmic": "stars",
    "gradient": "gradient", "glow": "gradient", "glowing": "gradient", "neon": "gradient", "sunset": "gradient",
    "aura": "gradient", "pattern": "pattern", "stripes": "pattern", "striped": "pattern", "dots": "pattern",
    "grid": "pattern", "checker": "pattern", "checkered": "pattern", "halftone": "pattern", "plain": "plain",
    "solid": "plain", "flat": "plain", "simple": "plain", "clean": "plain", "white": "plain", "black": "plain",
}  # fmt: skip
TREATMENT_WORDS: dict[str, Treatment] = {
    "pixel": "retro", "8bit": "retro", "retro": "retro", "synthwave": "retro", "arcade": "retro",
    "anime": "anime", "manga": "anime", "cel": "anime", "chibi": "anime", "cartoon": "anime", "comic": "anime",
    "esports": "gaming", "gaming": "gaming", "neon": "gaming", "cyberpunk": "gaming", "glow": "gaming",
    "gradient": "vibrant", "vibrant": "vibrant", "colorful": "vibrant", "colourful": "vibrant", "playful": "vibrant",
    "flat": "minimal", "minimal": "minimal", "minimalist": "minimal", "simple": "minimal", "clean": "minimal",
    "professional": "professional", "corporate": "professional", "elegant": "professional", "serif": "professional",
}  # fmt: skip
DEFAULT_SCENE: dict[Treatment, Scene] = {
    "gaming": "gradient", "minimal": "plain", "vibrant": "gradient", "anime": "pattern", "retro": "pattern",
    "professional": "plain",
}  # fmt: skip
ROUND_SHAPES: tuple[Shape, ...] = ("circle", "rounded")
SHARP_SHAPES: tuple[Shape, ...] = ("shield", "diamond")
DEFAULT_SHAPE: dict[Treatment, tuple[Shape, ...]] = {
    "gaming": ("shield", "hexagon"), "minimal": ("circle", "rounded"), "vibrant": ("circle", "hexagon"),
    "anime": ("circle", "rounded"), "retro": ("rounded", "diamond"), "professional": ("circle", "shield"),
}  # fmt: skip


def words(*texts: str | None) -> list[str]:
    found: list[str] = []
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            found.append(SYNONYMS.get(word, word))
    return found


def _first(table: dict[str, object], found: list[str]) -> object | None:
    return next((table[w] for w in found if w in table), None)


def treatment_for(style: str, brief: Brief, description: str = "") -> Treatment:
    if style != "custom" and style in DEFAULT_SCENE:
        return style  # type: ignore[return-value]
    chosen = _first(TREATMENT_WORDS, words(brief.style, description, brief.mood))  # custom: the words decide
    return chosen or "minimal"  # type: ignore[return-value]


def scheme_colors(scheme: str | None) -> list[str]:
    """The brief's colours, in order. Each part of the field is a colour as said: a word that is also a thing
    ("sand", "rose"), which free text counts only beside another colour, is one here even alone."""
    found: list[str] = []
    for part in re.split(r",|;|/|&|\band\b|\bplus\b", scheme or ""):
        said = find_colors_in_text(part)
        if not said and part.strip():
            try:
                said = [parse_color(part)]
            except ColorError:
                said = []
        found.extend(c for c in said if c not in found)
    return found


def _without_colours(text: str) -> str:
    """The words without the colours they name: "pastel pink" is a colour, not a pastel mood (it would soften the
    navy named beside it)."""
    lowered = text.lower()
    for phrase in sorted(find_color_phrases(lowered), key=lambda p: -len(p.words)):  # "pastel pink" before "pink"
        lowered = re.sub(r"[\s-]+".join(map(re.escape, phrase.words.split())), " ", lowered)
    return lowered


def palette_for(brief: Brief, colors: list[str], style: str) -> tuple[tuple[str, ...], int]:
    named: list[str] = []
    for color in [*colors, *scheme_colors(brief.color_scheme)]:
        if color.lower() not in named:
            named.append(color.lower())
    palette = list(named)
    # Two or more named colours are the whole scheme: what is left is filled with their own tints and shades, so a
    # preset's hue (the gaming purple in "red and black") never joins them. Fewer: the preset fills the rest.
    fill = _tints(named) if len(named) >= 2 else [c.lower() for c in PRESETS[style].palette]  # type: ignore[index]
    for color in fill:
        if len(palette) >= max(4, len(named)):
            break
        if color not in palette:
            palette.append(color)
    return tuple(palette), len(named)


def _tints(named: list[str]) -> list[str]:
    """The named colours' own lighter and deeper tones, the lead's first."""
    return [tone for color in named for tone in (mix(color, "#ffffff", 0.55), shade(color, -0.45))]


def monogram(brief: Brief) -> str:
    source = brief.text if has_text(brief) else (brief.subject or "PC")
    parts = [w for w in re.split(r"[^0-9A-Za-z]+", source or "") if w]
    parts = [w for w in parts if w.lower() not in _NOT_INITIALS] or parts or ["PC"]
    return (parts[0][:2] if len(parts) == 1 else parts[0][0] + parts[1][0]).upper()


def marks_for(brief: Brief, description: str, variant: int) -> tuple[str, ...]:
    """The subject's mark (compound names whole, a person none, no silent guess), then what it wears or holds, or
    else an emblem of the brief's theme."""
    match = match_subject(brief.subject)
    if match.person:
        return ()
    options = match.marks
    if not options and brief.subject is None:  # no subject yet: the description's words may name one
        options = next((SUBJECTS[k] for k, person in keys_in(description) if not person), ())
    if not options:
        return ()
    subject = options[variant % len(options)]
    if match.accessory:
        return (subject, match.accessory)
    subject_words = words(without_compounds(brief.subject or ""))  # "a ninja star": no star emblem beside it
    # The style the user wrote may name a theme; the preset's own description ("gaming: bold esports look") does
    # not: choosing the gaming preset is no request for a gamepad beside a samurai helmet.
    said_style = None if any((brief.style or "").startswith(f"{name}: ") for name in PRESETS) else brief.style
    other_words = words(without_compounds(description), brief.background, said_style)
    emblem = next(
        (EMBLEMS[w][0] for w in subject_words + other_words if w in EMBLEMS and w != match.key
         and EMBLEMS[w][0] != subject and EMBLEMS[w][0] not in options),
        None,
    )  # fmt: skip
    return (subject, emblem) if emblem else (subject,)


def spec_for(
    creation_type: str, style: str, brief: Brief, colors: list[str], description: str = "", variation: int = 0
) -> DesignSpec:
    treatment = treatment_for(style, brief, description)
    seed = int(hashlib.sha256(f"{brief.model_dump_json()}|{style}|{creation_type}".encode()).hexdigest()[:8], 16)
    palette, named = palette_for(brief, colors, style)
    if variation and len(palette) > 1:  # Vary: the palette's lead rotates among the named colours (or all)
        turn = variation % max(named, 2) if named >= 2 else variation % len(palette)
        lead = palette[: max(named, 2)] if named >= 2 else palette
        lead = lead[turn:] + lead[:turn]
        palette = tuple(lead) + tuple(c for c in palette if c not in lead)
    shape_word = _first(SHAPE_WORDS, words(brief.shape)) if TYPES[creation_type].shape_is_badge else None
    shape_word = shape_word or _first(SHAPE_WORDS, words(brief.shape, description))
    defaults = DEFAULT_SHAPE[treatment]
    mood = mood_of(brief.mood, _without_colours(description))
    if not mood.roundness:  # the user's words first; the preset's ("bold esports look") only when they are silent
        mood = replace(mood, roundness=mood_of(brief.style).roundness)
    if mood.roundness and not shape_word:  # a round mood picks round badges, a sharp one angular badges
        defaults = ROUND_SHAPES if mood.roundness > 0 else SHARP_SHAPES
    shape: Shape = shape_word or defaults[(seed + variation) % len(defaults)]  # type: ignore[assignment]
    scene: Scene = _first(SCENE_WORDS, words(brief.background)) or DEFAULT_SCENE[treatment]  # type: ignore[assignment]
    text = brief.text if has_text(brief) else None
    marks = marks_for(brief, description, variation)
    accessory = match_subject(brief.subject).accessory
    subject_color = _subject_color(brief.subject, palette[:named]) if marks else None
    return DesignSpec(
        creation_type=creation_type, treatment=treatment, palette=palette, named=named, marks=marks,
        monogram=monogram(brief), shape=shape, scene=scene, text=text, seed=seed + variation, layout=variation % 3,
        pastel=mood.pastel, roundness=mood.roundness, accessory=accessory if accessory in marks else None,
        subject_color=subject_color,
    )  # fmt: skip


def _subject_color(subject: str | None, named: tuple[str, ...]) -> str | None:
    """The colour the subject phrase gives the thing itself ("a pink bunny with headphones": pink; not the colour of
    what it wears), as the named colour closest to it ("pastel pink") when one is near."""
    said = find_colors_in_text(split_accessory(subject)[0]) if subject else []
    if not said:
        return None
    closest = min(named, key=lambda c: _distance(c, said[0]), default=None)
    return closest if closest is not None and _distance(closest, said[0]) < 140 else said[0]


def _distance(a: str, b: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(rgb(a), rgb(b), strict=True)) ** 0.5


_DARKER = re.compile(r"\b(darker|dark|dim|deeper|moodier)\b")
_LIGHTER = re.compile(r"\b(lighter|light|brighter|bright|paler)\b")
_BIGGER_TEXT = re.compile(
    r"\b(bigger|larger|huge|big)\b.*\b(text|name|words|letters|font)\b|\b(text|name)\b.*\b(bigger|larger)\b"
)
_SMALLER_TEXT = re.compile(r"\b(smaller|tiny|small)\b.*\b(text|name|words|letters|font)\b")
_THICKER_TEXT = re.compile(r"\b(thicker|bolder|bold|heavier)\b")
_OTHER_SHAPE = re.compile(r"\b(another|different|other|new)\s+shape\b")


def edited(spec: DesignSpec, change: str) -> DesignSpec:
    """An edit moves parameters: darker or lighter, colours, bigger/smaller/thicker text, another shape."""
    text = change.lower()
    found = words(change)
    updates: dict[str, object] = {}
    if _DARKER.search(text):
        updates["tone"] = max(spec.tone - 0.5, -1.0)
    elif _LIGHTER.search(text):
        updates["tone"] = min(spec.tone + 0.5, 1.0)
    if _BIGGER_TEXT.search(text):
        updates["text_scale"] = min(spec.text_scale * 1.2, 1.6)
    elif _SMALLER_TEXT.search(text):
        updates["text_scale"] = max(spec.text_scale / 1.2, 0.6)
    if _THICKER_TEXT.search(text):
        updates["text_weight"] = min(spec.text_weight + 0.75, 3.0)
    shape = _first(SHAPE_WORDS, found)
    if shape:
        updates["shape"] = shape
    elif _OTHER_SHAPE.search(text):
        updates["shape"] = SHAPES[(SHAPES.index(spec.shape) + 1) % len(SHAPES)]
    colors = find_colors_in_text(change)
    if colors:
        rest = tuple(c for c in spec.palette if c not in colors)
        updates["palette"] = tuple(c.lower() for c in colors) + rest
        updates["named"] = max(spec.named, len(colors))
    scene = _first(SCENE_WORDS, found) if "background" in found else None
    if scene:
        updates["scene"] = scene
    return replace(spec, **updates) if updates else spec  # type: ignore[arg-type]

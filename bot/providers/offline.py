"""The offline provider, used when GEMINI_API_KEY is not set.

The coach is deterministic: it asks for the first missing element, then reads the
answer from the user's words (keywords first; otherwise the whole answer fills the
element it asked about). Images come from ``offline_render``.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator

from PIL import Image

from bot.design import worker as design_worker
from bot.imaging import find_colors_in_text
from bot.imaging.colors import NAMED_COLORS
from bot.model import (
    CHANGE_MARKER,
    PRESETS,
    REFERENCE_ONLY,
    REQUIREMENTS,
    TYPES,
    Brief,
    CreationType,
    Element,
    Verdict,
    check_brief,
)
from bot.providers.base import ChatTurn, CoachContext, ImageRequest
from bot.providers.offline_render import DRAWN_TEXT_KEY, render

MOODS = (
    "happy", "cheerful", "fierce", "angry", "calm", "chill", "mysterious", "confident", "playful", "serious",
    "cool", "cute", "smug", "determined", "excited", "friendly", "focused", "bold", "energetic", "spooky",
    "sleepy", "heroic", "menacing", "goofy", "relaxed", "epic",
)  # fmt: skip
SHAPES = (
    "circle", "circular", "round", "shield", "badge", "hexagon", "square", "diamond", "triangle", "emblem",
    "star", "wordmark", "crest",
)  # fmt: skip
STYLE_WORDS = (
    "pixel art", "pixel", "cartoon", "realistic", "3d", "watercolor", "flat", "comic", "chibi", "cyberpunk",
    "synthwave", "vaporwave", "low poly", "line art", "mascot",
)  # fmt: skip
_QUOTED = re.compile(r"[\"“”']([^\"“”']{1,40})[\"“”']")
_TEXT_AFTER = re.compile(r"\b(?:text|says|saying|name|letters|initials)\s*(?:is|:|=)?\s*[\"“]?([\w .!-]{1,30})", re.I)
_NO_TEXT = re.compile(r"\bno (?:text|words|letters|lettering)\b", re.I)
_BACKGROUND = re.compile(
    r"(?:\b([\w -]{2,40}?)\s+background\b|\bbackground\s*(?:of|is|:|=|with)?\s+(?:an? |the )?([\w -]{2,40}))",
    re.I,
)
# "for my channel NovaFox", "my stream is called Kaizen", "channel name: Nova Fox"
_CHANNEL = re.compile(
    r"\b(?:channel|stream|brand|handle|username|gamertag|twitch|youtube)(?:\s+name)?\s*(?:is\s+)?(?:called\s+|named\s+)?"
    r"[:=]?\s*[\"“']?([A-Z0-9@][\w.@-]{1,23}(?:\s[A-Z0-9][\w.-]{1,15})?)",
)
_CALLED = re.compile(r"\b(?:called|named)\s+[\"“']?([A-Z0-9][\w.-]{1,23})")
# Words that describe a scene behind the subject, so a clause with them is the background.
_SCENERY = re.compile(
    r"\b(space|stars?|starry|galaxy|planets?|city|forest|sky|sunset|sunrise|neon|gradient|glow|sea|ocean|"
    r"mountains?|night|clouds?|nebula|beach|desert|castle|dungeon|arena|plain|solid|pattern|stripes|dots|grid)\b",
    re.I,
)
# A request or a remark is not an answer to the coach's question.
_REQUEST = re.compile(r"^\s*(?:can you|could you|please|change|make the|make it (?:darker|lighter|bigger|smaller)|"
                      r"darker|lighter|bigger|smaller|undo|redo|try again)\b", re.I)  # fmt: skip
_REMARK = re.compile(r"^\s*(?:thanks?|thank you|ok(?:ay)?|cool|great|perfect|nice|awesome|looks? good|love it|"
                     r"that'?s (?:it|all|fine)|sounds good|lol|haha|yes|yep|sure)\W*$", re.I)  # fmt: skip
_NO = re.compile(r"^\s*(?:no|nope|nah|none|nothing|no thanks?)\W*$", re.I)
_FILLER = re.compile(r"^(?:i (?:want|would like|'d like)|make it|maybe|how about|let'?s (?:do|go with)|it'?s)\s+", re.I)
QUESTIONS: dict[Element, str] = {
    "subject": "What should be the star of it? A character, your mascot, an animal, an object…",
    "style": "Which style? For example pixel art, anime cel-shading, flat vector or a bold esports look.",
    "mood": "What expression or mood should it have? Fierce, chill, cheerful, mysterious…",
    "background": "What goes behind the subject? A plain colour, a soft glow, a neon city…",
    "color_scheme": "Which colours? Give names or hex codes, e.g. purple and #00e5ff.",
    "shape": "What overall shape? Circle, shield, hexagon, badge or a wide wordmark?",
    "text": "Any text or symbols on it (your channel name, initials)? Say “none” if not.",
}


def _first_match(words: tuple[str, ...], text: str) -> str | None:
    lowered = text.lower()
    hits = [(m.start(), w) for w in words for m in [re.search(rf"\b{re.escape(w)}\b", lowered)] if m]
    return min(hits)[1] if hits else None


def _clean_answer(text: str) -> str:
    answer = _FILLER.sub("", " ".join(text.split())).strip(" .!")
    return answer[:120]


def _answer(asked: Element, text: str) -> str | None:
    """The user's words as the answer to the element the coach asked about, unless they are a remark or request."""
    if asked == "text" and _NO.match(text):
        return "none"
    if _REMARK.match(text) or _REQUEST.search(text) or _NO.match(text):
        return None
    return _clean_answer(text) or None


def extract_from_text(creation_type: CreationType, text: str) -> Brief:
    """Elements named explicitly in ``text``: moods, shapes, styles, colours, quoted text, backgrounds."""
    found: dict[str, str] = {}
    if mood := _first_match(MOODS, text):
        found["mood"] = mood
    if TYPES[creation_type].shape_is_badge and (shape := _first_match(SHAPES, text)):
        found["shape"] = "circle" if shape in ("circular", "round") else shape
    if style := _first_match(STYLE_WORDS, text):
        found["style"] = style
    if colors := find_colors_in_text(text):
        found["color_scheme"] = ", ".join(_NAMES.get(c, c) for c in colors)  # "orange, navy", as the user said
    if _NO_TEXT.search(text):
        found["text"] = "none"
    elif (named := _CHANNEL.search(text) or _CALLED.search(text)) and named.group(1).lower() not in _NOT_NAMES:
        found["text"] = named.group(1).strip(" .,!")
    elif (quoted := _QUOTED.search(text)) or (quoted := _TEXT_AFTER.search(text)):
        found["text"] = quoted.group(1).strip()
    if (bg := _BACKGROUND.search(text)) and not _REQUEST.search(text):
        candidate = (bg.group(1) or bg.group(2)).strip()
        if not re.match(r"(?i)^(?:make|change|set|the|a|an|my|darker|lighter)\b", candidate):
            found["background"] = candidate
    if "background" not in found and (scene := _scenery_clause(text)):
        found["background"] = scene
    return Brief.model_validate(found)


# Our shades back to their names, so the brief reads "orange, navy" (a hex code the user typed stays hex).
_NAMES = {color: name for name, color in reversed(NAMED_COLORS.items())}
_NOT_NAMES = {"is", "and", "the", "name", "called", "named", "for", "with", "on", "a", "an"}


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,;.!?]|\s-\s", text) if c.strip()]


def _scenery_clause(text: str) -> str | None:
    """The clause that describes a scene ("deep space with stars and a planet")."""
    for clause in _clauses(text):
        if _SCENERY.search(clause) and not find_colors_in_text(clause) and not _CHANNEL.search(clause):
            return clause[:120]
    return None


def _subject_clause(text: str) -> str | None:
    """The first clause that is about the subject: not the channel name, colours or the scene."""
    for clause in _clauses(text):
        clause = re.sub(r"\s*\bfor my (?:channel|stream)\b.*$", "", clause, flags=re.I).strip()
        clause = _FILLER.sub("", clause).strip()
        if not clause or _CHANNEL.search(clause) or find_colors_in_text(clause) or _scenery_clause(clause):
            continue
        return clause[:120]
    return None


def next_question_element(creation_type: CreationType, brief: Brief) -> Element | None:
    check = check_brief(creation_type, brief)
    if check.missing_required:
        return check.missing_required[0]
    return check.missing_recommended[0] if check.missing_recommended else None


class OfflineProvider:
    """Coach and renderer that need no network; results are labelled offline."""

    offline = True

    def describe(self) -> dict[str, str]:
        return {"chat_model": "offline coach", "image_model": "offline renderer", "api_version": "none",
                "configured": "GEMINI_API_KEY is not set"}  # fmt: skip

    async def extract_brief(
        self, instruction: str, history: list[ChatTurn], current: Brief, creation_type: CreationType
    ) -> Brief:
        latest = next((turn.content for turn in reversed(history) if turn.role == "user"), "")
        if history and history[0].images and current.subject is None:
            # A reference stands in for the subject until the user names one (Gemini would describe it).
            current = current.model_copy(update={"subject": "the subject of my reference image"})
        if not latest.strip() or latest.strip() == REFERENCE_ONLY:
            return current
        # After a delivery the words are a change request, not an answer to the coach's last question: only
        # explicit elements (colours, a shape, quoted text) move, and nothing else is written into a field.
        changing = CHANGE_MARKER in instruction
        asked = None if changing else next_question_element(creation_type, current)
        found = extract_from_text(creation_type, latest)
        if changing:
            found = found.model_copy(update={"background": None})
        updated = current.merged(found)
        if current.subject is None and not changing and (subject := _subject_clause(latest)):
            updated = updated.model_copy(update={"subject": subject})
        if asked is not None and getattr(updated, asked) is None and (answer := _answer(asked, latest)):
            updated = updated.model_copy(update={asked: answer})
        return Brief.model_validate(updated.model_dump())

    async def stream_reply(
        self, system_prompt: str, history: list[ChatTurn], context: CoachContext
    ) -> AsyncIterator[str]:
        for word in _reply_text(context).split(" "):
            yield word + " "
            await asyncio.sleep(0)

    async def generate_image(self, request: ImageRequest) -> bytes:
        return await design_worker.run(render, request)

    async def check_render(self, image: bytes, prompt: str) -> Verdict:
        """Deterministic: the offline renderer wrote what it drew into the PNG, and draws on a flat background."""
        drawn = await asyncio.to_thread(lambda: Image.open(io.BytesIO(image)).info.get(DRAWN_TEXT_KEY, ""))
        return Verdict(
            text_read=str(drawn), text_matches=True, subject_matches=True, style_matches=True,
            background_separable=True, notes="",
        )  # fmt: skip


def _reply_text(context: CoachContext) -> str:
    if context.new_reference and context.reference_colors:
        seen = ", ".join(context.reference_colors)
        return f"I see your reference image: mostly {seen} tones; I'll keep its likeness. " + _brief_reply(context)
    return _brief_reply(context)


def _brief_reply(context: CoachContext) -> str:
    labels = REQUIREMENTS[context.creation_type].labels
    brief, check = context.brief, context.check
    if check.problems:
        return "Almost there, but " + "; ".join(check.problems) + "."
    asked = next_question_element(context.creation_type, brief)
    before = context.previous or Brief()
    added = [f"{labels[e]}: {getattr(brief, e)}" for e in labels if getattr(brief, e) and getattr(before, e) is None]
    intro = f"Got it — {'; '.join(added)}. " if added else ""
    if not check.ready and asked is not None:
        hint = ""
        if asked == "style" and context.style == "custom":
            hint = " You chose a custom style, so describe it in your own words."
        return f"{intro}{QUESTIONS[asked]}{hint}"
    if asked == "text":  # the last question comes before "ready"; Generate is already there
        return f"{intro}{QUESTIONS['text']} (Everything else is set: you can press Generate below already.)"
    named = context.colors or find_colors_in_text(brief.color_scheme or "")
    palette = "" if named else f" I'll use the {PRESETS[context.style].name} palette."
    return (
        f"{intro}Your brief is ready.{palette} Pick size, format and background below, then press Generate. "
        "(Offline design: set GEMINI_API_KEY for AI renders.)"
    )

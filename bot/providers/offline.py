"""The offline provider, used when GEMINI_API_KEY is not set.

The coach is deterministic: it asks for the first missing element, then reads each message for what it names
(bot.design.sentence: the thing, its colours with their modifiers, the name, the mood), a sentence that names a
field changes that field, and a plain answer fills the element it asked about. After a delivery the words change
the picture, never a field. Images come from ``offline_render``.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator

from PIL import Image

from bot.design import has_subject_word, mark_label, match_subject, named_fields, read_sentence, semantic
from bot.design import worker as design_worker
from bot.imaging import find_color_phrases, find_colors_in_text
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

# A request or a remark is not an answer to the coach's question.
_REQUEST = re.compile(r"^\s*(?:can you|could you|please|change|make the|make it (?:darker|lighter|bigger|smaller)|"
                      r"darker|lighter|bigger|smaller|undo|redo|try again|move|swap|thicker|thinner)\b",
                      re.I)  # fmt: skip
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
    """Every element ``text`` names, read for what it names (bot.design.sentence): the thing, its colours with
    their modifiers, the channel name, the mood, the style, the shape, the scene."""
    reading = read_sentence(text, has_subject_word)
    found: dict[str, str | None] = {
        "subject": reading.subject, "mood": reading.mood, "style": reading.style, "text": reading.text,
        "background": reading.background, "color_scheme": ", ".join(reading.colours) or None,
    }  # fmt: skip
    if TYPES[creation_type].shape_is_badge and reading.shape:
        found["shape"] = "circle" if reading.shape in ("circular", "round") else reading.shape
    return Brief.model_validate(found)


def read_turn(creation_type: CreationType, text: str, current: Brief, asked: Element | None, changing: bool) -> Brief:
    """The brief after one message. A sentence that names a field changes exactly that field. After a delivery
    (``changing``) the words are a change to the picture: they write no field, except colours named anew. Before
    it, what the sentence names fills the brief (the subject only while there is none) and a plain answer fills
    the element the coach asked about."""
    named = named_fields(text)
    if named:
        return Brief.model_validate(current.merged(Brief.model_validate(named)).model_dump())
    if changing:
        colours = [p.words for p in find_color_phrases(text)]
        if colours and not _SWAP.search(text):
            return current.model_copy(update={"color_scheme": ", ".join(colours)})
        return current
    found = extract_from_text(creation_type, text)
    if current.subject is not None:
        found = found.model_copy(update={"subject": None})
    updated = current.merged(found)
    # A plain answer ("a hooded figure") fills the element asked about; a sentence the reader understood (a mood
    # and colours) is not also written there.
    understood = found.model_dump(exclude_none=True)
    if asked is not None and not understood and getattr(updated, asked) is None and (answer := _answer(asked, text)):
        updated = updated.model_copy(update={asked: answer})
    return Brief.model_validate(updated.model_dump())


_SWAP = re.compile(r"\b(?:swap|switch|invert|reverse|flip)\b", re.I)


def next_question_element(creation_type: CreationType, brief: Brief) -> Element | None:
    check = check_brief(creation_type, brief)
    if check.missing_required:
        return check.missing_required[0]
    return check.missing_recommended[0] if check.missing_recommended else None


class OfflineProvider:
    """Coach and renderer that need no network; results are labelled offline."""

    offline = True

    def __init__(self) -> None:
        semantic.warm()  # the meaning model loads in the background, before a user's first unusual word

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
        changing = CHANGE_MARKER in instruction
        asked = None if changing else next_question_element(creation_type, current)
        # Off the event loop: the first sentence that needs the meaning model may wait for it to load.
        return await asyncio.to_thread(read_turn, creation_type, latest, current, asked, changing)

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


def _unsure(subject: str) -> str:
    """Never a silent guess: when the mark for the subject is unsure, the reply says so and names the choices."""
    # On the event loop: the meaning model is asked only once it is loaded (ranking then takes well under 1 ms).
    match = match_subject(subject, semantic_fallback=semantic.ready())
    if match.sure or not match.candidates:
        return ""
    names = [mark_label(m) for m in match.candidates]
    drawn = f"I'll draw {names[0]}" if match.marks else "I'll draw your initials"
    others = ", ".join(n for n in names if n != names[0] or not match.marks)
    return (f"I'm not sure which picture fits “{subject}”: {drawn} unless you pick another ({others}), or tell me "
            "“the main element is …”. ")


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
    if brief.subject and brief.subject != before.subject:
        intro += _unsure(brief.subject)
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

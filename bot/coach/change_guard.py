"""After a delivery the user's words change the picture, never the brief, except a field the sentence names.

"make the text bigger" once replaced the channel name with "bigger". Whatever read the sentence (the offline
reader or Gemini's extraction), only the fields the sentence names explicitly ("the text should say …",
"colours: …") or the colours it names anew ("make it teal and sand") may change; every other field keeps its value.
"""

from __future__ import annotations

import re

from bot.design import named_fields
from bot.imaging import find_color_phrases
from bot.model import Brief

_SWAP = re.compile(r"\b(?:swap|switch|invert|reverse|flip)\b", re.I)


def fields_named(text: str) -> set[str]:
    """The fields a change request may write: those it names, and the colour scheme when it names colours."""
    named = set(named_fields(text))
    if find_color_phrases(text) and not _SWAP.search(text):
        named.add("color_scheme")
    return named


def guarded(before: Brief, after: Brief, text: str) -> Brief:
    """``after`` where the sentence names a field, ``before`` everywhere else."""
    allowed = fields_named(text)
    kept = {field: getattr(after if field in allowed else before, field) for field in Brief.model_fields}
    return Brief.model_validate(kept)

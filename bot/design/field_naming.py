"""A sentence that names a field changes exactly that field, whatever question was pending: "the main element is
…", "change the main element to: …", "the text should say …", "colours: …", "background: …". A change request
("the text should be bigger") is no value."""

from __future__ import annotations

import re

from bot.design.sentence import clean_subject
from bot.imaging.color_words import find_color_phrases

FIELD_WORDS: dict[str, str] = {
    "subject": r"main element|main thing|subject|mascot|main character|character|centre ?piece|center ?piece",
    "text": r"text|channel name|name|lettering|wording|words|writing",
    "color_scheme": r"colou?r scheme|colou?rs?|palette",
    "background": r"background|backdrop",
    "mood": r"mood|vibe|expression|feeling",
    "style": r"art style|style",
    "shape": r"shape|badge shape",
}
_IS = r"(?:is|are|should be|will be|must be|should say|should read|says|reads|=|:|->)"
# A change request is not a value: "the text should be bigger", "background darker", "the name is too small".
_NOT_A_VALUE = re.compile(
    r"^(?:(?:a\s+(?:bit|little|lot)\s+)?(?:more|less|too|not|way|much|even|slightly|bit)\b|\w+er\b(?!\s+\w)|"
    r"bigger|smaller|larger|darker|lighter|brighter|thicker|thinner|bolder|higher|lower|wider|narrower|"
    r"(?:moved?|shifted|centered|centred|swapped|rotated|flipped)\b|(?:up|down|left|right)\b|fixed|changed|wrong|"
    r"off|ugly|hard to read|unreadable|weird|bad|better|different)",
    re.I,
)


def _field_forms(words: str) -> list[re.Pattern[str]]:
    field = rf"(?:the\s+|my\s+|its\s+)?(?:{words})"
    value = r"\s*:?\s*[\"“']?(?P<v>[^\"“”]+?)[\"”']?\s*[.!]?$"
    return [
        re.compile(rf"^(?:actually,?\s+|ok,?\s+|so\s+|no,?\s+|and\s+)?{field}\s*{_IS}{value}", re.I),
        re.compile(rf"\b(?:change|set|switch|update|turn|rename|make)\s+{field}\s+(?:to|into|as|be|:){value}", re.I),
        re.compile(rf"\b(?:use|make it|put)\s+(?P<v>[^,]+?)\s+(?:as|for)\s+{field}\s*[.!]?$", re.I),
    ]


_FORMS = {name: _field_forms(words) for name, words in FIELD_WORDS.items()}
_SAY = re.compile(r"\b(?:it|the (?:logo|picture|pfp|design|image))\s+should\s+(?:say|read)\s*:?\s*[\"“']?"
                  r"(?P<v>[^\"“”]+?)[\"”']?\s*[.!]?$", re.I)  # fmt: skip


def named_fields(text: str) -> dict[str, str]:
    """The fields ``text`` names explicitly, with their new values (empty for a change request or a remark)."""
    found: dict[str, str] = {}
    for clause in re.split(r"[;\n]|(?<=[.!?])\s+", " ".join(text.split()) if "\n" not in text else text):
        clause = clause.strip()
        if not clause:
            continue
        for field, forms in _FORMS.items():
            if field in found:
                continue
            for form in forms:
                match = form.search(clause)
                if match and (value := _value(field, match.group("v"))) is not None:
                    found[field] = value
                    break
        if "text" not in found and (say := _SAY.search(clause)) and (value := _value("text", say.group("v"))):
            found["text"] = value
    return found


def _value(field: str, raw: str) -> str | None:
    value = raw.strip(" .,!\"'“”")
    if not value or _NOT_A_VALUE.match(value):
        return None
    if field == "color_scheme":
        phrases = find_color_phrases(value)
        return ", ".join(p.words for p in phrases) if phrases else None
    if field == "text" and re.match(r"(?i)^(?:none|nothing|no text|empty|blank)$", value):
        return "none"
    if field == "text" and "," in value:  # "text: MochaMornings, a teapot, peach": a whole brief, read as one
        return None
    if field == "subject":
        return clean_subject(value) or None
    return value[:120]

"""Which mark a subject phrase calls for, read as a name rather than word by word.

Compound names are matched whole before their parts ("compass rose" is a compass); plurals and typos find their
word ("wolves", "dragn": rapidfuzz); a person draws no mark. Only the head of the phrase is the subject: what it
wears or holds ("with headphones", "wearing a crown") is its accessory. When the table has no word, the meaning
decides (``semantic``): a mark when it is clearly close, otherwise no mark and a few candidates to offer, so the
engine never draws a silent guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.design import semantic
from bot.design.mark_words import COMPOUNDS, EMBLEMS, PERSONS, SUBJECTS, SYNONYMS
from bot.design.sentence import split_accessory

SURE_SCORE = 0.6  # cosine: "a lantern" ~ pumpkin lantern 0.77 is sure; "a glorp" ~ scorpion 0.57 (sub-words) is not
SURE_MARGIN = 0.15
CANDIDATES = 4
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A compound is matched whole in the plural too ("two paper planes", "hot dogs").
_COMPOUND = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(COMPOUNDS, key=len, reverse=True))
                       + r")(?:e?s)?\b")  # fmt: skip
# A person drawn as a role: "me as a wizard", "a girl dressed up as a witch", "me cosplaying as a knight",
# "me in a pirate costume". The role is what is drawn (a person alone draws no mark).
_ROLE = re.compile(r"\b(?:as|dressed(?:\s+up)?\s+(?:as|like)|cosplaying(?:\s+as)?|disguised\s+as|"
                   r"in(?=\s+[\w\s'-]*?\b(?:costume|outfit|cosplay|uniform|armou?r|suit)\b))\s+(?:an?\s+|the\s+|my\s+)?(?P<role>.+)$",
                   re.I)  # fmt: skip
_VOCABULARY = tuple(sorted({*SUBJECTS, *SYNONYMS}))


@dataclass(frozen=True)
class MarkMatch:
    """``key``: the subject word found (SUBJECTS); ``marks``: its marks, Vary walks them; ``accessory``: a mark for
    what it wears or holds; ``candidates``: marks to offer when not ``sure`` (best first)."""

    key: str | None = None
    marks: tuple[str, ...] = ()
    accessory: str | None = None
    candidates: tuple[str, ...] = ()
    sure: bool = True
    person: bool = False


def singular(word: str) -> str:
    """"wolves" -> "wolf", "foxes" -> "fox", "bunnies" -> "bunny": only when the result is a word we know."""
    for suffix, replacement in (("ies", "y"), ("ves", "f"), ("ves", "fe"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and (base := word[: -len(suffix)] + replacement) in SUBJECTS | SYNONYMS.keys():
            return base
    return word


# Common words a letter away from a subject ("night" ~ knight, "light" ~ lion?): never read as a typo.
_NOT_TYPOS = frozenset({
    "night", "light", "right", "bright", "sight", "might", "fight", "flight", "tight", "white", "write", "ghostly",
    "pastel", "purple", "orange", "yellow", "silver", "golden", "stream", "streamer", "channel", "gaming", "player",
    "sleepy", "happy", "angry", "smile", "smiling", "floating", "flying", "sitting", "holding", "wearing", "little",
    "tiny", "small", "giant", "cute", "theme", "style", "stars", "space", "clouds", "cloudy", "water", "waves",
    "glowing", "shiny", "spooky", "galaxy", "planets", "forest", "ocean", "beach", "desert", "mountain", "sunset",
    "shoulder", "bowl", "coins", "flames", "steam", "crown", "hoodie", "beanie", "scarf", "cape", "bandana",
})  # fmt: skip


@functools.cache
def _typo(word: str) -> str | None:
    from rapidfuzz import fuzz, process  # imported on the first unknown word only

    found = process.extractOne(word, _VOCABULARY, scorer=fuzz.ratio, score_cutoff=85)
    return found[0] if found else None


def _key(token: str) -> str | None:
    word = token.lower().strip("'-")
    word = SYNONYMS.get(word, word)
    if word in SUBJECTS:
        return word
    base = singular(word)
    base = SYNONYMS.get(base, base)
    if base in SUBJECTS:
        return base
    if re.search(r"(?:y|ish|ed|ing|ly)$", word) and any(word.startswith(k) for k in SUBJECTS if len(k) >= 3):
        return None  # "witchy", "foxish": a word about the thing, not the thing ("foxy" is a synonym above)
    if len(word) >= 5 and token[:1].islower() and word not in _NOT_TYPOS and (fixed := _typo(word)):
        return SYNONYMS.get(fixed, fixed) if SYNONYMS.get(fixed, fixed) in SUBJECTS else None
    return None


def keys_in(phrase: str) -> list[tuple[str, bool]]:
    """Subject words in order, compounds whole ("compass rose" -> compass); each with whether it is a person."""
    lowered = phrase.lower()
    found: list[tuple[int, str, bool]] = []
    taken: list[tuple[int, int]] = []
    thing_ends: set[int] = set()  # where a thing's word ends: a capitalised word right after it is its name
    for match in _COMPOUND.finditer(lowered):
        found.append((match.start(), COMPOUNDS[match.group(1)], False))
        taken.append(match.span())
        thing_ends.add(match.end())
    for match in _TOKEN.finditer(phrase):
        if any(start <= match.start() < end for start, end in taken):
            continue
        word = match.group(0).lower()
        if match.group(0)[0].isupper() and any(phrase[end : match.start()].isspace() for end in thing_ends):
            continue  # "my bunny Clover", "my dog Pepper": a pet's name, not a clover or a pepper
        if word in PERSONS or singular(word) in PERSONS or word.rstrip("s") in PERSONS:
            found.append((match.start(), word, True))
        elif (key := _key(match.group(0))) is not None:
            found.append((match.start(), key, False))
            thing_ends.add(match.end())
    found.sort()
    return [(key, person) for _, key, person in found]


def without_compounds(text: str) -> str:
    """``text`` without the compound names in it: their words name one thing ("a ninja star" is no star)."""
    return _COMPOUND.sub(" ", text.lower())


def has_subject_word(phrase: str) -> bool:
    return bool(keys_in(phrase))


def _accessory_mark(text: str | None, subject_marks: tuple[str, ...]) -> str | None:
    for key, person in keys_in(text or ""):
        if person:
            continue
        mark = (EMBLEMS.get(key) or SUBJECTS[key])[0]
        if mark not in subject_marks:
            return mark
    return None


@functools.cache
def _labels() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One label per mark (the words that name it), and the mark for each."""
    names: dict[str, list[str]] = {}
    for key, marks in SUBJECTS.items():
        names.setdefault(marks[0], []).append(key)
    marks = tuple(names)
    return tuple(f"{' '.join(names[m][:3])} {m.replace('-', ' ')}" for m in marks), marks


def _semantic(phrase: str) -> tuple[str | None, tuple[str, ...], bool]:
    labels, marks = _labels()
    ranked = semantic.rank(phrase, labels)
    if not ranked:
        return None, (), False
    (best, score), second = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
    candidates = tuple(marks[i] for i, s in ranked[:CANDIDATES] if s > 0.15)
    sure = score >= SURE_SCORE and score - second >= SURE_MARGIN
    return (marks[best] if sure else None), candidates, sure


def match_subject(phrase: str | None, *, semantic_fallback: bool = True) -> MarkMatch:
    """The marks ``phrase`` (a brief's subject) calls for."""
    if not phrase or not phrase.strip():
        return MarkMatch()
    head, accessory_text = split_accessory(phrase)
    found = keys_in(head)
    if not found and accessory_text:  # "something with a wolf": the thing is after the joiner
        head, accessory_text, found = accessory_text, None, keys_in(accessory_text)
    if found and found[0][1]:  # a person leads the phrase: no mark stands for them, unless they are a role
        return _role(phrase) or MarkMatch(person=True)
    things = [key for key, person in found if not person]
    if things:
        key = things[0]
        marks = SUBJECTS[key]
        # Another thing in the head is a rival ("a fox astronaut"); a theme word ("breathing fire") is an emblem.
        rivals = tuple(dict.fromkeys(SUBJECTS[k][0] for k in things if SUBJECTS[k][0] != marks[0] and k not in EMBLEMS))
        accessory = _accessory_mark(accessory_text, marks)
        # Two things in the head ("a fox astronaut"): drawn as the first, the other offered.
        return MarkMatch(key, marks, accessory, (marks[0], *rivals)[:CANDIDATES] if rivals else (), not rivals)
    if not semantic_fallback:
        return MarkMatch(sure=False)
    mark, candidates, sure = _semantic(head)
    if mark is None:
        return MarkMatch(candidates=candidates, sure=False)
    return MarkMatch(None, (mark,), _accessory_mark(accessory_text, (mark,)), (), sure)


def _role(phrase: str) -> MarkMatch | None:
    """"me as a wizard casting a spell" -> the wizard; "me as a pirate with a parrot" -> the pirate, the parrot
    its accessory. None when no role is said or the role is a person too ("me as a gamer")."""
    said = _ROLE.search(phrase)
    if said is None:
        return None
    head, accessory_text = split_accessory(said.group("role"))
    found = keys_in(head)
    if not found or found[0][1]:
        return None
    marks = SUBJECTS[found[0][0]]
    return MarkMatch(found[0][0], marks, _accessory_mark(accessory_text, marks))


def mark_label(mark: str) -> str:
    """Words that name ``mark`` so that reading them back chooses it (a picked candidate becomes the subject)."""
    for key, marks in SUBJECTS.items():
        if marks[0] == mark and key not in PERSONS:  # "gamer" names a person, "controller" the gamepad
            return key
    return mark.replace("-", " ")

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
from bot.design.mark_keys import doing_split, joined_compounds, keys_in, named_after, role_after_person
from bot.design.mark_words import EMBLEMS, PERSONS, SUBJECTS
from bot.design.sentence import split_accessory

SURE_SCORE = 0.6  # cosine: "a lantern" ~ pumpkin lantern 0.77 is sure; "a glorp" ~ scorpion 0.57 (sub-words) is not
SURE_MARGIN = 0.15
CANDIDATES = 4
# A person drawn as a role: "me as a wizard", "a girl dressed up as a witch", "me cosplaying as a knight",
# "turn me into a wizard", "me in a pirate costume". The role is what is drawn (a person alone draws no mark).
_ROLE = re.compile(r"\b(?:as|into|dressed(?:\s+up)?\s+(?:as|like)|cosplaying(?:\s+as)?|disguised\s+as|"
                   r"in(?=\s+[\w\s'-]*?\b(?:costume|outfit|cosplay|uniform|armou?r|suit)\b))\s+(?:an?\s+|the\s+|my\s+)?(?P<role>.+)$",
                   re.I)  # fmt: skip


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
    head, accessory_text = split_accessory(joined_compounds(phrase))
    found = keys_in(head)
    if not found and accessory_text:  # "something with a wolf": the thing is after the joiner
        head, accessory_text, found = accessory_text, None, keys_in(accessory_text)
    if found and found[0][1]:  # a person leads the phrase: no mark stands for them, unless they are a role
        return _role(phrase) or MarkMatch(person=True)
    head, doing = doing_split(head)  # "a panda eating bamboo": what it does is no rival to it
    found = keys_in(head) if doing else found
    things = [key for key, person in found if not person]
    if things:
        key = things[0]
        marks = SUBJECTS[key]
        # Another thing in the head is a rival ("a fox astronaut"); a theme word ("breathing fire") is an emblem.
        rivals = tuple(dict.fromkeys(SUBJECTS[k][0] for k in things if SUBJECTS[k][0] != marks[0] and k not in EMBLEMS))
        accessory = _accessory_mark(accessory_text or doing, marks)
        # "a fire hydrant": the word after the thing's names another thing, of which fire says the kind. Drawn as
        # the word we know, with others offered (never a silent guess).
        kind_of = not rivals and named_after(head) is not None
        if kind_of and semantic_fallback:
            rivals = tuple(m for m in _semantic(head)[1] if m != marks[0])
        # Two things in the head ("a fox astronaut"): drawn as the first, the other offered.
        unsure = bool(rivals) or kind_of
        return MarkMatch(key, marks, accessory, (marks[0], *rivals)[:CANDIDATES] if unsure else (), not unsure)
    if not semantic_fallback:
        return MarkMatch(sure=False)
    mark, candidates, sure = _semantic(head)
    if mark is None:
        return MarkMatch(candidates=candidates, sure=False)
    return MarkMatch(None, (mark,), _accessory_mark(accessory_text, (mark,)), (), sure)


def _role(phrase: str) -> MarkMatch | None:
    """"me as a wizard casting a spell", "a girl wizard" -> the wizard; "me as a pirate with a parrot" -> the
    pirate, the parrot its accessory. None when no role is said or the role is a person too ("me as a gamer")."""
    said = _ROLE.search(phrase)
    role = said.group("role") if said else role_after_person(split_accessory(phrase)[0])
    if role is None:
        return None
    head, accessory_text = split_accessory(role)
    accessory_text = accessory_text or split_accessory(phrase)[1]  # "a girl wizard with a staff"
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

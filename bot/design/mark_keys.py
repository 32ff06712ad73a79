"""Which words of a phrase name a thing the marks stand for: compound names whole before their parts ("compass
rose" is a compass, "two paper planes"), plurals and typos to their word ("wolves", "dragn": rapidfuzz), a person
apart; and where the thing's own words end: what it does ("eating bamboo") and a word naming another thing after
it ("a fire hydrant": fire says what kind, the thing is a hydrant).
"""

from __future__ import annotations

import functools
import itertools
import re

from bot.design.mark_words import COMPOUNDS, PERSONS, SUBJECTS, SYNONYMS

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A compound is matched whole in the plural too ("two paper planes", "hot dogs").
_COMPOUND = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(COMPOUNDS, key=len, reverse=True))
                       + r")(?:e?s)?\b")  # fmt: skip
_VOCABULARY = tuple(sorted({*SUBJECTS, *SYNONYMS}))


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


_ANY_CASE = re.compile(_COMPOUND.pattern, re.I)
_JOINER = re.compile(r"\s(?:and|with|in|on|over|under)\s")


def joined_compounds(phrase: str) -> str:
    """``phrase`` with each compound name holding a joiner as its one word ("a skull and crossbones" -> "a
    crossbones"), so the joiner does not cut the name in two as if what follows were worn or held."""
    if not _JOINER.search(phrase):
        return phrase
    return _ANY_CASE.sub(lambda m: COMPOUNDS[m.group(1).lower()] if _JOINER.search(m.group(0)) else m.group(0), phrase)


def without_compounds(text: str) -> str:
    """``text`` without the compound names in it: their words name one thing ("a ninja star" is no star)."""
    return _COMPOUND.sub(" ", text.lower())


# Words after a thing's word that keep it the thing ("a lion head", "a fox logo", "a cat please"), and words that
# end in -ing without being something done ("a viking", "a king" are keys; "a dragon wing" is a part).
_KEEPS = frozenset({
    "head", "heads", "face", "faces", "logo", "icon", "emblem", "mascot", "silhouette", "portrait", "character",
    "sticker", "badge", "drawing", "design", "illustration", "plush", "plushie", "toy", "doll", "figure", "statue",
    "tail", "tails", "wing", "wings", "ear", "ears", "eyes", "claw", "claws", "print", "prints", "emoji", "avatar",
    "pfp", "art", "version", "style", "cartoon", "sprite", "outline", "symbol", "shape", "body", "profile", "side",
    "pixel", "pixels", "baby", "girl", "boy", "man", "woman", "mom", "king", "queen", "lord", "boss", "army",
    "squad", "gang", "family", "pack", "friends", "buddy", "pal", "thing", "creature", "monster", "spirit",
    "of", "and", "or", "with", "in", "on", "at", "for", "to", "from", "by", "the", "a", "an", "my", "our", "its",
    "his", "her", "their", "that", "who", "which", "is", "are", "was", "be", "please", "too", "only", "again",
    "just", "also", "maybe", "here", "there", "now", "but", "so", "very", "really", "like", "as", "vs", "versus",
    "plus", "then", "while", "looking", "facing", "up", "down", "left", "right", "inside", "above", "below",
})  # fmt: skip
_NOT_DOING = frozenset({"king", "ring", "wing", "thing", "string", "spring", "sling", "bling", "ceiling", "building",
                        "pudding", "earring", "darling", "duckling", "sibling", "viking", "morning", "evening",
                        "something", "nothing", "everything", "anything", "ping"})  # fmt: skip


def _spans(phrase: str) -> list[tuple[int, int, bool]]:
    """(start, end, names a thing) for each word of ``phrase``, a compound name as one word."""
    lowered = phrase.lower()
    compounds = [m.span() for m in _COMPOUND.finditer(lowered)]
    words = [(s, e, True) for s, e in compounds]
    for match in _TOKEN.finditer(phrase):
        if not any(s <= match.start() < e for s, e in compounds):
            words.append((match.start(), match.end(), _key(match.group(0)) is not None))
    return sorted(words)


def doing_split(head: str) -> tuple[str, str | None]:
    """"a panda eating bamboo" -> ("a panda", "eating bamboo"): from the first thing done after the thing (a word in
    -ing), the words say what it does, not what it is; None when nothing is done."""
    seen_thing = False
    for start, end, thing in _spans(head):
        word = head[start:end].lower()
        if seen_thing and not thing and len(word) > 4 and word.endswith("ing") and word not in _NOT_DOING:
            return head[:start].strip(), head[start:].strip()
        seen_thing = seen_thing or thing
    return head, None


def named_after(head: str) -> str | None:
    """The word right after the thing's word when it names a thing we have no word for ("a fire hydrant" ->
    "hydrant"). None when the thing's word ends the name ("a lion head", "a fox logo", "a cat please", "my dog
    Rex") or another word we know follows it."""
    from bot.design.sentence import MOOD_WORDS, STYLE_PHRASES  # the reader's words, read once
    from bot.imaging import find_colors_in_text

    spans = _spans(head)
    for (_, end, thing), (start, after_end, another) in itertools.pairwise(spans):
        if not thing:
            continue
        if another:  # "a kitsune fox", "a fox astronaut": a thing we know, the same mark or a rival
            return None
        word = head[start:after_end]
        lowered = word.lower()
        if (head[end:start].isspace() and word.islower() and len(lowered) > 2 and lowered not in _KEEPS
                and lowered not in PERSONS and not re.search(r"(?:ing|ed|ly)$", lowered)
                and lowered not in MOOD_WORDS and lowered not in STYLE_PHRASES
                and not find_colors_in_text(lowered)):  # fmt: skip
            return word
        return None
    return None


def role_after_person(head: str) -> str | None:
    """"a girl wizard", "a woman astronaut": the words from the thing a person is named as, right after them."""
    tokens = list(_TOKEN.finditer(head))
    for person, after in itertools.pairwise(tokens):
        word = person.group(0).lower()
        if word in PERSONS or singular(word) in PERSONS:
            if head[person.end() : after.start()].isspace() and _key(after.group(0)) is not None:
                return head[after.start() :]
            return None
    return None

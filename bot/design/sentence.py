"""Reading a streamer's sentence for what it names, not word by word: the thing (a noun phrase, with what it wears
or holds), every colour with its modifier, the channel name in its common forms, the mood or vibe, the style,
the scene. A trailing "cozy vibe" is a mood, never the subject; "for my channel MochiMoo" is the name.

Used by the offline coach; the marks a subject calls for are chosen in ``mark_match``, the name is found in
``sentence_names`` and a sentence that names a field is read in ``field_naming``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.design.sentence_names import find_name
from bot.imaging.color_words import find_color_phrases

MOOD_WORDS = (
    "happy", "cheerful", "fierce", "angry", "calm", "chill", "mysterious", "confident", "playful", "serious",
    "cool", "cute", "smug", "determined", "excited", "friendly", "focused", "bold", "energetic", "spooky",
    "sleepy", "heroic", "menacing", "goofy", "relaxed", "epic", "cozy", "cosy", "wholesome", "dreamy", "edgy",
    "aggressive", "elegant", "soft", "warm", "fun", "silly", "sweet", "kawaii", "creepy", "eerie", "peaceful",
    "intense", "badass", "savage", "regal", "royal", "mischievous", "sassy", "lazy", "grumpy", "proud", "brave",
    "wild", "zen", "gloomy", "moody", "whimsical", "magical", "sinister", "dark", "cheeky", "joyful", "serene",
    "adventurous", "chaotic", "sleek", "fresh", "laid-back", "laid back", "funny", "loving", "shy", "curious",
)  # fmt: skip
STYLE_PHRASES = (
    "pixel art", "pixel", "8-bit", "8bit", "16-bit", "cartoon", "realistic", "3d", "watercolor", "watercolour", "flat",
    "comic", "chibi", "cyberpunk", "synthwave", "vaporwave", "low poly", "line art", "mascot", "esports", "e-sports",
    "anime", "manga", "retro", "vintage", "minimalist", "minimal", "kawaii", "neon", "vector", "hand-drawn",
    "hand drawn", "grunge", "gothic", "steampunk", "professional", "corporate", "clean", "modern", "arcade",
    "80s", "90s", "y2k", "lofi", "lo-fi",
)  # fmt: skip
SHAPE_WORDS = ("circle", "circular", "round", "shield", "badge", "hexagon", "square", "diamond", "triangle", "emblem",
               "wordmark", "crest")  # fmt: skip
_MOOD_NOUNS = r"(?:vibes?|feel(?:ing)?|energy|aesthetic|mood|atmosphere|tone|look|theme|style)"
SCENERY = re.compile(
    r"\b(space|stars?|starry|galaxy|planets?|city|cityscape|forest|sky|sunset|sunrise|gradient|glow|sea|ocean|"
    r"mountains?|night|clouds?|nebula|beach|desert|dungeon|arena|plain|solid|pattern|stripes|dots|grid|bokeh|"
    r"meadow|field|garden|waves?|underwater|jungle|snow|rain|background|backdrop|behind)\b",
    re.I,
)
_FILLER = re.compile(
    r"^(?:(?:hi|hey|hello|yo|sup|please|pls|ok|okay|so)\b[\s,!]*)*(?:(?:(?:i(?:'d| would)? )?(?:want|like|need)|i'?m "
    r"looking for|(?:can|could) (?:you|i) (?:please )?(?:get|have|make|draw|design|create)(?: me)?|"
    r"make(?: me)?|create(?: me)?|draw(?: me)?|design(?: me)?|"
    r"give me|how about|maybe|let'?s (?:do|go with)|it'?s|it is|something like|something with|just)\s+)+",
    re.I,
)
_LEAD = re.compile(r"^(?:(?:an?|the|my|our)\s+)?(?:(?:streamer\s+|gaming\s+|twitch\s+|simple\s+|cool\s+|new\s+)*"
                   r"(?:logo|pfp|profile pic(?:ture)?|avatar|icon|emblem|mascot logo|picture|image|design)\s+"
                   r"(?:of|with|showing|featuring|that is|that's)\s+)", re.I)  # fmt: skip
_TAIL = re.compile(r"\s+(?:logo|pfp|profile pic(?:ture)?|avatar|icon|emblem|mascot|design)$", re.I)
_ATTACH = re.compile(r"\s+(?:with|wearing|holding|in|on|carrying|sporting|riding|that has|who has|having|and|"
                     r"has|inside|under|behind|over|next to|beside)\s+", re.I)  # fmt: skip
_CHANNEL_TAIL = re.compile(r"\s*\b(?:for|on|of)\s+(?:my|our|the|a)\s+(?:[\w-]+\s+){0,3}?"
                           r"(?:channel|stream|brand|page|account|twitch|youtube)\b.*$", re.I)  # fmt: skip
_CHANNELISH = re.compile(r"\b(?:channel|streamer|stream|brand|handle|tag|name|clan|team|guild|squad|crew|community|"
                         r"server|discord|group|club|studio|collective|band|tournaments?|cup|podcast|show|tourneys?|"
                         r"league|twitch|youtube|kick|tiktok)\b", re.I)
_NAME_SAID = re.compile(r"\b(?:(?:the|streamer|channel|stream|user|display)\s+)?(?:name|text|called|named)\s*"
                        r"[:=-]?\s*$", re.I)  # fmt: skip
_NAME_VERB = re.compile(r"\s*(?:needs|wants|would like|is looking for|is getting)\s+")
_NAME_OWNER = re.compile(r"\b(?:streamer|channel|stream|user|display)\s+$", re.I)
_JOINERS = re.compile(r"\b(?:and|&|with|in|of|colou?rs?|colou?r scheme|scheme|palette|tones?|accents?|theme|shades?|"
                      r"please|only|mostly|mainly|using|use|plus|or|a|an|the|some|bit of|touch of|hint of)\b|[/+&:=-]",
                      re.I)  # fmt: skip


@dataclass(frozen=True)
class Reading:
    """What one sentence names. ``colours`` keep their modifiers as said ("pastel pink")."""

    subject: str | None = None
    accessory: str | None = None
    mood: str | None = None
    style: str | None = None
    colours: tuple[str, ...] = ()
    text: str | None = None
    background: str | None = None
    shape: str | None = None


def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)


_MOODS, _STYLES, _SHAPES = _words_re(MOOD_WORDS), _words_re(STYLE_PHRASES), _words_re(SHAPE_WORDS)


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,;.!?\n]|\s[-–—]\s|\s\|\s", text) if c.strip()]


def _only(clause: str, pattern: re.Pattern[str], extra: str = "") -> bool:
    """The clause says nothing but words of ``pattern`` (and joiners)."""
    rest = pattern.sub(" ", clause)
    rest = re.sub(extra, " ", rest, flags=re.I) if extra else rest
    rest = _JOINERS.sub(" ", rest)
    return not rest.strip(" ,.!?")


def _colour_clause(clause: str) -> bool:
    phrases = find_color_phrases(clause)
    if not phrases:
        return False
    rest = clause
    for phrase in phrases:
        rest = re.sub(re.escape(phrase.words).replace(r"\ ", r"[\s-]+"), " ", rest, flags=re.I)
    rest = re.sub(r"#[0-9a-f]{3,6}\b|\b(?:dark|light|pastel|deep|bright|neon|pale|soft|muted|hot)\b", " ", rest,
                  flags=re.I)  # fmt: skip
    return not _JOINERS.sub(" ", rest).strip(" ,.!?")


def _mood_clause(clause: str) -> str | None:
    """"cozy vibe", "chill vibes", "a dark spooky feel", "cute and cozy" -> the mood words."""
    if re.search(rf"\b{_MOOD_NOUNS}\b", clause, re.I) and (words := _MOODS.findall(clause)):
        return " and ".join(w.lower() for w in words)
    vibe = re.search(r"\b(?:vibes?|feel(?:ing)?|energy|mood|atmosphere)\b", clause, re.I)
    if vibe and (said := _without_noun(clause)):
        return said  # "hype energy" -> "hype"
    if _only(clause, _MOODS) and _MOODS.search(clause):
        return " and ".join(m.lower() for m in _MOODS.findall(clause))
    return None


def _without_noun(clause: str) -> str:
    rest = re.sub(rf"\b(?:an?|the|some|kind of|kinda|with|give it|it|should|have|has)\b|\b{_MOOD_NOUNS}\b", " ",
                  clause, flags=re.I)  # fmt: skip
    rest = _STYLES.sub(" ", rest)
    return " ".join(rest.split())


# "I stream Minecraft": about the user, not the thing to draw.
_CONTEXT = re.compile(r"^(?:(?:hi|hey|hello|yo|so)\b[\s,!]*)*(?:i|we)\s+"
                      r"(?:stream|play|do|make|run|host|am|'m|mostly)\b", re.I)


def clean_subject(clause: str) -> str:
    if _CONTEXT.match(clause):
        return ""
    clause = re.sub(r"^(?:logo|pfp|icon|avatar|idea|design|subject)\s*:\s*", "", clause.strip(), flags=re.I)
    clause = re.sub(r"^(?:with|of|featuring|showing)\s+", "", clause, flags=re.I)  # "(the NovaFox logo) with a fox"
    clause = _CHANNEL_TAIL.sub("", clause)
    clause = re.sub(r"\s+for\s+(?:[\w-]+\s+){0,2}(?:streams?|channel|videos?|content|broadcasts?)\b.*$", "", clause,
                    flags=re.I)  # "a ghost holding a pumpkin for halloween streams"
    clause = re.sub(r"\s+(?:logo|pfp|icon|emblem|avatar)\b(?=\s+(?:with|in|and|wearing|holding)\b)", "", clause,
                    flags=re.I)  # "a game controller logo with ..." -> "a game controller with ..."
    clause = re.sub(r"\s+(?:for|on|in|with|by)$", "", clause.strip(), flags=re.I)
    head, tail = split_accessory(clause)
    if tail is not None and _colour_clause(tail):  # "... with neon purple and electric blue": colours, not a thing
        clause = head
    clause = _FILLER.sub("", clause).strip()
    clause = _LEAD.sub("", clause).strip()
    clause = _TAIL.sub("", clause).strip()
    styled = _STYLES.sub(" ", clause)  # "a pixel art cat" -> "a cat": the style is its own field
    styled = re.sub(r"\b(?:style|styled)\b", " ", styled, flags=re.I)
    styled = re.sub(r"^(?:an?|the)\s+(?=(?:an?|the)\b)", "", " ".join(styled.split()), flags=re.I)
    if re.search(r"[a-z]{3}", re.sub(r"\b(?:an?|the|my)\b", "", styled, flags=re.I)):
        clause = styled
    # A style word taken out leaves its article: "an arcade joystick" -> "a joystick", "me as an anime ninja" -> "me
    # as a ninja"; "a unicorn" stays (said "yoo").
    clause = _ARTICLE.sub(lambda m: _article(m.group(2), m.group(1)) + m.group(0)[len(m.group(1)) :], clause)
    return clause.strip(" .,!-:")[:120]


_ARTICLE = re.compile(r"\b(an?)\s+([A-Za-z]+)", re.I)
_SAID_YOU = re.compile(r"^(?:uni|use|usu|uti|ure|eu|ewe|one|once|u[bcdfgklmnprstvz][aeiou])", re.I)
_SILENT_H = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)


def _article(word: str, said: str) -> str:
    """The article ``word`` takes, in the case it was said in."""
    vowel = (word[0].lower() in "aeiou" and not _SAID_YOU.match(word)) or bool(_SILENT_H.match(word))
    article = "an" if vowel else "a"
    return article.capitalize() if said[0].isupper() else article


def split_accessory(subject: str) -> tuple[str, str | None]:
    """"a pink bunny with headphones" -> ("a pink bunny", "headphones"); "a cat wearing a tiny crown" -> the cat,
    "a tiny crown"."""
    parts = _ATTACH.split(subject, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return subject, None


def read_sentence(text: str, has_subject_word: Callable[[str], bool] = lambda clause: False) -> Reading:
    """Every field one sentence names. ``has_subject_word(clause)`` says whether a clause names a thing a mark
    stands for (it picks the subject clause among several)."""
    text = " ".join(text.split())
    found: dict[str, object] = {}
    named = find_name(text)
    rest = text
    if named is not None:
        found["text"] = named[0]
        start, end = named[1]
        # "for my travel stream WanderWithMira": the words leading to the name go with it.
        lead = _CHANNEL_TAIL.search(text[:end])
        start = min(start, lead.start()) if lead and lead.start() < start else start
        mine = re.search(r"\b(?:my|our)\s+(?:[\w'-]+\s+){0,2}$", text[:start], re.I)  # "my stream is X"
        lead_words = text[mine.start() : start] + text[start:end].split(maxsplit=1)[0] if mine else ""
        if mine and _CHANNELISH.search(lead_words):  # not "my cat Luna" before "with the name X"
            start = mine.start()
        elif said := _NAME_SAID.search(text[:start]):
            start = said.start()  # "..., name AcePilot"
        elif (owner := _NAME_OWNER.search(text[:start])) and re.match(r"(?i)name\b", text[start:]):
            start = owner.start()  # "streamer name: Kairo"
        after = _NAME_VERB.match(text[end:]) if start == 0 else None  # "ChampionsCup24 needs a lion head"
        end += after.end() if after else 0
        rest = text[:start] + " , " + text[end:]
    clauses = _clauses(rest)
    colours = [p.words for c in clauses if _colour_clause(c) for p in find_color_phrases(c)]
    moods: list[str] = []
    subjects: list[str] = []
    scenic: list[str] = []
    origins: dict[str, str] = {}
    for clause in clauses:
        if _colour_clause(clause):
            continue
        if (mood := _mood_clause(clause)) is not None:
            moods.append(mood)
            continue
        if _only(clause, _STYLES, r"\b(?:style|styled|look|art|design|logo|pfp|vibes?)\b"):
            found.setdefault("style", _STYLES.search(clause).group(0).lower() if _STYLES.search(clause) else None)
            continue
        if _only(clause, _SHAPES, r"\b(?:shape|shaped|badge|logo)\b") and _SHAPES.search(clause):
            found["shape"] = _SHAPES.search(clause).group(0).lower()  # type: ignore[union-attr]
            continue
        if (scene := _BACKGROUND.search(clause)) is not None:
            found.setdefault("background", " ".join((scene.group("a") or scene.group("b") or "").split()))
            clause = (clause[: scene.start()] + " " + clause[scene.end() :]).strip()
            if not clause:
                continue
        head, tail = split_accessory(clause)
        if tail and has_subject_word(head) and SCENERY.search(tail) and not SCENERY.search(head):
            found.setdefault("background", _scene_text(tail))  # "a flying saucer over a city"
            clause = head
        elif SCENERY.search(clause):  # a scene, unless no other clause names the thing ("a wave")
            found.setdefault("background", _scene_text(clause))
            if has_subject_word(clause):
                scenic.append(clean_subject(clause))
            continue
        subject = clean_subject(clause)
        if subject and re.search(r"[A-Za-z]{3}", re.sub(r"(?i)\b(?:my|our|the|an?|it|its|me)\b", "", subject)):
            subjects.append(subject)
            origins[subject] = clause
    if not subjects and scenic:
        subjects, found["background"] = scenic, None
    if subjects:
        marked = [s for s in subjects if has_subject_word(split_accessory(s)[0])]
        subject = (marked or subjects)[0]
        found["subject"] = subject
        found["accessory"] = split_accessory(subject)[1]
    subject_text = found.get("subject")
    outside = rest
    clause_of = origins.get(subject_text) if isinstance(subject_text, str) else None
    if isinstance(subject_text, str) and clause_of and clause_of in rest:
        said_with = {p.words for p in find_color_phrases(subject_text)}
        tails = " , ".join(p.words for p in find_color_phrases(clause_of) if p.words not in said_with)
        outside = rest.replace(clause_of, " . ", 1) + " . " + tails  # "a dragon breathing fire in crimson"
    colours = [p.words for p in find_color_phrases(outside)] or colours
    if not colours:  # no colour said apart: the colours said with the thing ("a red fox")
        colours = [p.words for p in find_color_phrases(text)]
    lowered = text.lower()  # in the order said
    colours.sort(key=lambda c: lowered.find(c) if c in lowered else len(lowered))
    if isinstance(subject_text, str):  # "a black cat, lavender and mint": black was named too, after the others
        said = " ".join(colours)
        colours += [p.words for p in find_color_phrases(subject_text) if p.words not in said]
    found["colours"] = tuple(dict.fromkeys(colours))
    uncoloured = rest  # "royal purple" is a colour, not a royal mood; "neon purple" not the neon style
    for colour in found["colours"]:  # type: ignore[attr-defined]
        uncoloured = re.sub(re.escape(colour).replace(r"\ ", r"[\s-]+"), " ", uncoloured, flags=re.I)
    mood_words = moods or [m.lower() for m in _MOODS.findall(uncoloured) if m.lower() != "dark" or not colours]
    if mood_words:
        found["mood"] = mood_words[0]
    if "style" not in found and (style := _STYLES.search(uncoloured)):
        found["style"] = style.group(0).lower()
    if "shape" not in found and (shape := _SHAPES.search(rest)):
        found["shape"] = shape.group(0).lower()
    return Reading(**{k: v for k, v in found.items() if v is not None})  # type: ignore[arg-type]


_BACKGROUND = re.compile(
    r"(?:\b(?:on|against|over|with|in front of|set on)\s+)?(?:an?\s+|the\s+)?(?P<a>[\w -]{2,40}?)\s+"
    r"(?:background|backdrop)\b"
    r"|\b(?:background|backdrop)\s*(?:of|is|:|=|with|should be)?\s+(?:an?\s+|the\s+)?(?P<b>[\w -]{2,40})",
    re.I,
)


def _scene_text(clause: str) -> str:
    clause = re.sub(r"^(?:with|on|in front of|against|over)\s+", "", clause.strip(), flags=re.I)
    clause = re.sub(r"\s*\b(?:as\s+(?:the\s+)?|for\s+(?:the\s+)?)?(?:background|backdrop)\b\s*(?:of|is|:)?\s*", " ",
                    clause, flags=re.I)  # fmt: skip
    return " ".join(clause.split())[:120] or clause

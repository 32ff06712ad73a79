"""Reading a streamer's sentence for what it names, not word by word: the thing (a noun phrase, with what it wears
or holds), every colour with its modifier, the channel name in its common forms, the mood or vibe, the style,
the scene. A trailing "cozy vibe" is a mood, never the subject; "for my channel MochiMoo" is the name.

Used by the offline coach; the marks a subject calls for are chosen in ``mark_match``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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
# The name: "for my channel NovaFox", "channel: Nova Fox", "my stream is called Kaizen", "twitch.tv/kage",
# "@mochimoo", "KageBlade on Twitch", "the text should say X", quoted words.
_NAME = r"([A-Za-z0-9@_][\w.@-]{1,23}(?:\s[A-Z0-9][\w.-]{1,15})?)"
_CHANNEL_WORD = (r"(?:channel|stream|brand|handle|username|user name|gamertag|gamer tag|tag|ign|twitch|youtube|kick|"
                 r"tiktok)")
_NAME_FORMS = [
    re.compile(rf"\b{_CHANNEL_WORD}(?:\s+name)?\s*(?:is\s+|=\s*|:\s*|-\s+)?(?:called\s+|named\s+)?[\"“']?{_NAME}",
               re.I),
    re.compile(r"\b(?:twitch\.tv|youtube\.com|kick\.com|tiktok\.com)/@?([\w.-]{2,25})", re.I),
    re.compile(r"(?:^|\s)@([\w.]{2,25})"),
    re.compile(r"\b([A-Z][\w.-]{1,23})\s+on\s+(?:twitch|youtube|kick|tiktok)\b", re.I),
    re.compile(r"\b(?i:i'?m|i am|i go by|call me|known as|streaming as|streams? as|goes by)\s+[\"“']?"
               r"([A-Z][\w.-]{1,23})"),
    re.compile(r"\bfor\s+([A-Z][a-z0-9]+(?:[A-Z0-9][A-Za-z0-9_]*)+)\b"),  # "..., for ShogunNights"
    re.compile(r"\b([A-Z][a-z0-9]+(?:[A-Z0-9][A-Za-z0-9_]*)+)(?:'s)?\s+(?i:logo|pfp|stream|channel|brand)\b"),
    re.compile(r"\b(?:logo|pfp|picture|avatar|icon)\s+(?:called|named|for|that says)\s+[\"“']?([A-Z][\w.-]{1,23})"),
    # ", called CrustLord" / "it's called X" (but not "my cat named Luna": a pet's name is not the channel's)
    re.compile(r"(?:^|[,;:]\s*|\b(?:it|that|which)(?:'s|\s+is)\s+)(?:called|named)\s+[\"“']?([A-Z0-9][\w.-]{1,23})"),
]
_TEXT_FORMS = [
    re.compile(r"\b(?:the\s+)?(?:text|name|lettering|wording|words|letters|initials)\s*(?:should\s+)?"
               r"(?:says?|reads?|be|is|:|=)\s*:?\s*[\"“']?([^\"“”',.;!?]{1,30})", re.I),
    re.compile(r"\b(?:it|that)\s+(?:should\s+)?(?:says?|reads?)\s*:?\s*[\"“']?([^\"“”',.;!?]{1,30})", re.I),
    re.compile(r"\b(?:with|saying|says)\s+(?:the\s+)?(?:text|name|words?)\s*:?\s*[\"“']?([^\"“”',.;!?]{1,30})", re.I),
    re.compile(r"[\"“]([^\"“”]{1,30})[\"”]"),
]
_NO_TEXT = re.compile(r"\b(?:no (?:text|words|letters|lettering|name)|without (?:any )?(?:text|words|letters))\b", re.I)
_NOT_NAMES = {"is", "and", "the", "name", "called", "named", "for", "with", "on", "a", "an", "about", "where", "that",
              "which", "logo", "pfp", "it", "my", "our", "this", "be", "will", "should", "has", "have", "in", "of",
              "to", "i", "me", "was", "so", "but", "or", "stream", "channel", "like", "very"}  # fmt: skip
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


_LONE_NAME = re.compile(r"(?:^|[,.;!?]\s*|\s[-–—]\s*)([A-Z][a-z0-9]+(?:[A-Z0-9_][A-Za-z0-9_]*)+|[A-Z0-9_]{4,16}|"
                        r"[A-Za-z]+_\w+|[A-Za-z]+\d+\w*)\s*(?=$|[,.;!?]|\s[-–—]\s)")  # fmt: skip


def find_name(text: str) -> tuple[str, tuple[int, int]] | None:
    """The channel name or the text to write, and where it was said ("…, ShredZone" alone counts)."""
    if _NO_TEXT.search(text):
        match = _NO_TEXT.search(text)
        assert match is not None
        return "none", match.span()
    for form in (*_TEXT_FORMS[:3], *_NAME_FORMS, _TEXT_FORMS[3]):
        for match in form.finditer(text):
            name = match.group(1).strip(" .,!\"'“”")
            first = name.split()[0].lower().lstrip("@") if name.split() else ""
            if not name or first in _NOT_NAMES or (form in _NAME_FORMS and _lower_word(name, form)):
                continue
            if len(name.split()) == 2 and name.split()[1].lower() in _NOT_NAMES | {"and", "stream", "channel"}:
                name = name.split()[0]
            return name.lstrip("@") if form is not _TEXT_FORMS[3] else name, match.span()
    if lone := _LONE_NAME.search(text):
        return lone.group(1), lone.span(1)
    return None


def _lower_word(name: str, form: re.Pattern[str]) -> bool:
    """A lower-case word after "channel" is a name only when it looks like one (no common word)."""
    word = name.split()[0]
    return word.islower() and form is _NAME_FORMS[0] and (len(word) < 4 or word in _COMMON)


_COMMON = {"about", "where", "which", "there", "their", "something", "gaming", "games", "music", "art", "cooking",
           "travel", "coding", "mostly", "really", "pretty", "going", "starting", "doing", "called", "named"}


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


def _clean_subject(clause: str) -> str:
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
    clause = re.sub(r"^an?\s+(?=[aeiou])", "an ", clause, flags=re.I)
    clause = re.sub(r"^an\s+(?=[b-df-hj-np-tv-z])", "a ", clause, flags=re.I)  # "an arcade joystick" -> "a joystick"
    return clause.strip(" .,!-:")[:120]


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
        if mine := re.search(r"\b(?:my|our)\s+(?:[\w-]+\s+){0,2}$", text[:start], re.I):  # "my stream is X"
            start = mine.start()
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
                scenic.append(_clean_subject(clause))
            continue
        subject = _clean_subject(clause)
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


# A sentence that names a field: "the main element is …", "change the main element to: …", "the text should say …",
# "colours: …", "background: …". It changes exactly that field, whatever question was pending.
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
    if field == "subject":
        return _clean_subject(value) or None
    return value[:120]

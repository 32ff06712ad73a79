"""The channel name in a streamer's sentence, in its common forms: "for my channel NovaFox", "channel: Nova Fox",
"my stream is called Kaizen", "twitch.tv/kage", "@mochimoo", "KageBlade on Twitch", "the text should say X", quoted
words, a lone "…, ShredZone"; "no text" says there is none."""

from __future__ import annotations

import re

# The name: "for my channel NovaFox", "channel: Nova Fox", "my stream is called Kaizen", "twitch.tv/kage",
# "@mochimoo", "KageBlade on Twitch", "the text should say X", quoted words.
_NAME = r"([A-Za-z0-9@_][\w.@-]{1,23}(?:\s[A-Z0-9][\w.-]{1,15})?)"
_CHANNEL_WORD = (r"(?:channel|streamer|stream|brand|handle|username|user name|gamertag|gamer tag|tag|ign|twitch|"
                 r"youtube|kick|tiktok)(?:\s+(?:channel|stream|community|server|clan|team|guild|crew))?")
# A group a streamer names: "for my clan NightFang", "guild: IronOath", "our weekly tourneys HarborCup". The name
# must start with a capital or a digit here ("my team colours" names nothing).
_GROUP_WORD = (r"(?:clan|team|guild|squad|crew|community|server|discord|group|league|tourneys?|tournaments?|"
               r"cup|podcast|show|studio|club|collective|band)")
_UP_NAME = r"([A-Z0-9][\w.'-]{1,23}(?:\s[A-Z0-9][\w.-]{1,15}){0,2})"
# Where text sits in the picture: "with LUNA underneath", "StarDrifter written below", "BuzzyBee42 on the badge".
_PLACE = (r"(?:(?:written|spelled|spelt|lettered|printed)(?:\s+(?:out\s+)?(?:underneath|below|beneath|above|under|"
          r"across|on|at|in)\b[\w ]{0,16}?)?|underneath|below|beneath|above|under\s+it|on\s+top|across\s+it|"
          r"on\s+(?:it|the\s+(?:badge|banner|ribbon|bottom|top|logo|shield|sign)))")
_NAME_FORMS = [
    re.compile(rf"\b{_CHANNEL_WORD}(?:\s+name)?\s*(?:is\s+|=\s*|:\s*|-\s+)?(?:called\s+|named\s+)?[\"“']?{_NAME}",
               re.I),
    re.compile(rf"\b{_GROUP_WORD}(?:\s+name)?\s*(?:is\s+|:\s*|-\s+)?(?:called\s+|named\s+)?[\"“']?{_UP_NAME}"),
    re.compile(rf"\bfor\s+the\s+([A-Z0-9][\w'-]*(?:\s+[A-Z0-9][\w'-]*){{0,3}})\s+(?i:{_GROUP_WORD}|stream|channel|"
               r"pod|vods?)\b"),
    re.compile(r"(?:^|[,;]\s*)(?i:(?:the\s+)?name)\s*(?:is\s+|:\s*|-\s+)?([A-Z0-9][\w.-]{1,23})"),  # ", name Frogg"
    re.compile(r"\b(?:twitch\.tv|youtube\.com|kick\.com|tiktok\.com)/@?([\w.-]{2,25})", re.I),
    re.compile(r"(?:^|\s)@([\w.]{2,25})"),
    re.compile(r"\b([A-Z][\w.-]{1,23})\s+on\s+(?:twitch|youtube|kick|tiktok)\b", re.I),
    re.compile(r"\b(?i:i'?m|i am|i go by|call me|known as|streaming as|streams? as|goes by)\s+[\"“']?"
               r"([A-Z][\w.-]{1,23})"),
    re.compile(r"\bfor\s+([A-Z][a-z0-9]+(?:[A-Z0-9][A-Za-z0-9_]*)+)\b"),  # "..., for ShogunNights"
    re.compile(r"\b([A-Z][a-z0-9]+(?:[A-Z0-9_][A-Za-z0-9_]*)+)(?:'s)?\s+(?i:logo|pfp|streams?|channel|brand)\b"),
    re.compile(r"\b(?:logo|pfp|picture|avatar|icon)\s+(?:called|named|for|that says)\s+[\"“']?([A-Z][\w.-]{1,23})"),
    # ", called CrustLord" / "it's called X" (but not "my cat named Luna": a pet's name is not the channel's)
    re.compile(r"(?:^|[,;:]\s*|\b(?:it|that|which)(?:'s|\s+is)\s+)(?:called|named)\s+[\"“']?([A-Z0-9][\w.-]{1,23})"),
]
_TEXT_FORMS = [
    re.compile(rf"\b(?:(?:with|put|write|add|print)\s+(?:the\s+(?:name|text|words?|letters|title)\s+)?)?(?<![\w'])"
               rf"(?P<q>[\"“']?)(?<!\w)([A-Z0-9][\w.-]{{1,23}}(?:\s[A-Z0-9][\w.-]{{1,15}}){{0,2}})"
               rf"[\"”']?\s+(?P<place>{_PLACE})(?=$|[\s,.;!?])"),
    re.compile(r"\b(?:saying|that says|which says)\s+[\"“']?([A-Z0-9][\w.-]{0,23}(?:\s[A-Z0-9][\w.-]{1,15}){0,2})"),
    re.compile(r"\b(?:the\s+)?(?:text|name|lettering|wording|words|letters|initials)\s*(?:should\s+)?"
               r"(?:says?|reads?|be|is|:|=)\s*:?\s*[\"“']?([^\"“”',.;!?]{1,30})", re.I),
    re.compile(r"\b(?:it|that)\s+(?:should\s+)?(?:says?|reads?)\s*:?\s*[\"“']?([^\"“”',.;!?]{1,30})", re.I),
    re.compile(r"\b(?:with|saying|says|add|write|put)\s+(?:the\s+)?(?:text|name|words?|letters|initials)\s*:?\s*"
               r"[\"“']?([^\"“”',.;!?]{1,30})", re.I),
    re.compile(r"[\"“]([^\"“”]{1,30})[\"”]|(?<![\w'])'([^'\"]{2,30})'(?![\w'])"),
]
_WRITTEN = 5  # the written-text forms before the quoted words
_NO_TEXT = re.compile(r"\b(?:no (?:text|words|letters|lettering|name)|without (?:any )?(?:text|words|letters))\b", re.I)
_NOT_NAMES = {"is", "and", "the", "name", "called", "named", "for", "with", "on", "a", "an", "about", "where", "that",
              "which", "logo", "pfp", "it", "my", "our", "this", "be", "will", "should", "has", "have", "in", "of",
              "to", "i", "me", "was", "so", "but", "or", "stream", "channel", "like", "very"}  # fmt: skip

_LONE_NAME = re.compile(r"(?:^|[,.;!?]\s*|\s[-–—]\s*)([A-Z][a-z0-9]+(?:[A-Z0-9_][A-Za-z0-9_]*)+|[A-Z0-9_]{4,16}|"
                        r"[A-Za-z]+_\w+|[A-Za-z]+\d+\w*)\s*(?=$|[,.;!?]|\s[-–—]\s)")  # fmt: skip
# A clause of capitalised words ending as channel names do: ", Wolf Pack Gaming", ", Cozy Corner TV".
_LONE_BRAND = re.compile(r"(?:^|[,;]\s*)((?:[A-Z][\w'-]*\s+){1,3}(?:Gaming|TV|Plays|Streams|Live|Studios?|Esports|"
                         r"Games|Podcast|Show|Clips|Radio|Crew|Squad|Clan))\s*(?=$|[,.;!?])")  # fmt: skip


# A name standing alone anywhere: CamelCase ("PixelPapa88"), letters with digits ("Wolves77"), an underscore.
_TOKEN = re.compile(r"(?<![\w'@/.])([A-Za-z][A-Za-z0-9_]{3,24})(?![\w@/])")
_BRANDS = {"youtube", "tiktok", "playstation", "iphone", "ipad", "xbox", "nintendo", "twitch", "discord",
           "mcdonalds", "starcraft", "minecraft", "fortnite", "pokemon", "linkedin", "facebook", "booktok",
           "macbook", "github", "whatsapp", "powerpoint", "spongebob", "mcdonald", "airpods", "gametok"}  # fmt: skip
_TRAILING_PLACE = re.compile(r"\s+(?:underneath|below|beneath|above|under it|on top|at the (?:bottom|top))$", re.I)


def _name_like(word: str) -> bool:
    """CamelCase, letters with digits or an underscore: how channel names look, and ordinary words don't."""
    if word.lower() in _BRANDS:
        return False
    camel = re.search(r"[a-z][A-Z]", word) is not None and word[0].isupper()
    digits = re.search(r"\d", word) is not None and len(re.findall(r"[A-Za-z]", word)) >= 3
    return camel or digits or re.search(r"[A-Za-z]_[A-Za-z0-9]", word) is not None


def _written_ok(form_index: int, match: re.Match[str], name: str) -> bool:
    """Text placed in the picture ("with X underneath", "saying X") is read only when it looks written: capitals,
    a channel-like word, quotes or "written" ("a rocket with a Moon above" asks for no text)."""
    if form_index > 1:
        return True
    shout = name.replace(" ", "").isupper() and len(name.replace(" ", "")) >= 2
    said = form_index == 1 or bool(match.group("q")) or match.group("place").lower().startswith(("written", "spel"))
    return shout or said or _name_like(name.split()[0])


def find_name(text: str) -> tuple[str, tuple[int, int]] | None:
    """The channel name or the text to write, and where it was said ("…, ShredZone" alone counts)."""
    if _NO_TEXT.search(text):
        match = _NO_TEXT.search(text)
        assert match is not None
        return "none", match.span()
    for form in (*_TEXT_FORMS[:_WRITTEN], *_NAME_FORMS, _TEXT_FORMS[_WRITTEN]):
        index = _TEXT_FORMS.index(form) if form in _TEXT_FORMS else -1
        for match in form.finditer(text):
            said = next((g for g in match.groups()[1 if index == 0 else 0:] if g), "")
            name = _TRAILING_PLACE.sub("", said.strip(" .,!\"'“”")).strip(" .,!\"'“”")
            if name and index in (0, 1) and not _written_ok(index, match, name):
                continue
            if name.lower().startswith("the ") and len(name.split()) > 1 and form in _NAME_FORMS[1:3]:
                return name, match.span()  # "my gaming group The Night Shift"
            if index == 2 and re.search(r"'s\s+$", text[: match.start()]):  # "my cat's name is Luna": the pet's
                continue
            first = name.split()[0].lower().lstrip("@") if name.split() else ""
            if not name or first in _NOT_NAMES or (form in _NAME_FORMS and _lower_word(name, form)):
                continue
            if len(name.split()) == 2 and name.split()[1].lower() in _NOT_NAMES | {"and", "stream", "channel"}:
                name = name.split()[0]
            return name.lstrip("@") if index != _WRITTEN else name, match.span()
    if lone := _LONE_NAME.search(text) or _LONE_BRAND.search(text):
        return lone.group(1), lone.span(1)
    for token in _TOKEN.finditer(text):  # "ChampionsCup24 needs a lion head"
        if _name_like(token.group(1)):
            return token.group(1), token.span(1)
    return None


def _lower_word(name: str, form: re.Pattern[str]) -> bool:
    """A lower-case word after "channel" is a name only when it looks like one (no common word)."""
    word = name.split()[0]
    return word.islower() and form is _NAME_FORMS[0] and (len(word) < 4 or word in _COMMON)


_COMMON = {"about", "where", "which", "there", "their", "something", "gaming", "games", "music", "art", "cooking",
           "travel", "coding", "mostly", "really", "play", "pretty", "going", "starting", "doing", "called", "named"}

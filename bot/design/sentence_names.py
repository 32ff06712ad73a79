"""The channel name in a streamer's sentence, in its common forms: "for my channel NovaFox", "channel: Nova Fox",
"my stream is called Kaizen", "twitch.tv/kage", "@mochimoo", "KageBlade on Twitch", "the text should say X", quoted
words, a lone "…, ShredZone"; "no text" says there is none."""

from __future__ import annotations

import re

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

"""User text as it may be written anywhere (a README, a banner, a thread's name, a brief): without control
characters. Bidi overrides and isolates (U+202A-202E, U+2066-2069) make a name read backwards or hide what follows
it; other format characters and C0/C1 controls are invisible at best. The zero-width joiner and non-joiner stay:
emoji sequences and several scripts need them."""

from __future__ import annotations

import unicodedata

_KEPT = {"\u200c", "\u200d"}
_SPACES = set("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def plain(text: str) -> str:
    """``text`` without control and format characters, its spaces folded (line breaks and tabs become one)."""
    kept = []
    for c in text:
        if c in _SPACES:
            kept.append(" ")
        elif c in _KEPT or unicodedata.category(c) not in ("Cc", "Cf"):
            kept.append(c)
    return " ".join("".join(kept).split())

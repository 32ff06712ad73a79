"""What a brand kit's self-check found on the model's art: facts the front ends word (``KitMade.flaws``).

A kit's art is kept with its render, and so are the flaws found, as JSON. Kits kept before flaws were facts stored
the self-check's sentences joined into one line: that line is still read, as one flaw whose ``said`` it is.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Literal

FlawKind = Literal["stray_lettering", "other_style", "said"]


@dataclass(frozen=True)
class KitFlaw:
    kind: FlawKind  # lettering the model added beyond our words, a style unlike the render's, or an older kit's line
    file: str = ""  # the kit's file the piece is (e.g. "twitch/offline-banner.png")
    lettering: str = ""  # the stray words read (stray_lettering), cut to 40 characters
    repainted: bool = False  # that art was painted again (once per aspect family, within the credit's attempts)
    said: str = ""  # "said": a kit kept before flaws were facts, its stored line as it was


def repainted(flaw: KitFlaw) -> KitFlaw:
    return replace(flaw, repainted=True)


def flaws_json(flaws: list[KitFlaw] | tuple[KitFlaw, ...]) -> str | None:
    """The flaws as kept with the kit's art (None: none found)."""
    return json.dumps([asdict(f) for f in flaws], ensure_ascii=False) if flaws else None


def flaws_of(stored: str | None) -> tuple[KitFlaw, ...]:
    """The flaws kept with a kit's art: the JSON written now, or an older kit's line of sentences."""
    if not stored:
        return ()
    try:
        rows = json.loads(stored)
    except ValueError:
        rows = None
    if not isinstance(rows, list):
        return (KitFlaw("said", said=stored),)
    return tuple(KitFlaw(**{k: v for k, v in row.items() if k in KitFlaw.__dataclass_fields__}) for row in rows)

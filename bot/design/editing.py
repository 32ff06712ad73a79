"""An edit of an offline design: the design it edits follows what the brief now names (a new name, colours or
subject named in words), then the change moves its parameters. When the result is the design it started from,
the edit would draw the same picture: the render domain then spends nothing and says so."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.design.mark_words import SUBJECTS
from bot.design.reading import edited
from bot.design.spec import DesignSpec

_SWAP = re.compile(r"\b(?:swap|switch|invert|reverse|flip)\b.*\bcolou?rs?\b|\bcolou?rs?\b.*\b(?:swapped|reversed)\b",
                   re.I)  # fmt: skip


def _same_subject(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same subject, perhaps another of its marks (Vary walks them)."""
    if a[:1] == b[:1]:
        return True
    return bool(a and b) and any(a[0] in marks and b[0] in marks for marks in SUBJECTS.values())


def follow_brief(previous: DesignSpec, fresh: DesignSpec) -> DesignSpec:
    """``previous`` with what the brief names now (``fresh`` is the brief's own design): the text, the named
    colours, the subject's marks. Everything an edit moved (tone, sizes, shape, layout) stays."""
    updates: dict[str, object] = {}
    if fresh.text != previous.text:
        updates.update(text=fresh.text, monogram=fresh.monogram)
    if fresh.named and set(fresh.palette[: fresh.named]) != set(previous.palette[: previous.named]):
        updates.update(palette=fresh.palette, named=fresh.named)
    if not _same_subject(fresh.marks, previous.marks) or fresh.accessory != previous.accessory:
        updates.update(marks=fresh.marks, accessory=fresh.accessory, monogram=fresh.monogram)
    return replace(previous, **updates) if updates else previous  # type: ignore[arg-type]


def edit_spec(previous: DesignSpec, change: str, fresh: DesignSpec | None = None) -> DesignSpec:
    """The design an edit draws: ``previous`` following the brief, then moved by ``change``."""
    spec = follow_brief(previous, fresh) if fresh is not None else previous
    if _SWAP.search(change) and len(spec.palette) >= 2:
        lead = max(spec.named, 2)
        spec = replace(spec, palette=spec.palette[:lead][::-1] + spec.palette[lead:])
        change = _SWAP.sub(" ", change)
    return edited(spec, change)

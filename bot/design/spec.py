"""What the offline design engine draws: every choice made from the brief, as plain data (kept in the PNG so an
edit moves parameters of the design it edits, rather than starting again)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Treatment = Literal["gaming", "minimal", "vibrant", "anime", "retro", "professional"]
Shape = Literal["circle", "shield", "hexagon", "rounded", "diamond", "wordmark"]
Scene = Literal["plain", "gradient", "stars", "pattern"]
SHAPES: tuple[Shape, ...] = ("circle", "shield", "hexagon", "rounded", "diamond", "wordmark")

# The PNG text chunk that carries the spec (and the one that names the lettering drawn, for the self-check).
SPEC_KEY = "pc-design-spec"


@dataclass(frozen=True)
class DesignSpec:
    creation_type: str
    treatment: Treatment
    palette: tuple[str, ...]  # brand colours first (all of those named), then the preset's
    named: int  # how many palette entries the user named
    marks: tuple[str, ...]  # the subject mark, then an emblem (may be empty: a monogram then)
    monogram: str
    shape: Shape
    scene: Scene
    text: str | None
    seed: int = 0
    layout: int = 0  # Vary: where the words sit and how the emblem pairs with the subject
    tone: float = 0.0  # edits: -1 darker .. +1 lighter (the designed background and badge)
    text_scale: float = 1.0
    text_weight: float = 1.0  # outline around the words
    notes: tuple[str, ...] = field(default_factory=tuple)
    pastel: float = 0.0  # the mood: 0 .. 1 towards soft tints (pastel, cozy, cute)
    roundness: float = 0.0  # the mood: -1 sharp (esports, aggressive) .. +1 round (cozy, cute)
    accessory: str | None = None  # a mark the subject wears ("a cat wearing a crown"), drawn on it
    subject_color: str | None = None  # the colour the subject phrase gives the thing ("a pink bunny"): the mark's

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

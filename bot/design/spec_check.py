"""A design spec read back from a PNG, checked before anything is drawn from it: each field's type, its range or
its known values, and the sizes of its lists and strings. Anything else is SpecInvalid. Only the server writes
these today, but a file that reaches here by another path must not make drawing raise or draw something absurd."""

from __future__ import annotations

import json
import math
import re
from typing import Any, get_args

from bot.design.assets import marks
from bot.design.spec import SHAPES, DesignSpec, Scene, Treatment
from bot.model import FIELD_MAX, TYPES

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_NUMBERS = {  # field -> (lowest, highest): wider than what reading.py makes, never absurd
    "tone": (-1.0, 1.0), "text_scale": (0.25, 4.0), "text_weight": (0.0, 6.0), "pastel": (0.0, 1.0),
    "roundness": (-1.0, 1.0),
}  # fmt: skip


class SpecInvalid(ValueError):
    pass


def spec_from_json(text: str) -> DesignSpec:
    return DesignSpec(**checked(json.loads(text)))


def checked(data: Any) -> dict[str, Any]:
    """The keyword arguments of a DesignSpec, from JSON data that may be anything."""
    if not isinstance(data, dict):
        raise SpecInvalid("a design spec is an object")
    known = {"creation_type", "treatment", "palette", "named", "marks", "monogram", "shape", "scene", "text", "seed",
             "layout", "notes", "accessory", "subject_color", *_NUMBERS}  # fmt: skip
    if unknown := set(data) - known:
        raise SpecInvalid(f"unknown fields {sorted(unknown)}")
    palette = _strings(data.get("palette"), "palette", 1, 16, 7)
    if not all(_COLOUR.fullmatch(colour) for colour in palette):
        raise SpecInvalid("palette: colours are #rrggbb")
    spec = {
        "creation_type": _one_of(data.get("creation_type"), "creation_type", tuple(TYPES)),
        "treatment": _one_of(data.get("treatment"), "treatment", get_args(Treatment)),
        "palette": palette,
        "named": _integer(data.get("named", 0), "named", 0, len(palette)),
        "marks": _strings(data.get("marks"), "marks", 0, 3, 80),
        "monogram": _text(data.get("monogram"), "monogram", 4),
        "shape": _one_of(data.get("shape"), "shape", SHAPES),
        "scene": _one_of(data.get("scene"), "scene", get_args(Scene)),
        "text": None if data.get("text") is None else _text(data["text"], "text", FIELD_MAX),
        "seed": _integer(data.get("seed", 0), "seed", 0, 2**63),
        "layout": _integer(data.get("layout", 0), "layout", 0, 99),
        "notes": _strings(data.get("notes"), "notes", 0, 20, 400),
        "accessory": None if data.get("accessory") is None else _text(data["accessory"], "accessory", 80),
    }
    if (subject_color := data.get("subject_color")) is not None:
        if not isinstance(subject_color, str) or not _COLOUR.fullmatch(subject_color):
            raise SpecInvalid("subject_color: a colour as #rrggbb")
        spec["subject_color"] = subject_color
    for name, (low, high) in _NUMBERS.items():
        if name in data:
            spec[name] = _number(data[name], name, low, high)
    if unknown_marks := [m for m in (*spec["marks"], spec["accessory"]) if m is not None and m not in marks()]:
        raise SpecInvalid(f"unknown marks {unknown_marks}")
    return spec


def _one_of(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed or not isinstance(value, str):
        raise SpecInvalid(f"{name}: one of {', '.join(allowed)}")
    return value


def _text(value: Any, name: str, longest: int) -> str:
    if not isinstance(value, str) or len(value) > longest:
        raise SpecInvalid(f"{name}: a string of at most {longest} characters")
    return value


def _strings(value: Any, name: str, fewest: int, most: int, longest: int) -> tuple[str, ...]:
    items = value if value is not None else []
    if not isinstance(items, list) or not fewest <= len(items) <= most:
        raise SpecInvalid(f"{name}: a list of {fewest} to {most} strings")
    return tuple(_text(item, name, longest) for item in items)


def _integer(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SpecInvalid(f"{name}: a whole number from {low} to {high}")
    return value


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SpecInvalid(f"{name}: a number")
    if not low <= value <= high:
        raise SpecInvalid(f"{name}: from {low:g} to {high:g}")
    return float(value)

"""Which Gemini models this key can use, and which of them the bot picks when a model is set to ``auto``.

Google withdraws model ids every few months, so the defaults are rules over ``models.list`` and the operator's price
table, not ids. ``auto`` takes the newest stable model whose known price (today's, from the price table) is within
the operator's ceiling; a model with no known price comes only after every priced one (it is costed at the highest
price of its kind); a model over the ceiling (a frontier model) or of the Pro family never, unless named.
- chat: the newest stable general text model; not lite, live, tts, embedding, image, audio or preview, unless
  nothing else is left (then previews, then lite). Pro only when configured by name.
- image: the newest Gemini image model that answers ``generateContent`` (Imagen answers ``predict`` and needs
  Vertex AI, so it is never eligible): stable before preview, full before lite; Pro only when configured by name.
  An image model is recognised by what Google says of it (id, displayName, description: "image", "Nano Banana",
  "image generation"), not by a substring of the id alone; ``gemini-nano-banana-2.1`` parses as version 2.1.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.config import ModelPrice, price_on

Purpose = Literal["chat", "image"]
AUTO = "auto"

# Words in an id that mark a model unfit for the coach's plain text chat.
_NOT_CHAT = ("live", "tts", "embedding", "image", "audio", "robotics", "computer-use", "omni", "translate", "aqa")
# "gemini-3.5-flash" (3.5), "gemini-2-flash" (2.0), "gemini-nano-banana-2.1" (a product name, then 2.1).
_VERSION = re.compile(r"^gemini-(?:[a-z]+-)*?(\d+)(?:\.(\d+))?(?:-|$)")
_IMAGE_WORDS = re.compile(r"\bimage[- ]generation\b|\bgenerates? images\b|\bnano[- ]banana\b|\bimage editing\b", re.I)


@dataclass(frozen=True)
class ModelInfo:
    id: str  # without the "models/" prefix
    methods: frozenset[str]
    thinking: bool = False
    display_name: str = ""
    description: str = ""
    input_token_limit: int | None = None
    output_token_limit: int | None = None

    @property
    def version(self) -> tuple[int, int]:
        match = _VERSION.match(self.id)
        return (int(match.group(1)), int(match.group(2) or 0)) if match else (0, 0)

    @property
    def is_image(self) -> bool:
        """An image-generation model, by its id or by what Google's listing says of it."""
        if "image" in self.id or "nano-banana" in self.id:
            return True
        return bool(_IMAGE_WORDS.search(f"{self.display_name} {self.description}"))

    @property
    def is_alias(self) -> bool:
        # "gemini-flash-latest" moves silently between generations: the bot names a real id in its log instead.
        return self.id.endswith("-latest") or self.version == (0, 0)

    @property
    def is_preview(self) -> bool:
        return "preview" in self.id or "-exp" in self.id

    @property
    def is_lite(self) -> bool:
        return "lite" in self.id

    @property
    def is_pro(self) -> bool:
        return "-pro" in self.id

    @property
    def generates(self) -> bool:
        return "generateContent" in self.methods


def model_id(name: str) -> str:
    return name.removeprefix("models/")


def _newest(models: Iterable[ModelInfo]) -> ModelInfo | None:
    # Among equals, the shortest id: "gemini-3.5-flash" rather than its pinned "gemini-3.5-flash-001".
    return max(models, key=lambda m: (m.version, -len(m.id)), default=None)


def rank_chat(models: Iterable[ModelInfo]) -> list[ModelInfo]:
    """Chat models best first: stable full models newest first, then previews, then lite ones."""
    eligible = [
        m for m in models
        if m.generates and m.id.startswith("gemini-") and not m.is_alias and not m.is_pro
        and not m.is_image and not any(word in m.id for word in _NOT_CHAT)
    ]  # fmt: skip
    return sorted(eligible, key=lambda m: (not m.is_lite, not m.is_preview, m.version, -len(m.id)), reverse=True)


def pick_chat(models: Iterable[ModelInfo]) -> ModelInfo | None:
    ranked = rank_chat(models)
    return ranked[0] if ranked else None


def rank_images(models: Iterable[ModelInfo]) -> list[ModelInfo]:
    """Image models best first: the newest full model, then lite; stable before preview. Pro is never ranked
    (it is many times the price): only an operator naming it uses it."""
    eligible = [
        m for m in models
        if m.generates and m.id.startswith("gemini-") and m.is_image and not m.is_alias and not m.is_pro
    ]  # fmt: skip
    return sorted(eligible, key=lambda m: (not m.is_lite, not m.is_preview, m.version, -len(m.id)), reverse=True)


def pick_image(models: Iterable[ModelInfo]) -> ModelInfo | None:
    ranked = rank_images(models)
    return ranked[0] if ranked else None


def pick(purpose: Purpose, models: Iterable[ModelInfo]) -> ModelInfo | None:
    return pick_chat(models) if purpose == "chat" else pick_image(models)


def rank(purpose: Purpose, models: Iterable[ModelInfo]) -> list[ModelInfo]:
    return rank_chat(models) if purpose == "chat" else rank_images(models)


@dataclass(frozen=True)
class Choice:
    """What ``auto`` may use for one purpose, best first, and what it left out for the operator's log."""

    candidates: list[str]  # priced within the ceiling, then (only after those) the unpriced ones
    unpriced: list[str] = field(default_factory=list)
    over_ceiling: list[tuple[str, float]] = field(default_factory=list)  # (id, output price per million)

    @property
    def priced(self) -> list[str]:
        return [m for m in self.candidates if m not in self.unpriced]


def choose(
    purpose: Purpose, models: Iterable[ModelInfo], prices: Sequence[ModelPrice], ceiling: float, day: date
) -> Choice:
    """The rule's candidates on ``day``: within ``ceiling`` (USD per million output tokens) by the rule's order;
    models the price table does not name follow every priced one; models over the ceiling are left out."""
    priced: list[str] = []
    unpriced: list[str] = []
    over: list[tuple[str, float]] = []
    for model in rank(purpose, models):
        price = price_on(model.id, prices, day, "image" if purpose == "image" else "text")
        if price is None:
            unpriced.append(model.id)
        elif price.output_per_million <= ceiling:
            priced.append(model.id)
        else:
            over.append((model.id, price.output_per_million))
    return Choice(priced + unpriced, unpriced, over)


def usable_for(purpose: Purpose, model: ModelInfo) -> bool:
    if not model.generates:
        return False
    return model.is_image == (purpose == "image")


def nearest(name: str, purpose: Purpose, models: Iterable[ModelInfo], count: int = 3) -> list[str]:
    """The listed ids closest to a configured name that isn't offered, for the operator's one sentence."""
    ids = [m.id for m in models if usable_for(purpose, m)]
    close = difflib.get_close_matches(name, ids, n=count, cutoff=0.4)
    if close:
        return close
    chosen = pick(purpose, [m for m in models if m.id in ids])
    return [chosen.id] if chosen else ids[:count]

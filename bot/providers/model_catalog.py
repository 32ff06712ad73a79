"""Which Gemini models this key can use, and which of them the bot picks when a model is set to ``auto``.

Google withdraws model ids every few months, so the defaults are rules over ``models.list``, not ids:
- chat: the newest stable general text model of the Flash family; not lite, live, tts, embedding, image, audio or
  preview, unless nothing else is listed (then previews, then lite). Pro only when configured by name.
- image: the newest Gemini image model that answers ``generateContent`` (Imagen answers ``predict`` and needs
  Vertex AI, so it is never eligible): stable before preview, full before lite; Pro only when configured by name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Purpose = Literal["chat", "image"]
AUTO = "auto"

# Words in an id that mark a model unfit for the coach's plain text chat.
_NOT_CHAT = ("live", "tts", "embedding", "image", "audio", "robotics", "computer-use", "omni", "translate", "aqa")
_VERSION = re.compile(r"^gemini-(\d+)(?:\.(\d+))?-")


@dataclass(frozen=True)
class ModelInfo:
    id: str  # without the "models/" prefix
    methods: frozenset[str]
    thinking: bool = False

    @property
    def version(self) -> tuple[int, int]:
        match = _VERSION.match(self.id)
        return (int(match.group(1)), int(match.group(2) or 0)) if match else (0, 0)

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


def pick_chat(models: Iterable[ModelInfo]) -> ModelInfo | None:
    eligible = [
        m for m in models
        if m.generates and m.id.startswith("gemini-") and not m.is_alias and not m.is_pro
        and not any(word in m.id for word in _NOT_CHAT)
    ]  # fmt: skip
    for tier in (
        lambda m: not m.is_preview and not m.is_lite,
        lambda m: not m.is_lite,
        lambda m: True,
    ):
        chosen = _newest(m for m in eligible if tier(m))
        if chosen is not None:
            return chosen
    return None


def pick_image(models: Iterable[ModelInfo]) -> ModelInfo | None:
    eligible = [
        m for m in models
        if m.generates and m.id.startswith("gemini-") and "image" in m.id and not m.is_alias and not m.is_pro
    ]  # fmt: skip
    return max(
        eligible,
        key=lambda m: (not m.is_preview, not m.is_lite, m.version, -len(m.id)),
        default=None,
    )


def pick(purpose: Purpose, models: Iterable[ModelInfo]) -> ModelInfo | None:
    return pick_chat(models) if purpose == "chat" else pick_image(models)


def usable_for(purpose: Purpose, model: ModelInfo) -> bool:
    if not model.generates:
        return False
    return ("image" in model.id) == (purpose == "image")


def nearest(name: str, purpose: Purpose, models: Iterable[ModelInfo], count: int = 3) -> list[str]:
    """The listed ids closest to a configured name that isn't offered, for the operator's one sentence."""
    ids = [m.id for m in models if usable_for(purpose, m)]
    close = difflib.get_close_matches(name, ids, n=count, cutoff=0.4)
    if close:
        return close
    chosen = pick(purpose, [m for m in models if m.id in ids])
    return [chosen.id] if chosen else ids[:count]


@dataclass(frozen=True)
class SamplingRules:
    """What a model family accepts, so calls send only what the model takes."""

    thinking_level: str | None  # Gemini 3 and later: the least the model allows
    thinking_budget: int | None  # Gemini 2.5: a token budget (0 turns thinking off on Flash)
    temperature: bool  # Gemini 3 deprecates setting it; its default (1.0) is the one Google recommends


def sampling_rules(model: str) -> SamplingRules:
    info = ModelInfo(model, frozenset())
    major, minor = info.version
    if "image" in model:
        return SamplingRules(None, None, temperature=major < 3)
    if major >= 3:
        # Pro does not go below LOW; Flash and Flash-Lite take MINIMAL, which gives the fastest first words.
        return SamplingRules("LOW" if info.is_pro else "MINIMAL", None, temperature=False)
    if (major, minor) == (2, 5):
        return SamplingRules(None, 128 if info.is_pro else 0, temperature=True)
    return SamplingRules(None, None, temperature=True)

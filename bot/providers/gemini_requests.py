"""The request bodies the Gemini provider sends: chat history as contents, a text call's config (thinking, room,
temperature as the model takes them), and an image call. Pure functions of what was learned about the model."""

from __future__ import annotations

import base64
from typing import Any

from google.genai import types

from bot.imaging import image_mime
from bot.providers.base import ChatTurn, ImageRequest
from bot.providers.model_catalog import ModelInfo
from bot.providers.model_settings import CallSettings

# The coach's reply is short; thinking models spend their thoughts inside max_output_tokens, so they get headroom.
REPLY_TOKENS = 512
_THINKING_HEADROOM = 1536


def contents_of(history: list[ChatTurn]) -> list[types.Content]:
    def parts(turn: ChatTurn) -> list[types.Part]:
        images = [types.Part.from_bytes(data=data, mime_type=mime) for data, mime in turn.images]
        signature = base64.b64decode(turn.signature) if turn.signature else None
        return [*images, types.Part(text=turn.content, thought_signature=signature)]

    return [types.Content(role=turn.role, parts=parts(turn)) for turn in history]


def text_config(
    info: ModelInfo, settings: CallSettings, store: bool, *, temperature: float, max_tokens: int | None = None,
    scale: int = 1, **extra: Any,
) -> types.GenerateContentConfig:  # fmt: skip
    config: dict[str, Any] = dict(extra, store=store)
    if settings.thinking_level:
        config["thinking_config"] = types.ThinkingConfig(thinking_level=settings.thinking_level)
    elif settings.thinking_budget is not None:
        config["thinking_config"] = types.ThinkingConfig(thinking_budget=settings.thinking_budget)
    if settings.temperature:
        config["temperature"] = temperature
    if max_tokens is not None:
        room = (max_tokens + (_THINKING_HEADROOM if info.thinking else 0)) * scale
        config["max_output_tokens"] = min(room, info.output_token_limit or room)
    return types.GenerateContentConfig(**config)


def image_call(
    request: ImageRequest, settings: CallSettings, *, store: bool
) -> tuple[str | list[types.Part], types.GenerateContentConfig]:
    contents: str | list[types.Part] = request.prompt
    parts: list[types.Part] = []
    if request.source is not None:  # an edit: the image model gets the previous render as an inline image
        parts.append(types.Part.from_bytes(data=request.source, mime_type=image_mime(request.source)))
    parts += [types.Part.from_bytes(data=data, mime_type=mime) for data, mime in request.references]
    if parts:
        contents = [*parts, types.Part(text=request.prompt)]
    image_config = None
    if "aspect_ratio" not in settings.dropped_image_fields:
        image_config = types.ImageConfig(aspect_ratio=settings.aspect_for(request.aspect))
    # Image models that think default to a middle level: the least they take is faster and cheaper.
    thinking = types.ThinkingConfig(thinking_level=settings.thinking_level) if settings.thinking_level else None
    config = types.GenerateContentConfig(
        response_modalities=["IMAGE"], image_config=image_config, seed=request.variation or None,
        thinking_config=thinking, store=store,
    )  # fmt: skip
    return contents, config

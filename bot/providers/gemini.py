"""Gemini through the google-genai async client: streamed coach replies, brief extraction, images, verdicts.

Models are found, not hard-coded (ModelResolver over models.list); each call sends only what the model's family
takes (thinking level or budget, temperature). Retries with exponential backoff on 408/429/5xx are the SDK's own
(HttpRetryOptions), configured from ``[gemini]``; gemini_replies turns what is left into typed ProviderErrors.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from google import genai
from google.genai import errors, types
from pydantic import ValidationError

from bot.config import GeminiSettings
from bot.imaging import image_mime
from bot.model import Brief, CreationType, Verdict
from bot.providers.base import ChatTurn, CoachContext, EmptyResult, ImageRequest, ProviderError, SafetyBlocked
from bot.providers.gemini_replies import raise_if_refused, require_image, translate, visible_text
from bot.providers.model_catalog import ModelInfo, Purpose, model_id, sampling_rules
from bot.providers.model_resolver import ModelResolver

log = logging.getLogger(__name__)

# Status codes the SDK retries with backoff before we see the error.
_RETRY_CODES = [408, 429, 500, 502, 503, 504]


def _contents(history: list[ChatTurn]) -> list[types.Content]:
    def parts(turn: ChatTurn) -> list[types.Part]:
        images = [types.Part.from_bytes(data=data, mime_type=mime) for data, mime in turn.images]
        return [*images, types.Part(text=turn.content)]

    return [types.Content(role=turn.role, parts=parts(turn)) for turn in history]


# The coach's reply is short; thinking models spend their thoughts inside max_output_tokens, so they get headroom.
_REPLY_TOKENS = 512
_THINKING_HEADROOM = 1536
T = TypeVar("T")


class GeminiProvider:
    offline = False

    def __init__(self, settings: GeminiSettings, api_key: str) -> None:
        self._settings = settings
        options = types.HttpOptions(
            base_url=settings.base_url or None,
            api_version=settings.api_version,
            timeout=int(settings.timeout_seconds * 1000),
            retry_options=types.HttpRetryOptions(
                attempts=settings.retry_attempts,
                initial_delay=settings.retry_initial_delay_seconds,
                max_delay=max(settings.retry_initial_delay_seconds * 16, 0.01),
                http_status_codes=_RETRY_CODES,
            ),
        )
        self._client = genai.Client(api_key=api_key, http_options=options)
        self.models = ModelResolver(self._list_models, settings.chat_model, settings.image_model)

    @property
    def _deadline(self) -> float:
        # The SDK's per-request timeout times the attempts, plus backoff headroom.
        return self._settings.timeout_seconds * (self._settings.retry_attempts + 1)

    @property
    def api_version(self) -> str:
        return self._settings.api_version

    async def aclose(self) -> None:
        await self._client.aio.aclose()

    async def prepare(self) -> dict[Purpose, str]:
        """List the key's models and choose both (start-up): KeyRefused, ModelNotOffered or unreachable."""
        try:
            async with asyncio.timeout(self._deadline):
                return await self.models.resolve()
        except Exception as exc:
            raise translate(exc) from exc

    def describe(self) -> dict[str, str]:
        resolved = self.models.resolved
        return {
            "chat_model": resolved.get("chat", "not resolved yet"),
            "image_model": resolved.get("image", "not resolved yet"),
            "api_version": self.api_version,
            "configured": f"chat {self._settings.chat_model}, image {self._settings.image_model}",
        }

    async def _list_models(self) -> list[ModelInfo]:
        pager = await self._client.aio.models.list(config={"page_size": 100})
        return [
            ModelInfo(model_id(m.name or ""), frozenset(m.supported_actions or ()), bool(m.thinking))
            async for m in pager
        ]

    async def _on_model(self, purpose: Purpose, call: Callable[[str], Awaitable[T]]) -> T:
        """Run ``call`` with the current model; a 404 (withdrawn) re-resolves once and runs it again."""
        model = await self.models.model(purpose)
        try:
            return await call(model)
        except errors.APIError as exc:
            if exc.code != 404:
                raise
            return await call(await self.models.replace(purpose, model))

    def _text_config(
        self, model: str, *, temperature: float, max_tokens: int | None = None, scale: int = 1, **extra: Any
    ) -> types.GenerateContentConfig:
        rules = sampling_rules(model)
        listed = self.models.info(model)
        thinks = listed.thinking if listed is not None else bool(rules.thinking_level or rules.thinking_budget)
        config: dict[str, Any] = dict(extra)
        if thinks and rules.thinking_level:
            config["thinking_config"] = types.ThinkingConfig(thinking_level=rules.thinking_level)
        elif thinks and rules.thinking_budget is not None:
            config["thinking_config"] = types.ThinkingConfig(thinking_budget=rules.thinking_budget)
        if rules.temperature:
            config["temperature"] = temperature
        if max_tokens is not None:
            config["max_output_tokens"] = (max_tokens + (_THINKING_HEADROOM if thinks else 0)) * scale
        return types.GenerateContentConfig(**config)

    async def stream_reply(
        self, system_prompt: str, history: list[ChatTurn], context: CoachContext
    ) -> AsyncIterator[str]:
        """The reply's visible text. Nothing visible (thinking used the room, or an empty STOP) gets one retry
        with twice the room, then EmptyResult with an honest line. A 404 before any text re-resolves the model."""
        scale, replaced = 1, False
        try:
            async with asyncio.timeout(self._deadline):
                model = await self.models.model("chat")
                while True:
                    yielded = False
                    config = self._text_config(
                        model, temperature=0.8, max_tokens=_REPLY_TOKENS, scale=scale, system_instruction=system_prompt
                    )
                    try:
                        stream = await self._client.aio.models.generate_content_stream(
                            model=model, contents=_contents(history), config=config
                        )
                        async for chunk in stream:
                            raise_if_refused(chunk)
                            text = visible_text(chunk)
                            if text:
                                yielded = True
                                yield text
                    except errors.APIError as exc:  # the SDK raises HTTP errors while iterating the stream
                        if exc.code != 404 or yielded or replaced:
                            raise
                        model, replaced = await self.models.replace("chat", model), True
                        continue
                    if yielded:
                        return
                    if scale > 1:
                        raise EmptyResult("coach reply empty twice (thinking used the output budget, or no answer)")
                    log.info("coach reply had no visible text; retrying once with twice the output room")
                    scale = 2
        except Exception as exc:
            raise translate(exc) from exc

    async def _generate(self, purpose: Purpose, build: Callable[[str], tuple[Any, types.GenerateContentConfig]]):
        async def call(model: str) -> types.GenerateContentResponse:
            contents, config = build(model)
            return await self._client.aio.models.generate_content(model=model, contents=contents, config=config)

        async with asyncio.timeout(self._deadline):
            return await self._on_model(purpose, call)

    async def extract_brief(
        self, instruction: str, history: list[ChatTurn], current: Brief, creation_type: CreationType
    ) -> Brief:
        def build(model: str) -> tuple[Any, types.GenerateContentConfig]:
            config = self._text_config(
                model, temperature=0, system_instruction=instruction,
                response_mime_type="application/json", response_schema=Brief,
            )  # fmt: skip
            return _contents(history), config

        try:
            response = await self._generate("chat", build)
            raise_if_refused(response)
        except SafetyBlocked:
            return current  # the reply call will explain the block to the user
        except Exception as exc:
            raise translate(exc) from exc
        try:
            update = Brief.model_validate_json(visible_text(response) or "{}")
        except ValidationError as exc:
            # A malformed or cut-off extraction must not lose what was gathered; the next turn tries again.
            log.warning("brief extraction returned invalid JSON: %s", exc.errors()[:2])
            return current
        return current.merged(update)

    async def check_render(self, image: bytes, prompt: str) -> Verdict:
        """The chat model's structured verdict on a render (self-check); every field is required."""

        def build(model: str) -> tuple[Any, types.GenerateContentConfig]:
            config = self._text_config(
                model, temperature=0, response_mime_type="application/json", response_schema=Verdict
            )
            parts = [types.Part.from_bytes(data=image, mime_type=image_mime(image)), types.Part(text=prompt)]
            return parts, config

        try:
            response = await self._generate("chat", build)
            raise_if_refused(response)
            return Verdict.model_validate_json(visible_text(response) or "{}")
        except ValidationError as exc:
            raise ProviderError(f"self-check gave no complete verdict: {exc.errors()[:1]}") from exc
        except Exception as exc:
            raise translate(exc) from exc

    async def generate_image(self, request: ImageRequest) -> bytes:
        def build(model: str) -> tuple[Any, types.GenerateContentConfig]:
            contents: str | list[types.Part] = request.prompt
            parts: list[types.Part] = []
            if request.source is not None:  # an edit: the image model gets the previous render as an inline image
                parts.append(types.Part.from_bytes(data=request.source, mime_type=image_mime(request.source)))
            parts += [types.Part.from_bytes(data=data, mime_type=mime) for data, mime in request.references]
            if parts:
                contents = [*parts, types.Part(text=request.prompt)]
            config = types.GenerateContentConfig(
                response_modalities=["IMAGE"],
                image_config=types.ImageConfig(aspect_ratio="1:1"),
                seed=request.variation or None,
            )
            return contents, config

        try:
            return require_image(await self._generate("image", build))
        except Exception as exc:
            raise translate(exc) from exc

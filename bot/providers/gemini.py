"""Gemini through the google-genai async client: streamed coach replies, brief extraction, images.

Retries with exponential backoff on 408/429/5xx are the SDK's own (HttpRetryOptions),
configured from ``[gemini]``; this module turns what is left into typed ProviderErrors.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from google import genai
from google.genai import errors, types
from pydantic import ValidationError

from bot.coach.brief import Brief
from bot.coach.presets import CreationType
from bot.config import GeminiSettings
from bot.imaging import image_mime
from bot.providers.base import (
    ChatTurn,
    CoachContext,
    EmptyResult,
    ImageRequest,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    SafetyBlocked,
)
from bot.self_check import Verdict

log = logging.getLogger(__name__)

_SAFETY_FINISH = {
    "SAFETY",
    "PROHIBITED_CONTENT",
    "IMAGE_SAFETY",
    "BLOCKLIST",
    "SPII",
    "IMAGE_PROHIBITED_CONTENT",
}
# Status codes the SDK retries with backoff before we see the error.
_RETRY_CODES = [408, 429, 500, 502, 503, 504]


def _contents(history: list[ChatTurn]) -> list[types.Content]:
    def parts(turn: ChatTurn) -> list[types.Part]:
        images = [types.Part.from_bytes(data=data, mime_type=mime) for data, mime in turn.images]
        return [*images, types.Part(text=turn.content)]

    return [types.Content(role=turn.role, parts=parts(turn)) for turn in history]


def _finish_name(candidate: types.Candidate) -> str:
    reason = candidate.finish_reason
    return reason.value if hasattr(reason, "value") else str(reason or "")


def _raise_if_blocked(response: types.GenerateContentResponse) -> None:
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason:
        raise SafetyBlocked(f"prompt blocked: {feedback.block_reason}")
    for candidate in response.candidates or []:
        if _finish_name(candidate) in _SAFETY_FINISH:
            raise SafetyBlocked(f"candidate blocked: {_finish_name(candidate)}")


def _translate(exc: BaseException) -> ProviderError:
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return ProviderTimeout("Gemini call timed out")
    if isinstance(exc, errors.APIError):
        code = exc.code or 0
        if code in (429, 408) or code >= 500:
            return ProviderUnavailable(f"Gemini HTTP {code} after retries: {exc.status}")
        if code in (401, 403):
            return ProviderError(
                f"Gemini HTTP {code}: {exc.status}",
                "The bot's Gemini key was refused. An admin needs to check GEMINI_API_KEY.",
            )
        return ProviderError(f"Gemini HTTP {code}: {exc.message}")
    return ProviderUnavailable(f"Gemini unreachable: {type(exc).__name__}")


class GeminiProvider:
    offline = False

    def __init__(self, settings: GeminiSettings, api_key: str) -> None:
        self._settings = settings
        options = types.HttpOptions(
            base_url=settings.base_url or None,
            timeout=int(settings.timeout_seconds * 1000),
            retry_options=types.HttpRetryOptions(
                attempts=settings.retry_attempts,
                initial_delay=settings.retry_initial_delay_seconds,
                max_delay=max(settings.retry_initial_delay_seconds * 16, 0.01),
                http_status_codes=_RETRY_CODES,
            ),
        )
        self._client = genai.Client(api_key=api_key, http_options=options)

    @property
    def _deadline(self) -> float:
        # The SDK's per-request timeout times the attempts, plus backoff headroom.
        return self._settings.timeout_seconds * (self._settings.retry_attempts + 1)

    async def aclose(self) -> None:
        await self._client.aio.aclose()

    async def stream_reply(
        self, system_prompt: str, history: list[ChatTurn], context: CoachContext
    ) -> AsyncIterator[str]:
        config = types.GenerateContentConfig(system_instruction=system_prompt, temperature=0.8, max_output_tokens=512)
        try:
            async with asyncio.timeout(self._deadline):
                stream = await self._client.aio.models.generate_content_stream(
                    model=self._settings.chat_model, contents=_contents(history), config=config
                )
                async for chunk in stream:
                    _raise_if_blocked(chunk)
                    if chunk.text:
                        yield chunk.text
        except Exception as exc:
            raise _translate(exc) from exc

    async def extract_brief(
        self, instruction: str, history: list[ChatTurn], current: Brief, creation_type: CreationType
    ) -> Brief:
        config = types.GenerateContentConfig(
            system_instruction=instruction,
            temperature=0,
            response_mime_type="application/json",
            response_schema=Brief,
        )
        try:
            async with asyncio.timeout(self._deadline):
                response = await self._client.aio.models.generate_content(
                    model=self._settings.chat_model, contents=_contents(history), config=config
                )
            _raise_if_blocked(response)
        except SafetyBlocked:
            return current  # the reply call will explain the block to the user
        except Exception as exc:
            raise _translate(exc) from exc
        try:
            update = Brief.model_validate_json(response.text or "{}")
        except ValidationError as exc:
            # A malformed extraction must not lose what was gathered; the next turn tries again.
            log.warning("brief extraction returned invalid JSON: %s", exc.errors()[:2])
            return current
        return current.merged(update)

    async def check_render(self, image: bytes, prompt: str) -> Verdict:
        """The chat model's structured verdict on a render (self-check)."""
        config = types.GenerateContentConfig(
            temperature=0, response_mime_type="application/json", response_schema=Verdict
        )
        contents = [types.Part.from_bytes(data=image, mime_type=image_mime(image)), types.Part(text=prompt)]
        try:
            response = await self._client.aio.models.generate_content(
                model=self._settings.chat_model, contents=contents, config=config
            )
            _raise_if_blocked(response)
            return Verdict.model_validate_json(response.text or "{}")
        except ValidationError as exc:
            raise ProviderError(f"self-check returned invalid JSON: {exc.errors()[:1]}") from exc
        except ProviderError:
            raise
        except Exception as exc:
            raise _translate(exc) from exc

    async def generate_image(self, request: ImageRequest) -> bytes:
        try:
            async with asyncio.timeout(self._deadline):
                return await self._gemini_image(request)
        except Exception as exc:
            raise _translate(exc) from exc

    async def _gemini_image(self, request: ImageRequest) -> bytes:
        contents: str | list[types.Part] = request.prompt
        parts: list[types.Part] = []
        if request.source is not None:  # an edit: the image model gets the previous render as an inline image
            parts.append(types.Part.from_bytes(data=request.source, mime_type=image_mime(request.source)))
        parts += [types.Part.from_bytes(data=data, mime_type=mime) for data, mime in request.references]
        if parts:
            contents = [*parts, types.Part(text=request.prompt)]
        response = await self._client.aio.models.generate_content(
            model=self._settings.image_model,
            contents=contents,
            config=types.GenerateContentConfig(
                response_modalities=["IMAGE"],
                image_config=types.ImageConfig(aspect_ratio="1:1"),
                seed=request.variation or None,
            ),
        )
        _raise_if_blocked(response)
        for candidate in response.candidates or []:
            for part in (candidate.content.parts if candidate.content else None) or []:
                if part.inline_data is not None and part.inline_data.data:
                    return part.inline_data.data
        raise EmptyResult("Gemini response had no image part")

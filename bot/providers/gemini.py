"""Gemini through the google-genai async client: streamed coach replies, brief extraction, images, verdicts.

Models are found, not hard-coded (ModelResolver over models.list); the settings each model takes are learned from
the API (model_settings: start from the least thinking, adapt when a 400 names a setting). Retries follow Google's
error details inside one deadline per call (gemini_retry); the SDK's blind retry is off. Every answer's
usageMetadata is reported to ``on_usage``; ``budget`` may refuse a call before it is made (the day's cap). Every
request says ``store`` as configured (false by default: Google keeps no prompt or reference photo). With a
``ModelMemory`` what was learned (settings, models the key cannot use) is shared with every process.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

# google-genai looks `requests` up in sys.modules on every response and reads `requests.structures`; when
# google-auth imports it lazily on a worker thread, a response landing mid-import sees a half-made module and fails
# with AttributeError (seen as "Gemini unreachable" on a fresh process). Importing it whole, once, here avoids that.
import requests  # noqa: F401
from google import genai
from google.genai import errors, types
from pydantic import ValidationError

from bot.config import GeminiSettings
from bot.imaging import image_mime
from bot.model import Brief, CallKind, CreationType, ModelUsage, ThoughtSignature, Verdict
from bot.providers.base import ChatTurn, CoachContext, EmptyResult, ImageRequest, ProviderError, SafetyBlocked
from bot.providers.gemini_calls import Attempts, signature_of, usage_of
from bot.providers.gemini_replies import raise_if_refused, require_image, translate, visible_text
from bot.providers.gemini_requests import REPLY_TOKENS, contents_of, image_call, text_config
from bot.providers.gemini_retry import RetryPolicy, quota_advice
from bot.providers.model_catalog import ModelInfo, Purpose, model_id
from bot.providers.model_memory import ModelMemory, key_id
from bot.providers.model_resolver import ModelResolver
from bot.providers.model_settings import CallSettings, SettingsBook

log = logging.getLogger(__name__)

UsageSink = Callable[[ModelUsage], Awaitable[None]]
BudgetGate = Callable[[], Awaitable[None]]


T = TypeVar("T")


class GeminiProvider:
    offline = False

    def __init__(
        self, settings: GeminiSettings, api_key: str, memory: ModelMemory | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self._settings = settings
        options = types.HttpOptions(
            base_url=settings.base_url or None,
            api_version=settings.api_version,
            timeout=int(settings.timeout_seconds * 1000),
            # One attempt: our RetryPolicy reads RetryInfo and QuotaFailure, which the SDK's retry ignores.
            retry_options=types.HttpRetryOptions(attempts=1),
        )
        self._client = genai.Client(api_key=api_key, http_options=options)
        ceilings: dict[Purpose, float] = {
            "chat": settings.chat_max_output_per_million, "image": settings.image_max_output_per_million,
        }  # fmt: skip
        self.models = ModelResolver(
            self._list_models, settings.chat_model, settings.image_candidates, clock=clock, prices=settings.prices,
            ceilings=ceilings, memory=memory, key_id=key_id(api_key),
        )  # fmt: skip
        self.learned = SettingsBook(memory)
        self._policy = RetryPolicy(settings.retry_attempts, settings.retry_initial_delay_seconds)
        self.on_usage: UsageSink | None = None
        self.budget: BudgetGate | None = None

    @property
    def api_version(self) -> str:
        return self._settings.api_version

    async def aclose(self) -> None:
        await self._client.aio.aclose()

    async def prepare(self) -> dict[Purpose, str]:
        """List the key's models and choose both (start-up): KeyRefused, ModelNotOffered or unreachable."""
        try:
            async with asyncio.timeout(self._settings.chat_deadline_seconds):
                chosen = await self.models.resolve()
                await self.learned.recall()
                return chosen
        except Exception as exc:
            raise translate(exc) from exc

    def settings_in_use(self) -> dict[str, str]:
        """Per model in use: the generation settings it takes now (learned from the API, or the starting point)."""
        resolved = self.models.resolved
        ids = [resolved[p] for p in ("chat", "image") if p in resolved]
        return self.learned.in_use([self.models.info(m) or ModelInfo(m, frozenset()) for m in ids])

    def describe(self) -> dict[str, str]:
        resolved = self.models.resolved
        in_use = self.settings_in_use()
        blocked = ", ".join(f"{m} until {time.strftime('%H:%M UTC', time.gmtime(t))}"
                            for m, t in self.models.blocked.items())  # fmt: skip
        no_access = set(self.models.no_access)

        def named(purpose: Purpose) -> str:
            # With every candidate out of quota the resolver still names one: say so rather than imply it works.
            model = resolved.get(purpose)
            if model is None:
                return "not resolved yet"
            return f"{model} (no quota on this key)" if model in no_access else model

        return {
            "chat_model": named("chat"),
            "image_model": named("image"),
            "chat_settings": in_use.get(resolved.get("chat", ""), "—"),
            "image_settings": in_use.get(resolved.get("image", ""), "—"),
            "api_version": self.api_version,
            "configured": f"chat {self._settings.chat_model}, image {', '.join(self._settings.image_candidates)}",
            "daily_quota_blocked": blocked or "none",
            "no_quota_on_this_key": ", ".join(self.models.no_access) or "none",
            "listed_without_price": ", ".join(
                dict.fromkeys(m for p in ("chat", "image") for m in self.models.choice(p).unpriced)  # type: ignore[arg-type]
            ) or "none",
        }

    async def prove_access(self, purpose: Purpose) -> list[tuple[str, str]]:
        """One minimal real call (one output token) per candidate in the rule's order until one answers: the model
        the bot uses for ``purpose``, and the ones this key has no quota for. Returns (model, outcome) pairs;
        outcome "answers" for the one that does."""
        outcomes: list[tuple[str, str]] = []
        for model in self.models.access_candidates(purpose):
            try:
                config = types.GenerateContentConfig(max_output_tokens=1, store=self._settings.store_requests)
                response = await self._client.aio.models.generate_content(model=model, contents="Say OK.",
                                                                          config=config)  # fmt: skip
            except errors.APIError as exc:
                if exc.code == 429 and quota_advice(exc).zero:
                    await self.models.no_quota(purpose, model)
                    outcomes.append((model, "no quota on this key (limit 0: its tier needs billing)"))
                    continue
                outcomes.append((model, f"HTTP {exc.code} {exc.status or ''}".strip()))
                return outcomes
            await self._report(usage_of(model, "chat", [response]))
            await self.models.answered(model)
            outcomes.append((model, "answers"))
            return outcomes
        return outcomes

    async def _list_models(self) -> list[ModelInfo]:
        pager = await self._client.aio.models.list(config={"page_size": 100})
        return [
            ModelInfo(
                model_id(m.name or ""), frozenset(m.supported_actions or ()), bool(m.thinking),
                m.display_name or "", m.description or "", m.input_token_limit, m.output_token_limit,
            )
            async for m in pager
        ]

    def _attempts(self, purpose: Purpose) -> Attempts:
        seconds = self._settings.render_deadline_seconds if purpose == "image" else self._settings.chat_deadline_seconds
        return Attempts(purpose, self.models, self.learned, self._policy, time.monotonic() + seconds)

    async def _report(self, usage: ModelUsage | None) -> None:
        if usage is not None and self.on_usage is not None:
            try:
                await self.on_usage(usage)
            except Exception:  # the answer matters more than its bookkeeping
                log.exception("recording model usage failed")

    async def _gate(self) -> None:
        if self.budget is not None:
            await self.budget()

    async def stream_reply(
        self, system_prompt: str, history: list[ChatTurn], context: CoachContext
    ) -> AsyncIterator[str | ThoughtSignature]:
        """The reply's visible text, then its thoughtSignature if Gemini sent one (kept with the model turn).
        Nothing visible (thinking used the room, or an empty STOP) gets one retry with twice the room, then
        EmptyResult with an honest line. Errors before any text are recovered as Attempts says."""
        scale = 1
        attempts = self._attempts("chat")
        try:
            await self._gate()
            async with asyncio.timeout(self._settings.chat_deadline_seconds):
                model = await attempts.start()
                while True:
                    yielded, chunks = False, []
                    config = text_config(
                        attempts.info, attempts.settings, self._settings.store_requests, temperature=0.8,
                        max_tokens=REPLY_TOKENS, scale=scale, system_instruction=system_prompt,
                    )  # fmt: skip
                    try:
                        stream = await self._client.aio.models.generate_content_stream(
                            model=model, contents=contents_of(history), config=config
                        )
                        async for chunk in stream:
                            if not chunks:
                                await attempts.succeeded()  # an answer: the settings were taken
                            chunks.append(chunk)
                            raise_if_refused(chunk)
                            text = visible_text(chunk)
                            if text:
                                yielded = True
                                yield text
                    except errors.APIError as exc:  # the SDK raises HTTP errors while iterating the stream
                        if yielded:
                            raise
                        await attempts.recover(exc)
                        model = attempts.model
                        continue
                    await attempts.succeeded()
                    await self._report(usage_of(model, "chat", chunks))
                    if yielded:
                        signature = next((s for s in map(signature_of, reversed(chunks)) if s), None)
                        if signature:
                            yield ThoughtSignature(signature)
                        return
                    if scale > 1:
                        raise EmptyResult("coach reply empty twice (thinking used the output budget, or no answer)")
                    log.info("coach reply had no visible text; retrying once with twice the output room")
                    scale = 2
        except Exception as exc:
            raise translate(exc) from exc
        finally:
            attempts.release()

    async def _generate(
        self, purpose: Purpose, call: CallKind,
        build: Callable[[ModelInfo, CallSettings], tuple[Any, types.GenerateContentConfig]],
    ) -> types.GenerateContentResponse:  # fmt: skip
        await self._gate()
        attempts = self._attempts(purpose)
        seconds = self._settings.render_deadline_seconds if purpose == "image" else self._settings.chat_deadline_seconds
        try:
            async with asyncio.timeout(seconds):
                model = await attempts.start()
                while True:
                    contents, config = build(attempts.info, attempts.settings)
                    try:
                        response = await self._client.aio.models.generate_content(
                            model=model, contents=contents, config=config
                        )
                    except errors.APIError as exc:
                        await attempts.recover(exc)
                        model = attempts.model
                        continue
                    await attempts.succeeded()
                    images = 1 if purpose == "image" and any(
                        p.inline_data for c in response.candidates or [] if c.content for p in c.content.parts or []
                        if not p.thought
                    ) else 0  # fmt: skip
                    await self._report(usage_of(model, call, [response], images))
                    return response
        finally:
            attempts.release()

    async def extract_brief(
        self, instruction: str, history: list[ChatTurn], current: Brief, creation_type: CreationType
    ) -> Brief:
        def build(info: ModelInfo, settings: CallSettings) -> tuple[Any, types.GenerateContentConfig]:
            config = text_config(
                info, settings, self._settings.store_requests, temperature=0, system_instruction=instruction,
                response_mime_type="application/json", response_schema=Brief,
            )  # fmt: skip
            return contents_of(history), config

        try:
            response = await self._generate("chat", "extract", build)
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

        def build(info: ModelInfo, settings: CallSettings) -> tuple[Any, types.GenerateContentConfig]:
            config = text_config(
                info, settings, self._settings.store_requests, temperature=0, response_mime_type="application/json",
                response_schema=Verdict,
            )
            parts = [types.Part.from_bytes(data=image, mime_type=image_mime(image)), types.Part(text=prompt)]
            return parts, config

        try:
            response = await self._generate("chat", "check", build)
            raise_if_refused(response)
            return Verdict.model_validate_json(visible_text(response) or "{}")
        except ValidationError as exc:
            raise ProviderError(f"self-check gave no complete verdict: {exc.errors()[:1]}") from exc
        except Exception as exc:
            raise translate(exc) from exc

    async def generate_image(self, request: ImageRequest) -> bytes:
        def build(info: ModelInfo, settings: CallSettings) -> tuple[Any, types.GenerateContentConfig]:
            return image_call(request, settings, store=self._settings.store_requests)

        try:
            return require_image(await self._generate("image", "image", build))
        except Exception as exc:
            raise translate(exc) from exc

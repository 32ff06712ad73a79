"""One Gemini call's way to an answer: the model and settings to try, and what to do after each error.

Per call: a 404 re-resolves the model once (withdrawn); a 400 naming a generation setting adapts it once per
setting (model_settings); a 429 with a quota of zero (the key's tier has no access) moves the same call to the next
candidate at once and marks the model unusable for the day, fleet-wide; a per-day 429 blocks the model until
Google's reset and moves image calls to the next model the operator allows; a per-minute 429 or a 5xx waits as
RetryPolicy says. What worked is remembered per model.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Iterable

from google.genai import errors, types

from bot.model import CallKind, ModelUsage
from bot.providers.base import DailyQuotaReached, NoQuotaForModel
from bot.providers.gemini_retry import RetryPolicy
from bot.providers.model_catalog import ModelInfo, Purpose
from bot.providers.model_resolver import ModelResolver
from bot.providers.model_settings import CallSettings, SettingsBook, adapt

log = logging.getLogger(__name__)
_MAX_ADAPTATIONS = 3
_MAX_MOVES = 8  # models one call may move past for lack of quota (each is asked once per day and fleet)


class Attempts:
    """The state of one call across its attempts."""

    def __init__(
        self, purpose: Purpose, models: ModelResolver, book: SettingsBook, policy: RetryPolicy, deadline: float
    ) -> None:
        self.purpose = purpose
        self._models = models
        self._book = book
        self._policy = policy
        self._deadline = deadline
        self.model = ""
        self._override: CallSettings | None = None
        self._changes: list[str] = []
        self._message = ""
        self._attempt = 0
        self._replaced = False
        self._moves = 0
        self._probing: str | None = None  # the model this call is finding the settings of

    async def start(self) -> str:
        self.model = await self._models.model(self.purpose)
        await self._probe()
        # A call that waited for another call's first answer from this model asks again which model to use: that
        # call may have found the key has no quota for it, and a second call to it would be a second refusal.
        for _ in range(_MAX_MOVES):
            current = await self._models.model(self.purpose)
            if self._probing is not None or current == self.model:
                break
            self.model = current
            await self._probe()
        return self.model

    async def _probe(self) -> None:
        if await self._book.probe(self.model):
            self._probing = self.model

    def release(self) -> None:
        """The call ended without an answer (an error that was not about settings): let waiting calls go."""
        if self._probing is not None:
            self._book.settled(self._probing, answered=False)
            self._probing = None

    @property
    def info(self) -> ModelInfo:
        return self._models.info(self.model) or ModelInfo(self.model, frozenset())

    @property
    def settings(self) -> CallSettings:
        return self._override or self._book.settings(self.info)

    async def succeeded(self) -> None:
        """The model answered with the settings in use: remember them, and release calls waiting on this model."""
        await self._models.answered(self.model)
        if self._override is not None:
            await self._book.learn(self.model, self._override, "; ".join(self._changes), self._message)
            self._override = None  # learned: later attempts of this call read the book
        if self._probing is not None:
            self._book.settled(self._probing, answered=True)
            self._probing = None

    async def recover(self, exc: errors.APIError) -> None:
        """Prepare the next attempt after ``exc``, or raise (the caller translates)."""
        code = exc.code or 0
        if code == 404 and not self._replaced:
            self.release()
            self.model = await self._models.replace(self.purpose, self.model)
            self._replaced, self._override = True, None
            await self._probe()
            return
        if code == 400 and len(self._changes) < _MAX_ADAPTATIONS:
            adapted = adapt(self.settings, exc.message or "", image=self.purpose == "image")
            if adapted is not None:
                self._override, change = adapted
                self._changes.append(change)
                self._message = exc.message or ""
                return
        self._attempt += 1
        try:
            wait = self._policy.wait_before_retry(exc, self.model, self._attempt, self._deadline)
        except NoQuotaForModel:
            following = await self._models.no_quota(self.purpose, self.model)
            self._moves += 1
            if following is None or self._moves > _MAX_MOVES:
                raise self._models.needs_billing(self.purpose) from exc
            self.release()
            self.model, self._override, self._changes = following, None, []
            self._attempt = 0  # the next model's own retries
            await self._probe()
            return
        except DailyQuotaReached as daily:
            following = self._models.block(self.purpose, self.model, daily.resets_at)
            if following is None:
                raise
            self.release()
            self.model, self._override = following, None
            await self._probe()
            return
        await asyncio.sleep(wait)


def signature_of(response: types.GenerateContentResponse) -> str | None:
    """The thoughtSignature Gemini attached to the answer's parts (the last one wins), base64 as on the wire."""
    found: str | None = None
    for candidate in response.candidates or []:
        for part in (candidate.content.parts if candidate.content else None) or []:
            if part.thought_signature:
                found = base64.b64encode(part.thought_signature).decode()
    return found


def usage_of(
    model: str, call: CallKind, responses: Iterable[types.GenerateContentResponse], images: int = 0
) -> ModelUsage | None:
    """The call's usageMetadata (a stream carries it on its last chunk); None when Google sent none."""
    meta = None
    for response in responses:
        meta = response.usage_metadata or meta
    if meta is None:
        return None
    return ModelUsage(model, call, meta.prompt_token_count or 0, meta.candidates_token_count or 0,
                      meta.thoughts_token_count or 0, images)  # fmt: skip

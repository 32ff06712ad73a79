"""The models a running bot uses: listed from the API at start, checked against the config, re-resolved when withdrawn.

A configured id that the list does not offer stops start-up (ModelNotOffered names the nearest ones). A model that
starts answering 404 while the bot runs is replaced by the rule's choice from a fresh list, without a restart, and
the operator is told once in the log. Image models may be a list in order of preference (``gemini.image_models``,
``auto`` standing for the rule's ranking): a model over its daily quota is skipped until Google's reset.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bot.providers.base import DailyQuotaReached, ModelNotFound, ProviderError
from bot.providers.model_catalog import AUTO, ModelInfo, Purpose, nearest, pick, rank_images, usable_for

log = logging.getLogger(__name__)

Lister = Callable[[], Awaitable[list[ModelInfo]]]


class ModelNotOffered(ProviderError):
    """A model named in the config (or none at all, for auto) is not available to this key."""

    def __init__(self, purpose: Purpose, configured: str, alternatives: list[str]) -> None:
        key = f"gemini.{purpose}_model"
        if configured == AUTO:
            sentence = f"The Gemini API lists no model this bot can use for {purpose} with this key ({key} = auto)"
        else:
            sentence = f"The Gemini API does not offer {configured!r} to this key ({key})"
        if alternatives:
            sentence += f"; available: {', '.join(alternatives)}. Set {key} to one of them, or to \"auto\"."
        else:
            sentence += "."
        super().__init__(sentence)
        self.sentence = sentence


class ModelResolver:
    def __init__(
        self, lister: Lister, chat_model: str, image_models: list[str] | str,
        clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self._list = lister
        images = [image_models] if isinstance(image_models, str) else list(image_models) or [AUTO]
        self._images = images
        self._configured: dict[Purpose, str] = {"chat": chat_model, "image": images[0]}
        self._current: dict[Purpose, str] = {}
        self._listed: list[ModelInfo] = []
        self._lock = asyncio.Lock()
        self._replaced: set[str] = set()
        self._blocked: dict[str, float] = {}  # model id -> when its daily quota resets
        self._clock = clock

    @property
    def resolved(self) -> dict[Purpose, str]:
        return dict(self._current)

    @property
    def listed(self) -> list[ModelInfo]:
        return list(self._listed)

    def info(self, model: str) -> ModelInfo | None:
        return next((m for m in self._listed if m.id == model), None)

    async def resolve(self) -> dict[Purpose, str]:
        """List the models and choose both; raises ModelNotOffered or the listing's ProviderError."""
        async with self._lock:
            self._listed = await self._list()
            chosen = {purpose: self._choose(purpose) for purpose in ("chat", "image")}
            self._current = chosen  # type: ignore[assignment]
            log.info("Gemini models: chat %s, image %s (%d models listed for this key)",
                     chosen["chat"], chosen["image"], len(self._listed))  # fmt: skip
            return dict(self._current)

    def image_candidates(self) -> list[str]:
        """The image models in the operator's order, ``auto`` standing for the rule's one choice: a daily quota falls
        back only to models the operator listed (another model is another price and look)."""
        ids: list[str] = []
        for entry in self._images:
            for model in [m.id for m in rank_images(self._listed)][:1] if entry == AUTO else [entry]:
                if model not in ids and (info := self.info(model)) is not None and info.generates:
                    ids.append(model)
        return ids

    def _available(self, model: str) -> bool:
        return self._blocked.get(model, 0.0) <= self._clock()

    def _choose(self, purpose: Purpose) -> str:
        if purpose == "image":
            for entry in self._images:
                if entry != AUTO and (self.info(entry) is None or not self.info(entry).generates):  # type: ignore[union-attr]
                    raise ModelNotOffered(purpose, entry, nearest(entry, purpose, self._listed))
            candidates = self.image_candidates()
            if not candidates:
                raise ModelNotOffered(purpose, AUTO, [m.id for m in self._listed if usable_for(purpose, m)][:3])
            return next((m for m in candidates if self._available(m)), candidates[0])
        configured = self._configured[purpose]
        if configured != AUTO:
            listed = self.info(configured)
            if listed is None or not listed.generates:
                raise ModelNotOffered(purpose, configured, nearest(configured, purpose, self._listed))
            return configured
        chosen = pick(purpose, self._listed)
        if chosen is None:
            raise ModelNotOffered(purpose, AUTO, [m.id for m in self._listed if usable_for(purpose, m)][:3])
        return chosen.id

    async def model(self, purpose: Purpose) -> str:
        if purpose not in self._current:
            await self.resolve()
        current = self._current[purpose]
        if not self._available(current):
            if purpose == "image" and (following := self._next_available(current)) is not None:
                self._current[purpose] = following
                return following
            raise DailyQuotaReached(f"{current}: daily quota (blocked until reset)", current, self._blocked[current])
        return current

    def _next_available(self, model: str) -> str | None:
        return next((m for m in self.image_candidates() if m != model and self._available(m)), None)

    def block(self, purpose: Purpose, model: str, until: float) -> str | None:
        """``model`` is over its daily quota until ``until``: no call goes to it before then. Returns the image
        model to use instead (the next the operator allows), or None."""
        first = model not in self._blocked or self._blocked[model] <= self._clock()
        self._blocked[model] = until
        following = self._next_available(model) if purpose == "image" else None
        if following is not None:
            self._current[purpose] = following
        if first:
            log.warning("Gemini %s reached its daily quota; no calls to it until %s%s.", model,
                        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(until)),
                        f", using {following} meanwhile" if following else "")  # fmt: skip
        return following

    @property
    def blocked(self) -> dict[str, float]:
        now = self._clock()
        return {m: until for m, until in self._blocked.items() if until > now}

    async def replace(self, purpose: Purpose, gone: str) -> str:
        """``gone`` answered 404: list again and choose by the rule; raises ModelNotFound when nothing is left."""
        async with self._lock:
            if self._current.get(purpose) != gone:
                return self._current[purpose]  # another call already replaced it
            self._listed = [m for m in await self._list() if m.id != gone]
            if purpose == "image":
                self._images = [m for m in self._images if m != gone] or [AUTO]
            chosen = pick(purpose, self._listed) if purpose == "chat" else next(iter(self.image_candidates()), None)
            chosen = self.info(chosen) if isinstance(chosen, str) else chosen
            if chosen is None:
                raise ModelNotFound(f"{gone} was withdrawn and no other {purpose} model is listed")
            self._current[purpose] = chosen.id
        if gone not in self._replaced:
            self._replaced.add(gone)
            where = f"gemini.{purpose}_model = {self._configured[purpose]!r}"
            log.warning("Gemini model %s answers 404 (withdrawn); using %s from now on (%s). Update the config if "
                        "you pinned it.", gone, chosen.id, where)  # fmt: skip
        return chosen.id

"""The models a running bot uses: listed from the API at start, checked against the config, re-resolved when withdrawn.

A configured id that the list does not offer stops start-up (ModelNotOffered names the nearest ones). A model that
starts answering 404 while the bot runs is replaced by the rule's choice from a fresh list, without a restart, and
the operator is told once in the log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.providers.base import ModelNotFound, ProviderError
from bot.providers.model_catalog import AUTO, ModelInfo, Purpose, nearest, pick, usable_for

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
    def __init__(self, lister: Lister, chat_model: str, image_model: str) -> None:
        self._list = lister
        self._configured: dict[Purpose, str] = {"chat": chat_model, "image": image_model}
        self._current: dict[Purpose, str] = {}
        self._listed: list[ModelInfo] = []
        self._lock = asyncio.Lock()
        self._replaced: set[str] = set()

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

    def _choose(self, purpose: Purpose) -> str:
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
        return self._current[purpose]

    async def replace(self, purpose: Purpose, gone: str) -> str:
        """``gone`` answered 404: list again and choose by the rule; raises ModelNotFound when nothing is left."""
        async with self._lock:
            if self._current.get(purpose) != gone:
                return self._current[purpose]  # another call already replaced it
            self._listed = [m for m in await self._list() if m.id != gone]
            chosen = pick(purpose, self._listed)
            if chosen is None:
                raise ModelNotFound(f"{gone} was withdrawn and no other {purpose} model is listed")
            self._current[purpose] = chosen.id
        if gone not in self._replaced:
            self._replaced.add(gone)
            where = f"gemini.{purpose}_model = {self._configured[purpose]!r}"
            log.warning("Gemini model %s answers 404 (withdrawn); using %s from now on (%s). Update the config if "
                        "you pinned it.", gone, chosen.id, where)  # fmt: skip
        return chosen.id

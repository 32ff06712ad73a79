"""The models a running bot uses: listed from the API at start, chosen for the operator's wallet, moved past models
this key cannot use, re-resolved when withdrawn.

A configured id that the list does not offer stops start-up (ModelNotOffered names the nearest ones). ``auto``
follows the catalogue's rule (model_catalog.choose: priced within the ceiling, newest first; unpriced ones after
every priced one), re-applied when the UTC day changes (prices take effect by date). A model that starts answering
404 is replaced by the rule's choice from a fresh list. Image models may be a list in order of preference
(``gemini.image_models``, ``auto`` standing for the rule's choice): a model over its daily quota is skipped until
Google's reset. A model this key has no quota for at all (Google's "limit: 0") is skipped for the day by every
process (``ModelMemory``), and the call moves to the next candidate at once; the operator reads one line. While one
process makes the fleet's first call to a model, the others wait for its answer (a claim in the memory).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from bot.config import ModelPrice, day_of
from bot.providers.base import DailyQuotaReached, ModelNotFound, ModelsNeedBilling, ProviderError
from bot.providers.gemini_retry import next_daily_reset
from bot.providers.model_catalog import AUTO, Choice, ModelInfo, Purpose, choose, nearest, usable_for
from bot.providers.model_memory import ModelMemory

log = logging.getLogger(__name__)

Lister = Callable[[], Awaitable[list[ModelInfo]]]
NO_QUOTA = "no quota on this key's tier (limit 0: it needs billing)"
# How long a process's first call to a model holds the others back (a round trip, with room; released on its answer).
FIRST_CALL_HOLD_SECONDS = 10.0
DAILY = "daily quota"


def _names(models: list[str]) -> str:
    return models[0] + " is" if len(models) == 1 else ", ".join(models) + " are"


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
        clock: Callable[[], float] = time.time, prices: Sequence[ModelPrice] = (),
        ceilings: dict[Purpose, float] | None = None, memory: ModelMemory | None = None, key_id: str = "",
    ) -> None:  # fmt: skip
        self._list = lister
        images = [image_models] if isinstance(image_models, str) else list(image_models) or [AUTO]
        self._images = images
        self._configured: dict[Purpose, str] = {"chat": chat_model, "image": images[0]}
        self._current: dict[Purpose, str] = {}
        self._listed: list[ModelInfo] = []
        self._lock = asyncio.Lock()
        self._replaced: set[str] = set()
        # model id -> (why, until): over its daily quota, or no quota at all on this key (shared through memory)
        self._blocked: dict[str, tuple[str, float]] = {}
        self._clock = clock
        self._prices = list(prices)
        self._ceilings = ceilings or {"chat": float("inf"), "image": float("inf")}
        self._choices: dict[Purpose, Choice] = {}
        self._day = ""
        self.memory = memory
        self._key_id = key_id
        self._answered: set[str] = set()  # models that answered this process: no need to ask the memory again
        self._claimed: set[str] = set()  # models this process is making the fleet's first call to

    @property
    def resolved(self) -> dict[Purpose, str]:
        return dict(self._current)

    @property
    def listed(self) -> list[ModelInfo]:
        return list(self._listed)

    def choice(self, purpose: Purpose) -> Choice:
        return self._choices.get(purpose) or Choice([])

    def info(self, model: str) -> ModelInfo | None:
        return next((m for m in self._listed if m.id == model), None)

    async def resolve(self) -> dict[Purpose, str]:
        """List the models and choose both; raises ModelNotOffered or the listing's ProviderError."""
        async with self._lock:
            self._listed = await self._list()
            await self._recall()
            self._rechoose()
            for purpose in ("chat", "image"):
                self._tell_left_out(purpose)  # type: ignore[arg-type]
            log.info("Gemini models: chat %s, image %s (%d models listed for this key)",
                     self._current["chat"], self._current["image"], len(self._listed))  # fmt: skip
            return dict(self._current)

    def _rechoose(self) -> None:
        day = day_of(self._clock())
        self._day = day.isoformat()
        for purpose in ("chat", "image"):
            self._choices[purpose] = choose(purpose, self._listed, self._prices, self._ceilings[purpose], day)  # type: ignore[index]
        self._current = {purpose: self._choose(purpose) for purpose in ("chat", "image")}  # type: ignore[misc]

    def _tell_left_out(self, purpose: Purpose) -> None:
        choice = self._choices[purpose]
        if not self._is_auto(purpose):
            return
        if choice.unpriced and choice.priced:
            log.warning("Gemini %s listed but has no price in gemini.prices: not chosen while a priced model works "
                        "(add a [[gemini.prices]] row to let auto weigh it).", _names(choice.unpriced))  # fmt: skip
        elif choice.unpriced:
            log.warning("No %s model this key lists has a price in gemini.prices: using %s by the rule; its calls are "
                        "costed at the highest price of their kind (an estimate) until a [[gemini.prices]] row names "
                        "it.", purpose, self._current[purpose])  # fmt: skip
        if choice.over_ceiling:
            over = ", ".join(f"{m} (${p:g})" for m, p in choice.over_ceiling)
            log.info("Gemini %s models over gemini.%s_max_output_per_million ($%g per 1M output tokens), used only "
                     "when named: %s", purpose, purpose, self._ceilings[purpose], over)  # fmt: skip

    def _is_auto(self, purpose: Purpose) -> bool:
        return self._configured[purpose] == AUTO if purpose == "chat" else AUTO in self._images

    def image_candidates(self) -> list[str]:
        """The image models in the operator's order, ``auto`` standing for the rule's one choice: a daily quota falls
        back only to models the operator listed (another model is another price and look)."""
        return self._ordered("image", whole_rule=False)

    def access_candidates(self, purpose: Purpose) -> list[str]:
        """Every model a call may move to when the key has no quota for one: the operator's models, then (for
        ``auto``, or a named chat model the key cannot use) the whole rule, priced within the ceiling first."""
        return self._ordered(purpose, whole_rule=True)

    def _ordered(self, purpose: Purpose, *, whole_rule: bool) -> list[str]:
        rule = self.choice(purpose).candidates
        entries = self._images if purpose == "image" else [self._configured["chat"]]
        if purpose == "chat" and whole_rule:
            entries = [*entries, AUTO]
        ids: list[str] = []
        for entry in entries:
            for model in (rule if whole_rule else rule[:1]) if entry == AUTO else [entry]:
                if model not in ids and (info := self.info(model)) is not None and info.generates:
                    ids.append(model)
        return ids

    def _available(self, model: str) -> bool:
        return self._blocked.get(model, ("", 0.0))[1] <= self._clock()

    def _choose(self, purpose: Purpose) -> str:
        configured = self._configured[purpose]
        entries = self._images if purpose == "image" else [configured]
        for entry in entries:
            if entry != AUTO and (self.info(entry) is None or not self.info(entry).generates):  # type: ignore[union-attr]
                raise ModelNotOffered(purpose, entry, nearest(entry, purpose, self._listed))
        first = self.image_candidates() if purpose == "image" else self._ordered("chat", whole_rule=False)
        if not first:
            raise ModelNotOffered(purpose, AUTO, [m.id for m in self._listed if usable_for(purpose, m)][:3])
        usable = [m for m in first if self._available(m)]
        if usable:
            return usable[0]
        # The first choices are blocked (no quota, or a daily quota): the next candidate with access, if any.
        return next((m for m in self.access_candidates(purpose) if self._available(m)), first[0])

    async def model(self, purpose: Purpose) -> str:
        if purpose not in self._current:
            await self.resolve()
        elif day_of(self._clock()).isoformat() != self._day:
            self._rechoose()  # a new UTC day: prices may have changed, and yesterday's blocks may have lapsed
        current = self._current[purpose]
        if current not in self._answered:
            await self._recall()  # another process may have found this key cannot use it
            if self._available(current):
                await self._first_call(current)
        if not self._available(current):
            reason, until = self._blocked[current]
            following = self._next(purpose, current, reason)
            if following is not None:
                self._current[purpose] = following
                return following
            if reason == NO_QUOTA:
                raise self.needs_billing(purpose)
            raise DailyQuotaReached(f"{current}: daily quota (blocked until reset)", current, until)
        return current

    async def answered(self, model: str) -> None:
        self._answered.add(model)
        if model in self._claimed and self.memory is not None:
            self._claimed.discard(model)
            try:
                await self.memory.release_first_call(self._key_id, model)
            except Exception:  # the claim lapses by itself
                log.warning("could not release the first-call claim on %s", model, exc_info=True)

    async def _first_call(self, model: str) -> None:
        """Wait while another process makes the fleet's first call to ``model`` with this key (bounded by its claim):
        on a free key that call may find no quota, and a second process calling meanwhile would pay a second 429."""
        if self.memory is None or model in self._claimed:
            return
        give_up = time.monotonic() + FIRST_CALL_HOLD_SECONDS
        while True:
            try:
                if await self.memory.claim_first_call(self._key_id, model, self._clock(), FIRST_CALL_HOLD_SECONDS):
                    self._claimed.add(model)
                    return
            except Exception:
                log.warning("could not claim the first call to %s", model, exc_info=True)
                return
            if time.monotonic() > give_up:
                return
            await asyncio.sleep(0.05)
            await self._recall()
            if not self._available(model):
                return

    def _next(self, purpose: Purpose, model: str, reason: str) -> str | None:
        # No quota at all: any candidate with access. A daily quota: only images, only what the operator listed.
        if reason == NO_QUOTA:
            pool = self.access_candidates(purpose)
        elif purpose == "image":
            pool = self.image_candidates()
        else:
            return None
        return next((m for m in pool if m != model and self._available(m)), None)

    def needs_billing(self, purpose: Purpose) -> ModelsNeedBilling:
        denied = [m for m in self.access_candidates(purpose) if self._blocked.get(m, ("",))[0] == NO_QUOTA]
        return ModelsNeedBilling(f"no {purpose} model with quota on this key: {', '.join(denied)}", purpose, denied)

    def block(self, purpose: Purpose, model: str, until: float) -> str | None:
        """``model`` is over its daily quota until ``until``: no call goes to it before then. Returns the image
        model to use instead (the next the operator allows), or None."""
        first = self._available(model)
        self._blocked[model] = (DAILY, until)
        following = self._next(purpose, model, DAILY)
        if following is not None:
            self._current[purpose] = following
        if first:
            log.warning("Gemini %s reached its daily quota; no calls to it until %s%s.", model,
                        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(until)),
                        f", using {following} meanwhile" if following else "")  # fmt: skip
        return following

    async def no_quota(self, purpose: Purpose, model: str) -> str | None:
        """This key has no quota for ``model`` (its tier): no call goes to it again today, from any process. Returns
        the model the same call moves to, or None when no candidate is left."""
        first = self._available(model)
        until = next_daily_reset(self._clock())
        self._blocked[model] = (NO_QUOTA, until)
        if first and self.memory is not None:
            try:
                await self.memory.remember_unusable(self._key_id, model, NO_QUOTA, until)
            except Exception:  # the fleet may pay one more refused call; the turn must not fail for it
                log.warning("could not record that this key has no quota for %s", model, exc_info=True)
        following = self._next(purpose, model, NO_QUOTA)
        if following is not None:
            self._current[purpose] = following
        if first:
            log.warning("Gemini %s: this key has no quota for it (429 limit 0: its tier needs billing); %s until "
                        "Google's daily reset.", model,
                        f"using {following} instead" if following else f"no other {purpose} model is left")  # fmt: skip
        return following

    async def _recall(self) -> None:
        """Models other processes found this key cannot use (today)."""
        if self.memory is None:
            return
        try:
            known = await self.memory.unusable(self._key_id, self._clock())
        except Exception:
            log.warning("could not read which models this key cannot use", exc_info=True)
            return
        for model, (reason, until) in known.items():
            if self._available(model):
                self._blocked[model] = (reason, until)

    @property
    def blocked(self) -> dict[str, float]:
        """Models over their daily quota (until when)."""
        now = self._clock()
        return {m: until for m, (why, until) in self._blocked.items() if until > now and why == DAILY}

    @property
    def no_access(self) -> list[str]:
        """Models this key has no quota for today."""
        now = self._clock()
        return [m for m, (why, until) in self._blocked.items() if until > now and why == NO_QUOTA]

    async def replace(self, purpose: Purpose, gone: str) -> str:
        """``gone`` answered 404: list again and choose by the rule; raises ModelNotFound when nothing is left."""
        async with self._lock:
            if self._current.get(purpose) != gone:
                return self._current[purpose]  # another call already replaced it
            self._listed = [m for m in await self._list() if m.id != gone]
            self._choices[purpose] = choose(purpose, self._listed, self._prices, self._ceilings[purpose],
                                            day_of(self._clock()))  # fmt: skip
            if purpose == "image":
                self._images = [m for m in self._images if m != gone] or [AUTO]
            else:
                self._configured["chat"] = AUTO if self._configured["chat"] == gone else self._configured["chat"]
            chosen = next((m for m in self.access_candidates(purpose) if self._available(m)), None)
            if chosen is None:
                raise ModelNotFound(f"{gone} was withdrawn and no other {purpose} model is listed")
            self._current[purpose] = chosen
        if gone not in self._replaced:
            self._replaced.add(gone)
            where = f"gemini.{purpose}_model = {self._configured[purpose]!r}"
            log.warning("Gemini model %s answers 404 (withdrawn); using %s from now on (%s). Update the config if "
                        "you pinned it.", gone, chosen, where)  # fmt: skip
        return chosen

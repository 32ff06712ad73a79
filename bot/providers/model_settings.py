"""The generation settings each model takes, learned from the API rather than kept in a table of model facts.

A call starts from the least thinking the model's family is known to take (thinking models only, as models.list
says). When Gemini answers 400 INVALID_ARGUMENT naming a generation setting, ``adapt`` reads the message and
returns the next setting it allows (a higher thinking level, or the field left out); the caller retries once and
``SettingsBook`` remembers what worked for that model, logging it once. With a ``ModelMemory`` (the database) what
one process learned is read by every other and by the next start, so a fleet pays each refusal once per model.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import asdict, dataclass, field, replace

from bot.model.model_requests import closest_aspect, ratio_of
from bot.providers.model_catalog import ModelInfo
from bot.providers.model_memory import ModelMemory

log = logging.getLogger(__name__)

LEVELS = ("MINIMAL", "LOW", "MEDIUM", "HIGH")


@dataclass(frozen=True)
class CallSettings:
    thinking_level: str | None = None
    thinking_budget: int | None = None
    temperature: bool = False
    # imageConfig fields the model refused (left out from then on).
    dropped_image_fields: frozenset[str] = field(default_factory=frozenset)
    # The aspect ratios the model said it takes, when it refused one we asked for (None: not refused yet).
    aspects: tuple[str, ...] | None = None

    def aspect_for(self, wanted: str) -> str:
        """``wanted`` if the model takes it (or has not said otherwise), else the closest ratio it takes."""
        if not self.aspects or wanted in self.aspects:
            return wanted
        return closest_aspect(ratio_of(wanted), self.aspects)

    def to_json(self) -> str:
        fields = asdict(self)
        fields["dropped_image_fields"] = sorted(self.dropped_image_fields)
        return json.dumps(fields, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CallSettings:
        fields = json.loads(text)
        aspects = fields.get("aspects")
        return cls(
            thinking_level=fields.get("thinking_level"), thinking_budget=fields.get("thinking_budget"),
            temperature=bool(fields.get("temperature")),
            dropped_image_fields=frozenset(fields.get("dropped_image_fields") or ()),
            aspects=tuple(aspects) if aspects is not None else None,
        )  # fmt: skip

    def describe(self) -> str:
        parts = []
        if self.thinking_level:
            parts.append(f"thinkingLevel {self.thinking_level}")
        elif self.thinking_budget is not None:
            parts.append(f"thinkingBudget {self.thinking_budget}")
        else:
            parts.append("no thinking config")
        parts.append("temperature" if self.temperature else "no temperature")
        if self.dropped_image_fields:
            parts.append("without imageConfig " + ",".join(sorted(self.dropped_image_fields)))
        if self.aspects:
            parts.append("aspect ratios " + ",".join(self.aspects))
        return ", ".join(parts)


# "aspect_ratio must be one of '1:1', '2:3', ... or '21:9'." (Google's 400 for a ratio the model does not take)
_ASPECTS_OFFERED = re.compile(r"aspect_?ratio must be one of (.+)", re.I)
_ASPECT = re.compile(r"'(\d+:\d+)'")


def starting_settings(model: ModelInfo) -> CallSettings:
    """The least thinking the family is known to take; the API corrects it on the first refusal."""
    major, minor = model.version
    if not model.thinking:
        # Gemini 3 deprecates setting temperature; older non-thinking families take it.
        return CallSettings(temperature=0 < major < 3)
    if major >= 3 or model.is_alias or model.is_image:
        # An alias or an unparsed id is taken to be of the current generation (thinking levels).
        return CallSettings(thinking_level="LOW" if model.is_pro else "MINIMAL")
    if (major, minor) == (2, 5):
        return CallSettings(thinking_budget=128 if model.is_pro else 0, temperature=True)
    return CallSettings(temperature=True)


_ALLOWED = re.compile(r"allowed values are:?\s*([a-z_,\s]+)", re.I)
_LEVEL_REFUSED = re.compile(
    r"(?:thinking[ _]level\s+(?:thinking_level_)?(minimal|low|medium|high)\b"
    r"|'(minimal|low|medium|high)' is not a supported thinking level"
    r"|thinking_level_(minimal|low|medium|high) is unsupported)",
    re.I,
)
_RANGE = re.compile(r"(?:range|between)\D*(\d+)\D+(\d+)", re.I)


def adapt(current: CallSettings, message: str, *, image: bool = False) -> tuple[CallSettings, str] | None:
    """The next settings after a 400 whose message names a generation setting, and what changed; None when the
    message names none of ours (the error is then real)."""
    text = message.lower()
    if current.thinking_level and ("thinking level" in text or "thinking_level" in text or "thinkinglevel" in text):
        allowed = _ALLOWED.search(message)
        if allowed:
            offered = [lvl for lvl in LEVELS if lvl.lower() in allowed.group(1).lower()]
            above = [lvl for lvl in offered if LEVELS.index(lvl) > LEVELS.index(current.thinking_level)]
            if above or offered:
                chosen = (above or offered)[0]
                return replace(current, thinking_level=chosen), f"thinkingLevel {current.thinking_level} -> {chosen}"
        refused = _LEVEL_REFUSED.search(message)
        if refused:
            named = next(g for g in refused.groups() if g).upper()
            index = LEVELS.index(named)
            if index + 1 < len(LEVELS):
                chosen = LEVELS[index + 1]
                return replace(current, thinking_level=chosen), f"thinkingLevel {named} -> {chosen}"
        # "Thinking level is not supported for this model": an older family, which takes a budget instead.
        return replace(current, thinking_level=None), f"thinkingLevel {current.thinking_level} -> left out"
    if current.thinking_budget is not None and ("budget" in text or "thinking mode" in text):
        span = _RANGE.search(message)
        if span and int(span.group(1)) > current.thinking_budget:
            low = int(span.group(1))
            return replace(current, thinking_budget=low), f"thinkingBudget {current.thinking_budget} -> {low}"
        return replace(current, thinking_budget=None), f"thinkingBudget {current.thinking_budget} -> left out"
    if (current.thinking_level or current.thinking_budget is not None) and re.search(
        r"thinking_?config|thinkingconfig|thinking is not supported", text
    ):
        return replace(current, thinking_level=None, thinking_budget=None), "thinkingConfig -> left out"
    if current.temperature and "temperature" in text:
        return replace(current, temperature=False), "temperature -> left out"
    if image and (offered := _ASPECTS_OFFERED.search(message)):
        aspects = tuple(_ASPECT.findall(offered.group(1)))
        if aspects and aspects != current.aspects:
            return replace(current, aspects=aspects), "imageConfig.aspect_ratio -> one of " + ",".join(aspects)
    if image:
        for name, spellings in (("aspect_ratio", ("aspect_ratio", "aspectratio", "aspect ratio")),
                                ("image_size", ("image_size", "imagesize", "image size"))):  # fmt: skip
            if name not in current.dropped_image_fields and any(s in text for s in spellings):
                dropped = current.dropped_image_fields | {name}
                return replace(current, dropped_image_fields=dropped), f"imageConfig.{name} -> left out"
    return None


class SettingsBook:
    """What each model took: the starting point, then what the API corrected (shared through ``memory``)."""

    # How long a call waits for another call that is finding out what a new model takes.
    PROBE_WAIT_SECONDS = 5.0

    def __init__(self, memory: ModelMemory | None = None) -> None:
        self._learned: dict[str, CallSettings] = {}
        self._confirmed: set[str] = set()
        self._probing: dict[str, asyncio.Event] = {}
        self.memory = memory
        self._asked: set[str] = set()  # models whose learned settings were looked up in the memory

    async def recall(self) -> None:
        """Everything the fleet learned so far (at start: the first call of each model then pays no refusal)."""
        if self.memory is None:
            return
        try:
            known = await self.memory.learned_settings()
        except Exception:
            log.warning("could not read the learned model settings", exc_info=True)
            return
        for model, text in known.items():
            self._adopt(model, text)

    def _adopt(self, model: str, text: str) -> None:
        self._asked.add(model)
        try:
            self._learned[model] = CallSettings.from_json(text)
        except (ValueError, TypeError, AttributeError):
            log.warning("ignoring unreadable learned settings for %s", model)
            return
        self._confirmed.add(model)  # another process got answers with them

    async def probe(self, model: str) -> bool:
        """Before a call to ``model``: True when this call is the one to find out what a model not yet answered
        takes; concurrent calls wait for its answer (bounded), so a refused setting costs one round trip per model
        and fleet, not one per call in flight."""
        if model in self._confirmed:
            return False
        probing = self._probing.get(model)
        if probing is None:
            self._probing[model] = asyncio.Event()
            if self.memory is not None and model not in self._asked:
                self._asked.add(model)
                try:  # another process (a shard started beside this one) may have learned it meanwhile
                    known = await self.memory.learned_settings(model)
                except Exception:
                    known = {}
                if model in known:
                    self._adopt(model, known[model])
                    self.settled(model, answered=True)
                    return False
            return True
        try:
            await asyncio.wait_for(probing.wait(), self.PROBE_WAIT_SECONDS)
        except TimeoutError:
            pass
        return False

    def settled(self, model: str, *, answered: bool) -> None:
        """The probing call is over: answered (the settings worked) or failed for another reason."""
        if answered:
            self._confirmed.add(model)
        event = self._probing.pop(model, None)
        if event is not None:
            event.set()

    def settings(self, model: ModelInfo) -> CallSettings:
        return self._learned.get(model.id) or starting_settings(model)

    async def learn(self, model: str, settings: CallSettings, change: str, message: str) -> None:
        if self._learned.get(model) == settings:
            return
        self._learned[model] = settings
        log.warning("Gemini %s refused a setting (%s); using %s from now on (%s).",
                    model, message.strip()[:160], settings.describe(), change)  # fmt: skip
        if self.memory is not None:
            try:
                await self.memory.remember_settings(model, settings.to_json())
            except Exception:  # other processes pay the refusal once more; this call's answer stands
                log.warning("could not record the learned settings of %s", model, exc_info=True)

    def in_use(self, models: list[ModelInfo]) -> dict[str, str]:
        return {m.id: self.settings(m).describe() + (" (learned)" if m.id in self._learned else "") for m in models}

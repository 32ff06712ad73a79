"""When to try a Gemini call again, as Google's errors say, inside one deadline for the whole call.

- 429 RESOURCE_EXHAUSTED carries ``google.rpc.RetryInfo`` (``retryDelay``) and ``google.rpc.QuotaFailure``
  (``violations[].quotaId``, ``quotaValue``). A quota of zero is no access at all for this key's tier, whatever the
  quota id and retry delay say: Google words it "Quota exceeded for metric: ..., limit: 0, model: ..." (and
  ``quotaValue`` "0"), or "... doesn't have a free quota tier". It is never waited for (NoQuotaForModel). A
  per-minute quota is waited out when the delay fits the deadline, never retried sooner; otherwise the user is told
  when to retry. A per-day quota (``...PerDay...``) is never retried: it resets at midnight Pacific time, Google's
  daily reset.
- 408 and 5xx back off exponentially, within the same deadline.
The SDK's own retry (tenacity, blind to both details) is switched off so this is the only one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from google.genai import errors

from bot.providers.base import DailyQuotaReached, NoQuotaForModel, RateLimited

_RETRIED = frozenset({408, 500, 502, 503, 504})
_DURATION = re.compile(r"^\s*([\d.]+)s\s*$")
# "Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model:
# gemini-3-pro" and "Gemini 2.5 Pro Preview doesn't have a free quota tier." (Google's two wordings of no access).
_ZERO_LIMIT = re.compile(r"\blimit:\s*0(?![\d.])|\b(?:doesn't|does not) have a free quota tier", re.I)


def _pacific() -> Any:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("America/Los_Angeles")
    except Exception:  # no tz database (a slim image): Pacific standard time is close enough for a reset hint
        from datetime import timezone

        return timezone(timedelta(hours=-8))


def next_daily_reset(now: float) -> float:
    """Google's per-day quotas reset at midnight Pacific time."""
    zone = _pacific()
    local = datetime.fromtimestamp(now, zone)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.timestamp()


def _details(exc: errors.APIError) -> list[dict[str, Any]]:
    details: Any = exc.details
    if isinstance(details, dict):
        details = (details.get("error") or details).get("details") or []
    return [d for d in details if isinstance(d, dict)] if isinstance(details, list) else []


@dataclass(frozen=True)
class QuotaAdvice:
    retry_delay: float | None
    quota_ids: tuple[str, ...]
    zero: bool = False  # a quota of zero: this key's tier has no access to the model

    @property
    def daily(self) -> bool:
        return any("perday" in q.lower().replace("_", "") for q in self.quota_ids)


def quota_advice(exc: errors.APIError) -> QuotaAdvice:
    delay: float | None = None
    ids: list[str] = []
    zero = bool(_ZERO_LIMIT.search(exc.message or ""))
    for item in _details(exc):
        kind = str(item.get("@type", ""))
        if kind.endswith("google.rpc.RetryInfo"):
            match = _DURATION.match(str(item.get("retryDelay", "")))
            if match:
                delay = float(match.group(1))
        elif kind.endswith("google.rpc.QuotaFailure"):
            violations = [v for v in item.get("violations") or [] if isinstance(v, dict)]
            ids += [str(v.get("quotaId", "")) for v in violations]
            zero = zero or any(str(v.get("quotaValue", "")).strip() == "0" for v in violations)
    return QuotaAdvice(delay, tuple(i for i in ids if i), zero)


class RetryPolicy:
    """How long to wait before the next attempt, or the error to raise instead."""

    def __init__(self, attempts: int, initial_delay: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.initial_delay = initial_delay
        self._clock = clock

    def wait_before_retry(
        self, exc: errors.APIError, model: str, attempt: int, deadline: float, wall: Callable[[], float] = time.time
    ) -> float:
        """``attempt`` counts from 1. Raises DailyQuotaReached, RateLimited, or ``exc`` itself when no retry fits."""
        code = exc.code or 0
        left = deadline - self._clock()
        if code == 429:
            advice = quota_advice(exc)
            if advice.zero:
                raise NoQuotaForModel(f"{model}: no quota on this key ({','.join(advice.quota_ids) or 'limit 0'})",
                                      model) from exc  # fmt: skip
            if advice.daily:
                raise DailyQuotaReached(f"{model}: daily quota {','.join(advice.quota_ids)}", model,
                                        next_daily_reset(wall())) from exc  # fmt: skip
            delay = advice.retry_delay if advice.retry_delay is not None else self._backoff(attempt)
            if attempt >= self.attempts or delay >= left:
                raise RateLimited(f"{model}: per-minute quota {','.join(advice.quota_ids) or '(no id)'}, retry in "
                                  f"{delay:.1f}s", delay) from exc  # fmt: skip
            return delay
        if code in _RETRIED:
            delay = self._backoff(attempt)
            if attempt < self.attempts and delay < left:
                return delay
        raise exc

    def _backoff(self, attempt: int) -> float:
        return min(self.initial_delay * 2 ** (attempt - 1), 30.0)

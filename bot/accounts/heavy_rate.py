"""A per-user rate for heavy buttons (export a file, the platform pack, gallery pages): each re-encodes images on
the bot's workers, so one user clicking fast must not queue work ahead of everyone's renders."""

from __future__ import annotations

import time
from collections.abc import Callable


class HeavyRate:
    """A token bucket per user: ``burst`` at once, then ``per_minute``. Idle users are forgotten (bounded memory)."""

    def __init__(self, per_minute: float = 12, burst: int = 4, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = per_minute / 60
        self._burst = burst
        self._clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # user -> (tokens, at)

    def allow(self, user_id: int) -> bool:
        now = self._clock()
        tokens, at = self._buckets.get(user_id, (float(self._burst), now))
        tokens = min(self._burst, tokens + (now - at) * self._rate)
        if tokens < 1:
            self._buckets[user_id] = (tokens, now)
            return False
        self._buckets[user_id] = (tokens - 1, now)
        if len(self._buckets) > 10_000:  # full buckets carry no state worth keeping
            full = now - self._burst / self._rate
            self._buckets = {u: b for u, b in self._buckets.items() if b[1] > full}
        return True



"""What the fleet learned about Gemini models, kept where every process reads it (the database, wired at start).

Two facts: the generation settings a model took after refusing the starting ones (so a fleet pays that refused round
trip once per model, not once per process and restart), and the models this key has no quota for (Google's "limit:
0"), until Google's daily reset. And a claim: while one process makes the fleet's first call to a model, the others
wait for its answer rather than each paying a refusal. The provider layer states what it needs; storage implements it.
"""

from __future__ import annotations

import hashlib
from typing import Protocol


class ModelMemory(Protocol):
    async def learned_settings(self, model: str | None = None) -> dict[str, str]:
        """Settings (JSON) per model, every model's when ``model`` is None."""
        ...

    async def remember_settings(self, model: str, settings: str) -> None: ...

    async def unusable(self, key_id: str, now: float) -> dict[str, tuple[str, float]]:
        """Models this key cannot use now: model -> (reason, until)."""
        ...

    async def remember_unusable(self, key_id: str, model: str, reason: str, until: float) -> None: ...

    async def claim_first_call(self, key_id: str, model: str, now: float, hold: float) -> bool:
        """True when this process may make the fleet's first call to ``model`` with this key: no other process is
        making one (its claim lasts ``hold`` seconds at most), and none found the key cannot use it."""
        ...

    async def release_first_call(self, key_id: str, model: str) -> None:
        """The first call answered: other processes may call the model at once."""
        ...


def key_id(api_key: str) -> str:
    """Which key a fact is about, without keeping the key: a new key (a billed project) starts with a clean slate."""
    return hashlib.sha256(b"profile-creator/gemini-key:" + api_key.encode()).hexdigest()[:16]

"""Process-level helpers for the entry points: start-up checks and exit codes, doctor, the heartbeat.

Each name is imported from its module when first asked for: the health check (`profile-creator health`, run by
Docker every 30 s with a 5 s timeout) and the shutdown helper need none of doctor's imports (the coach and Gemini's
client, ~3.6 s of CPU)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.runtime.doctor import doctor
    from bot.runtime.heartbeat import beat, check
    from bot.runtime.shutdown import stop_on_signals
    from bot.runtime.startup import check_data_dir, explain
    from bot.runtime.steady import settle_startup_objects

_MODULE = {
    "doctor": "doctor",
    "beat": "heartbeat",
    "check": "heartbeat",
    "stop_on_signals": "shutdown",
    "check_data_dir": "startup",
    "explain": "startup",
    "settle_startup_objects": "steady",
}

__all__ = [
    "beat",
    "check",
    "check_data_dir",
    "doctor",
    "explain",
    "settle_startup_objects",
    "stop_on_signals",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULE:
        raise AttributeError(f"module 'bot.runtime' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"bot.runtime.{_MODULE[name]}"), name)
    # Importing bot.runtime.doctor sets this package's "doctor" to the submodule; `from bot.runtime import doctor`
    # would then get the module, not the function (`profile-creator doctor`: "'module' object is not callable").
    globals()[name] = value
    return value

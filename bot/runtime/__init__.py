"""Process-level helpers for the entry points: start-up checks and exit codes, doctor, the heartbeat."""

from bot.runtime.doctor import doctor
from bot.runtime.heartbeat import beat, check
from bot.runtime.shutdown import stop_on_signals
from bot.runtime.startup import check_data_dir, explain
from bot.runtime.steady import settle_startup_objects

__all__ = [
    "beat",
    "check",
    "check_data_dir",
    "doctor",
    "explain",
    "settle_startup_objects",
    "stop_on_signals",
]

"""Metrics and logging (secrets redacted)."""

from bot.observability.logging_setup import configure_logging
from bot.observability.metrics import NO_METRICS, Metrics

__all__ = [
    "NO_METRICS",
    "Metrics",
    "configure_logging",
]

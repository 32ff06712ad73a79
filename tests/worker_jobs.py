"""Jobs for the design workers' tests: importable by a spawned worker process."""

import time


def hang() -> None:
    """A job that never answers (as a stuck decode or a runaway trace would)."""
    time.sleep(3600)

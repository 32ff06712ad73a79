"""The stages a render reports while it runs (the progress line the user sees)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum


class Stage(Enum):
    QUEUED = "queued"
    GENERATING = "generating"
    FINISHING = "finishing"
    REPAINTING = "repainting"
    CHECKING = "checking"
    FIXING_TEXT = "fixing-text"
    FIXING_BACKGROUND = "fixing-background"


Progress = Callable[[Stage], Awaitable[None]]

"""What one model call cost in tokens, and which session and render it was made for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

CallKind = Literal["chat", "extract", "check", "image"]


@dataclass(frozen=True)
class ModelUsage:
    """Google's ``usageMetadata`` for one call: thoughts are billed as output, beside the visible candidates."""

    model: str
    call: CallKind
    prompt_tokens: int = 0
    output_tokens: int = 0  # candidatesTokenCount: the visible answer (an image's tokens included)
    thought_tokens: int = 0
    images: int = 0


@dataclass(frozen=True)
class UsageScope:
    session_id: int | None
    render: int | None = None  # the render's number in its session (1 = the first), for image and check calls


# The session (and render) whose work the current task does; the provider reports usage without knowing either.
USAGE_SCOPE: ContextVar[UsageScope | None] = ContextVar("usage_scope", default=None)


@contextmanager
def usage_scope(session_id: int | None, render: int | None = None) -> Iterator[None]:
    token = USAGE_SCOPE.set(UsageScope(session_id, render))
    try:
        yield
    finally:
        try:
            USAGE_SCOPE.reset(token)
        except ValueError:  # closed from another context (an abandoned stream): nothing to restore there
            pass

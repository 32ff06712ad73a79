"""Why a render does not start (facts a front end words its own way), and how a failed one is counted."""

from __future__ import annotations

from typing import Literal

from bot.model import ProviderError, Session, check_brief
from bot.providers import EmptyResult, ProviderTimeout, ProviderUnavailable, SafetyBlocked

RefusalReason = Literal["ended", "stale", "not_ready", "renders_used", "attempts_used", "busy"]


class GenerationRefused(Exception):
    """A render cannot start; ``reason`` is the fact (each front end words it), ``attempts`` the session's image
    attempts when they are what ran out."""

    def __init__(self, reason: RefusalReason, *, budget_used: bool = False, attempts: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.budget_used = budget_used  # Done (or an export) is what is left
        self.stale = reason == "stale"  # the control was posted for a state that has passed: nothing to do
        self.attempts = attempts


def refusal_for(
    session: Session | None, expect_renders: int | None, budget: int, attempts: int, *, holding: bool
) -> GenerationRefused | None:
    """The cheap checks before a render is acknowledged, in the order a user should hear them. ``holding``: a paid
    image waits to be saved, which needs no attempt."""
    if session is None or not session.live:
        return GenerationRefused("ended")
    if expect_renders is not None and session.renders_used != expect_renders:
        return GenerationRefused("stale")
    if not check_brief(session.creation_type, session.brief).ready:
        return GenerationRefused("not_ready")
    if session.renders_used >= budget:
        return GenerationRefused("renders_used", budget_used=True)
    if session.attempts_used >= attempts and not holding:
        return GenerationRefused("attempts_used", budget_used=True, attempts=attempts)
    return None


def failure_kind(exc: ProviderError) -> str:
    kinds = {
        ProviderUnavailable: "unavailable",
        ProviderTimeout: "timeout",
        SafetyBlocked: "safety",
        EmptyResult: "empty",
    }
    return next((kind for cls, kind in kinds.items() if isinstance(exc, cls)), "other")

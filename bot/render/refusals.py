"""Why a render does not start (facts a front end words its own way), and how a failed one is counted."""

from __future__ import annotations

from typing import Literal

from bot.model import ProviderError, Session, check_brief
from bot.providers import EmptyResult, ProviderTimeout, ProviderUnavailable, SafetyBlocked

RefusalReason = Literal["ended", "stale", "not_ready", "renders_used", "attempts_used", "busy", "other"]


class GenerationRefused(Exception):
    """A render cannot start; the message says why (shown ephemerally)."""

    def __init__(
        self, user_message: str, *, budget_used: bool = False, stale: bool = False, reason: RefusalReason = "other"
    ) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.budget_used = budget_used
        self.stale = stale  # the control was posted for a state that has passed: nothing to do
        self.reason = reason  # the fact, for a front end that words it its own way


ALREADY_DONE = "Already done — the image is above. (That button was for an earlier step of this session.)"


def refusal_for(
    session: Session | None, expect_renders: int | None, budget: int, attempts: int, *, holding: bool
) -> GenerationRefused | None:
    """The cheap checks before a render is acknowledged, in the order a user should hear them. ``holding``: a paid
    image waits to be saved, which needs no attempt."""
    if session is None or not session.live:
        return GenerationRefused("This session has ended. Start a new one with /profile create.", reason="ended")
    if expect_renders is not None and session.renders_used != expect_renders:
        return GenerationRefused(ALREADY_DONE, stale=True, reason="stale")
    if not check_brief(session.creation_type, session.brief).ready:
        return GenerationRefused(
            "The brief isn't complete yet; answer the coach's questions first.", reason="not_ready"
        )
    if session.renders_used >= budget:
        return GenerationRefused(
            f"You've used all {budget} renders of this session. Export any of them for free, press Done, "
            "or start a new session with /profile create.",
            budget_used=True,
            reason="renders_used",
        )
    if session.attempts_used >= attempts and not holding:
        return GenerationRefused(
            f"This session has used all {attempts} of its image attempts (safety blocks and "
            "empty results count too). Export any render for free, press Done, or start a new session.",
            budget_used=True,
            reason="attempts_used",
        )
    return None


def failure_kind(exc: ProviderError) -> str:
    kinds = {
        ProviderUnavailable: "unavailable",
        ProviderTimeout: "timeout",
        SafetyBlocked: "safety",
        EmptyResult: "empty",
    }
    return next((kind for cls, kind in kinds.items() if isinstance(exc, cls)), "other")

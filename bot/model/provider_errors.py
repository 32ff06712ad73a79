"""The errors a model provider may raise, each with the fact a user hears (``trouble``): what went wrong, and the
wait or reset time when there is one. The front ends word it (bot/usecases/words.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TroubleKind(StrEnum):
    """What went wrong with a model call, or with the render around it."""

    FAILED = "failed"  # any other answer of the API
    UNAVAILABLE = "unavailable"  # busy (5xx, 429 after retries) or unreachable
    RATE_LIMITED = "rate_limited"  # a per-minute limit whose wait did not fit: ``wait_seconds``
    DAILY_QUOTA = "daily_quota"  # Google's per-day limit: ``resets_at``
    NEEDS_BILLING = "needs_billing"  # no model this key may use for the purpose
    BUDGET_SPENT = "budget_spent"  # the operator's daily budget: ``resets_at``
    TIMEOUT = "timeout"
    SAFETY = "safety"  # the safety filter blocked it
    RECITATION = "recitation"  # stopped for coming too close to an existing work
    EMPTY = "empty"  # no image (or no reply) came back
    TEXT_ONLY = "text_only"  # the image model answered with words
    KEY_REFUSED = "key_refused"
    MODEL_GONE = "model_gone"  # the model id is no longer served
    UNUSABLE_IMAGE = "unusable_image"  # the image came back but post-processing could not use it
    NOT_SAVED = "not_saved"  # the image is made and held, but ``where`` (storage or database) refused to keep it


@dataclass(frozen=True)
class Trouble:
    kind: TroubleKind
    wait_seconds: float | None = None
    resets_at: float | None = None  # a Unix time
    where: str | None = None


class ProviderError(Exception):
    """A model call failed; ``kind`` is what a user hears about it (``trouble``)."""

    kind = TroubleKind.FAILED

    def __init__(self, detail: str, kind: TroubleKind | None = None) -> None:
        super().__init__(detail)
        if kind is not None:
            self.kind = kind

    @property
    def trouble(self) -> Trouble:
        return Trouble(self.kind, getattr(self, "retry_after", None), getattr(self, "resets_at", None))


class ProviderUnavailable(ProviderError):
    kind = TroubleKind.UNAVAILABLE


class RateLimited(ProviderUnavailable):
    """A per-minute quota (429 with RetryInfo) whose wait did not fit the call's deadline."""

    kind = TroubleKind.RATE_LIMITED

    def __init__(self, detail: str, retry_after: float) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class DailyQuotaReached(ProviderUnavailable):
    """A per-day quota (429 QuotaFailure with a PerDay quota id): no retry helps before Google's daily reset.
    Never billed, like any 429, so the attempt comes back."""

    kind = TroubleKind.DAILY_QUOTA

    def __init__(self, detail: str, model: str, resets_at: float) -> None:
        super().__init__(detail)
        self.model = model
        self.resets_at = resets_at


class NoQuotaForModel(ProviderUnavailable):
    """A 429 whose quota is zero ("limit: 0", "... doesn't have a free quota tier"): this key's tier has no access to
    the model at all. Not a rate limit: no wait helps; the call moves to the next model at once."""

    def __init__(self, detail: str, model: str) -> None:
        super().__init__(detail)
        self.model = model


class ModelsNeedBilling(ProviderUnavailable):
    """Every model the bot may use for ``purpose`` has no quota on this key: its project needs billing."""

    kind = TroubleKind.NEEDS_BILLING

    def __init__(self, detail: str, purpose: str, models: list[str]) -> None:
        super().__init__(detail)
        self.purpose = purpose
        self.models = models


class BudgetReached(ProviderUnavailable):
    """The operator's daily model budget (gemini.daily_budget_usd) is spent: no new paid call today."""

    kind = TroubleKind.BUDGET_SPENT

    def __init__(self, detail: str, resets_at: float) -> None:
        super().__init__(detail)
        self.resets_at = resets_at


class ProviderTimeout(ProviderError):
    kind = TroubleKind.TIMEOUT


class SafetyBlocked(ProviderError):
    kind = TroubleKind.SAFETY  # or RECITATION


class EmptyResult(ProviderError):
    kind = TroubleKind.EMPTY  # or TEXT_ONLY


class KeyRefused(ProviderError):
    """The API refused the key (invalid, revoked, or without access to the Gemini API)."""

    kind = TroubleKind.KEY_REFUSED


class ModelNotFound(ProviderError):
    """The model id is not (or no longer) served: Google withdrew it, or it was never listed for this key."""

    kind = TroubleKind.MODEL_GONE

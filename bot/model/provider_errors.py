"""The errors a model provider may raise, with the sentences a user reads; every front end presents them."""

from __future__ import annotations


class ProviderError(Exception):
    """A model call failed; ``user_message`` is safe and useful to show in Discord."""

    user_message = "The image service failed. Your credit is safe: press Retry in a moment."
    # What the coach says when a chat turn fails (no credit or Retry button involved there).
    chat_message = "The coach couldn't reply just now. Send your message again in a moment."

    def __init__(self, detail: str, user_message: str | None = None) -> None:
        super().__init__(detail)
        if user_message:
            self.user_message = user_message


class ProviderUnavailable(ProviderError):
    user_message = "Gemini is busy or unreachable right now. Your credit is safe: press Retry in a minute."


class RateLimited(ProviderUnavailable):
    """A per-minute quota (429 with RetryInfo) whose wait did not fit the call's deadline."""

    def __init__(self, detail: str, retry_after: float) -> None:
        seconds = max(1, round(retry_after))
        wait = f"{seconds} seconds" if seconds < 90 else f"{round(seconds / 60)} minutes"
        super().__init__(detail, f"Gemini's per-minute limit is reached. Your credit is safe: press Retry in {wait}.")
        self.retry_after = retry_after
        self.chat_message = f"The coach is over Gemini's per-minute limit. Send your message again in {wait}."


class DailyQuotaReached(ProviderUnavailable):
    """A per-day quota (429 QuotaFailure with a PerDay quota id): no retry helps before Google's daily reset.
    Never billed, like any 429, so the attempt comes back."""

    def __init__(self, detail: str, model: str, resets_at: float) -> None:
        when = _clock_utc(resets_at)
        super().__init__(
            detail,
            f"The bot has used today's Gemini limit for images. It resets at {when}; your credit is safe until "
            "then: press Retry after the reset.",
        )
        self.model = model
        self.resets_at = resets_at
        self.chat_message = f"The coach has used today's Gemini limit. It resets at {when}; your session stays."


class NoQuotaForModel(ProviderUnavailable):
    """A 429 whose quota is zero ("limit: 0", "... doesn't have a free quota tier"): this key's tier has no access to
    the model at all. Not a rate limit: no wait helps; the call moves to the next model at once."""

    def __init__(self, detail: str, model: str) -> None:
        super().__init__(detail)
        self.model = model


IMAGES_NEED_BILLING = (
    "Gemini's image models need billing on this bot's key (its free tier has no image quota), so the offline "
    "design engine drew this one."
)


class ModelsNeedBilling(ProviderUnavailable):
    """Every model the bot may use for ``purpose`` has no quota on this key: its project needs billing."""

    def __init__(self, detail: str, purpose: str, models: list[str]) -> None:
        super().__init__(detail, "Gemini's image models need billing on this bot's key, so no AI render can be "
                                 "made with it. Your credit is safe.")  # fmt: skip
        self.purpose = purpose
        self.models = models
        self.chat_message = ("The coach can't use Gemini with this bot's key: its models need billing. An admin "
                             "needs to enable billing for the key's project.")  # fmt: skip


class BudgetReached(ProviderUnavailable):
    """The operator's daily model budget (gemini.daily_budget_usd) is spent: no new paid call today."""

    def __init__(self, detail: str, resets_at: float) -> None:
        when = _clock_utc(resets_at)
        super().__init__(detail, f"The bot has reached today's spending limit for AI renders. It resets at {when}; "
                                 "your credit is safe.")  # fmt: skip
        self.resets_at = resets_at
        self.chat_message = (
            f"The bot has reached today's spending limit for AI replies. It resets at {when}; your session stays."
        )


def _clock_utc(timestamp: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, UTC).strftime("%H:%M UTC")


class ProviderTimeout(ProviderError):
    user_message = "Gemini took too long to answer. Your credit is safe: press Retry."


class SafetyBlocked(ProviderError):
    chat_message = "Gemini's safety filter blocked that reply. Try rephrasing your message."
    user_message = (
        "Gemini's safety filter blocked this design. Your credit is safe: adjust the description in the "
        "thread (e.g. a different subject or wording), then Generate again."
    )


class EmptyResult(ProviderError):
    user_message = "Gemini returned no image this time. Your credit is safe: press Retry."
    chat_message = "The coach ran out of room for a reply this time. Send your message again in a moment."


class KeyRefused(ProviderError):
    """The API refused the key (invalid, revoked, or without access to the Gemini API)."""

    user_message = "The bot's Gemini key was refused. An admin needs to check GEMINI_API_KEY. Your credit is safe."
    chat_message = "The coach can't reach Gemini: the bot's key was refused. An admin needs to check GEMINI_API_KEY."


class ModelNotFound(ProviderError):
    """The model id is not (or no longer) served: Google withdrew it, or it was never listed for this key."""

    user_message = "The image model the bot used was withdrawn by Google. Your credit is safe: press Retry."

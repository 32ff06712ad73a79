"""The studio's own words for refusals the domain reports as facts (the bot words them for Discord)."""

from __future__ import annotations

from bot.render import GenerationRefused


def refusal_text(exc: GenerationRefused, budget: int) -> str:
    """What the page shows for a render that cannot start; never a Discord command."""
    if exc.reason == "ended":
        return "This session has ended. Start a new design with the button at the top of the page."
    if exc.reason == "renders_used":
        return (f"You've used all {budget} renders of this session. Export any of them for free, then press Done "
                "and start a new design.")  # fmt: skip
    if exc.reason == "attempts_used":
        return ("This session has used all its image attempts (safety blocks and empty results count too). Export "
                "any render for free, then press Done and start a new design.")  # fmt: skip
    if exc.reason == "stale":
        return "Already done — your newest render is on the page."
    return exc.user_message

"""Why a Resume was refused, in one sentence, for either front end (Discord names its slash commands)."""

from __future__ import annotations

from bot.storage import ResumeOutcome


def resume_refusal(outcome: ResumeOutcome, *, discord: bool = True) -> str:
    if outcome is ResumeOutcome.TOO_LATE:
        if discord:
            return (
                "This session expired too long ago to resume. Start a new one with /profile create — your renders "
                "are still in /profile gallery."
            )
        return "This session expired too long ago to resume. Your renders are still in your gallery."
    if outcome is ResumeOutcome.NO_QUOTA:
        see = " See /profile quota." if discord else ""
        return f"Resuming needs a credit again (the unused one was refunded), and you have none left this month.{see}"
    if outcome is ResumeOutcome.ALREADY_ACTIVE:
        return "You already have another design session open; finish it (Done) first."
    return "This session can't be resumed (it is still open, or it was closed with Done)."

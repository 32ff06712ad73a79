"""Why a Resume was refused, in one plain sentence both front ends share (each may add its own pointer, such as the
bot's /profile commands)."""

from __future__ import annotations

from bot.model import ResumeOutcome


def resume_refusal(outcome: ResumeOutcome) -> str:
    if outcome is ResumeOutcome.TOO_LATE:
        return "This session expired too long ago to resume. Your renders are still in your gallery."
    if outcome is ResumeOutcome.NO_QUOTA:
        return "Resuming needs a credit again (the unused one was refunded), and you have none left this month."
    if outcome is ResumeOutcome.ALREADY_ACTIVE:
        return "You already have another design session open; finish it (Done) first."
    return "This session can't be resumed (it is still open, or it was closed with Done)."

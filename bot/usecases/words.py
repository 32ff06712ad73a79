"""The few sentences both front ends say word for word, kept once (each front end words everything else in its
own wording module)."""

from __future__ import annotations

from bot.model import ProviderError, ResumeOutcome

SLOW_DOWN = "That's a lot of files at once — give it a few seconds, then press again."
BUSY = "Hang on — the coach or a render is still working in this session."
ALREADY_ON_IT = "Already on it — the image will appear above in a moment."
GENERATING = "Your image is being generated — hang on a moment."


def already_open(where: str = "") -> str:
    """``where``: how the front end points at the open session (" in <#thread>", " in the studio"), or nothing."""
    return f"You already have a design session open{where}."


def kit_failed(error: ProviderError) -> str:
    """The model's failure on a kit's art, pointing at the kit's own button (a render's says Retry)."""
    return error.user_message.replace("press Retry", "press Brand kit again")



def resume_refusal(outcome: ResumeOutcome) -> str:
    """Why a Resume was refused (each front end may add its own pointer, such as the bot's /profile commands)."""
    if outcome is ResumeOutcome.TOO_LATE:
        return "This session expired too long ago to resume. Your renders are still in your gallery."
    if outcome is ResumeOutcome.NO_QUOTA:
        return "Resuming needs a credit again (the unused one was refunded), and you have none left this month."
    if outcome is ResumeOutcome.ALREADY_ACTIVE:
        return "You already have another design session open; finish it (Done) first."
    return "This session can't be resumed (it is still open, or it was closed with Done)."

"""The bot's words for the application layer's outcomes (the studio words them in web/wording.py)."""

from __future__ import annotations

from bot.model import REQUIREMENTS, ResumeOutcome
from bot.sessions import resume_refusal
from bot.usecases import (
    GENERATING,
    AlreadyOpen,
    BriefEdited,
    BriefRefused,
    CoachFailed,
    Edited,
    EditUnchanged,
    ImageUnusable,
    NoSuchSession,
    PlaceFailed,
    ReferenceAdded,
    SessionEnded,
    SettledWhileOpening,
    Spoke,
    StillRendering,
    TooLong,
    TurnsUsedUp,
    already_open,
)

NOT_YOURS = "These controls belong to someone else's session."
ENDED = "This session has ended. Start a new one with /profile create."
NOT_YOUR_RESUME = "Only the session's owner can resume it."


def turns_used_up(fact: TurnsUsedUp, *, opening: bool = False) -> str:
    reset = f"<t:{int(fact.resets_at.timestamp())}:R>"
    if opening:
        return (f"You've used today's {fact.per_day} coach turns ({fact.tier} tier), so a new session couldn't talk "
                f"to you. They come back {reset}; nothing was charged.")  # fmt: skip
    return (f"You've used today's {fact.per_day} coach turns ({fact.tier} tier). They come back {reset}; your "
            "session and its credit stay as they are (press Generate if the brief is ready).")  # fmt: skip


def opening_refused(outcome: AlreadyOpen | ImageUnusable | PlaceFailed | SettledWhileOpening, *, read: bool) -> str:
    """``read``: the user attached an image (an early refusal says it was not read)."""
    if isinstance(outcome, AlreadyOpen):
        if read:
            return already_open()[:-1] + ", so your image wasn't read; nothing was charged."
        thread = outcome.session.thread_id if outcome.session else None
        where = f" in <#{thread}>" if thread and thread > 0 else ""
        return already_open(where) + " Finish it there first (press **Done** under your last render to close it)."
    if isinstance(outcome, ImageUnusable):
        return f"⚠️ {outcome.reason} Nothing was charged."
    if isinstance(outcome, PlaceFailed):
        return "I couldn't open a thread here (missing permissions?). Your credit was not used."
    return ("Opening your session took too long and it was cancelled; nothing was charged. Please run "
            "/profile create again.")  # fmt: skip


def reference_added(fact: ReferenceAdded) -> str | None:
    """The reply to a message whose image became a reference (None: nothing worth saying)."""
    notes = [fact.note] if fact.note else []
    if fact.dropped:
        notes.append(f"I keep your {fact.keep} newest references, so the oldest one was dropped")
    return f"📎 Reference added ({'; '.join(notes)})." if notes else None


def resume_refused(outcome: ResumeOutcome) -> str:
    pointer = {ResumeOutcome.TOO_LATE: " Start a new one with /profile create; see /profile gallery.",
               ResumeOutcome.NO_QUOTA: " See /profile quota."}.get(outcome, "")  # fmt: skip
    return resume_refusal(outcome) + pointer


def turn_refused(outcome: Spoke) -> str | None:
    """The reply to the owner's message when the coach did not answer (None: nothing to say, or answered)."""
    if isinstance(outcome, StillRendering):
        return GENERATING
    if isinstance(outcome, TurnsUsedUp):
        return turns_used_up(outcome)
    if isinstance(outcome, TooLong):
        return f"That message is too long for the coach; keep it under {outcome.limit} characters."
    if isinstance(outcome, CoachFailed):
        return f"⚠️ {outcome.message}"
    return None


MARK_PLACEHOLDER = "Not sure which picture you mean: pick the main element's look"
BRIEF_PLACEHOLDER = "still open: the coach asks if it's needed"


def brief_field_help(element: str, limit: int) -> str:
    if element == "text":
        return f"The name or letters on the design, up to {limit} characters (“none” for no text)."
    return f"Exactly as you want it, up to {limit} characters."


def brief_saved(outcome: BriefEdited) -> str:
    if not outcome.changed:
        return "Nothing changed: the brief is as it was."
    labels = REQUIREMENTS[outcome.session.creation_type].labels
    names = ", ".join(labels.get(name, "brand colours") for name in outcome.changed)  # type: ignore[call-overload]
    follow = " Press **Generate** when you're ready." if outcome.became_ready else ""
    if outcome.session.renders_used:
        follow = " Press **Vary** under your last render to draw it (typing a change edits that render instead)."
    return f"✏️ Saved: {names}.{follow}"


def brief_refused(outcome: Edited) -> str:
    """Why an Edit brief was not saved, or the button did not open; nothing was saved."""
    if isinstance(outcome, NoSuchSession):
        return "That brief isn't one of your open sessions."  # a stranger's and a missing one read the same
    if isinstance(outcome, SessionEnded):
        return ENDED
    if not isinstance(outcome, BriefRefused):
        return "Saved."
    what = outcome.label.capitalize() or outcome.field
    return "⚠️ " + {
        "not_a_field": f"“{outcome.field}” is not part of this brief.",
        "required": f"{what} is needed for this design: change it rather than empty it.",
        "too_long": f"{what} is too long: keep it to {outcome.limit} characters.",
        "text_too_long": f"The text is too long to read at small sizes: keep it to {outcome.limit} characters.",
        "not_a_colour": f"“{outcome.value}” is not a colour: use a name such as teal, or #RRGGBB.",
        "too_many_colours": f"At most {outcome.limit} brand colours, please.",
        "not_offered": "That mark is no longer offered: pick one from the card's list.",
    }[outcome.reason] + " Nothing was saved."


def edit_unchanged(fact: EditUnchanged) -> str:
    """An edit that would draw the same picture: no render spent."""
    asked = fact.change if len(fact.change) <= 60 else fact.change[:57] + "…"
    return (f"↩️ I can't do “{asked}” in the offline design (or it's already done), so nothing changed and no render "
            "was used. I can make it darker or lighter, the text bigger, smaller or thicker, swap or change the "
            "colours, or try another shape. To change a field, say it (“the text should say …”).")

"""The studio's own words for refusals the domain reports as facts (the bot words them for Discord)."""

from __future__ import annotations

from bot.render import GenerationRefused
from bot.usecases import (
    GENERATING,
    AlreadyOpen,
    BriefRefused,
    CoachFailed,
    Edited,
    EditUnchanged,
    NoCredits,
    NoSuchSession,
    NothingToSay,
    ReferenceAdded,
    SessionEnded,
    Spoke,
    StillRendering,
    TooLong,
    TurnsUsedUp,
    WordsAreEdits,
)
from bot.usecases import already_open as already_open_text

UPLOAD_TOO_LARGE = "That image is larger than 8 MB: save it smaller and try again."
ENDED = "This session has ended. Start a new design with the button at the top of the page."


def refusal_text(exc: GenerationRefused, budget: int) -> str:
    """What the page shows for a render that cannot start; never a Discord command."""
    if exc.reason == "ended":
        return ENDED
    if exc.reason == "renders_used":
        return (f"You've used all {budget} renders of this session. Export any of them for free, then press Done "
                "and start a new design.")  # fmt: skip
    if exc.reason == "attempts_used":
        return ("This session has used all its image attempts (safety blocks and empty results count too). Export "
                "any render for free, then press Done and start a new design.")  # fmt: skip
    if exc.reason == "stale":
        return "Already done — your newest render is on the page."
    return exc.user_message


def turns_used_up(fact: TurnsUsedUp) -> str:
    return (f"You've used today's {fact.per_day} coach turns ({fact.tier} tier); they come back at "
            f"{fact.resets_at:%H:%M} UTC. Your session and its credit stay as they are.")  # fmt: skip


def no_credits(fact: NoCredits) -> str:
    s = fact.status
    return (f"You've used all your creations this month ({s.used} / {s.limit}, {s.tier} tier). More on "
            f"{s.resets_at:%B} {s.resets_at.day}; everything you made stays in your gallery.")  # fmt: skip


def already_open(fact: AlreadyOpen) -> str:
    in_studio = fact.session is not None and (fact.session.thread_id or 0) < 0
    where = "in the studio" if in_studio else "in Discord"
    return already_open_text(f" {where}") + " Finish it there first (Done)."


def reference_notes(fact: ReferenceAdded) -> list[str]:
    notes = [fact.note] if fact.note else []
    if fact.dropped:
        notes.append(f"only your {fact.keep} newest references are kept, so the oldest one was dropped")
    return notes


def turn_refused(outcome: Spoke) -> str:
    """What the page says when the coach did not answer a message."""
    if isinstance(outcome, NoSuchSession):
        return "No such session."
    if isinstance(outcome, SessionEnded):
        return ENDED
    if isinstance(outcome, StillRendering):
        return GENERATING
    if isinstance(outcome, WordsAreEdits):
        return "Your design is rendered: describe a change and press Edit (it edits the last render)."
    if isinstance(outcome, TurnsUsedUp):
        return turns_used_up(outcome)
    if isinstance(outcome, TooLong):
        return f"That message is too long: the coach reads up to {outcome.limit} characters. Shorten it and send again."
    if isinstance(outcome, NothingToSay):
        return "Write something for the coach first."
    if isinstance(outcome, CoachFailed):
        return outcome.message
    return "This session is busy; try again in a moment."


def brief_refused(outcome: Edited) -> str:
    """Why the brief card's edit was not saved (nothing was)."""
    if isinstance(outcome, NoSuchSession):
        return "No such session."
    if isinstance(outcome, SessionEnded):
        return ENDED
    if not isinstance(outcome, BriefRefused):
        return "Saved."
    what = outcome.label.capitalize() or outcome.field
    return {
        "not_a_field": f"“{outcome.field}” is not part of this brief.",
        "required": f"{what} is needed for this design: change it rather than empty it.",
        "too_long": f"{what} is too long: keep it to {outcome.limit} characters.",
        "text_too_long": f"The text is too long to read at small sizes: keep it to {outcome.limit} characters.",
        "not_a_colour": f"“{outcome.value}” is not a colour: use a name such as teal, or #RRGGBB (e.g. #9146FF).",
        "too_many_colours": f"At most {outcome.limit} brand colours, please.",
        "not_offered": "That mark is no longer offered for the main element: pick one of those shown.",
    }[outcome.reason]


def edit_unchanged(fact: EditUnchanged) -> str:
    """An edit that would draw the same picture: said in the chat, no render spent."""
    asked = fact.change if len(fact.change) <= 60 else fact.change[:57] + "…"
    return (f"I can't do “{asked}” in the offline design (or it's already done), so nothing changed and no render "
            "was used. I can make it darker or lighter, the text bigger, smaller or thicker, swap or change the "
            "colours, or try another shape; to change a field, edit the brief card.")

"""The bot's words for the application layer's outcomes (the studio words them in web/wording.py). WORDS names the
function that words each use case's outcomes; SILENT lists the outcomes the bot answers with no sentence, on
purpose. tests/test_wording.py checks that every other member of every outcome has a sentence here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.model import REQUIREMENTS, ResumeOutcome
from bot.usecases import (
    ALREADY_ON_IT,
    BUSY,
    GENERATING,
    NOT_READY,
    RENDER_RUNNING,
    AlreadyOnIt,
    AlreadyOpen,
    BriefEdited,
    BriefRefused,
    Busy,
    Closed,
    CoachFailed,
    Edited,
    EditUnchanged,
    ImageUnusable,
    NoCredits,
    NoSuchSession,
    NothingToSay,
    Opened,
    OptionsChosen,
    PlaceFailed,
    ReferenceAdded,
    Rendered,
    RenderFailed,
    RenderRefused,
    Replied,
    Resumed,
    ResumeRefused,
    SessionEnded,
    SettledWhileOpening,
    StillRendering,
    TooLong,
    TurnsUsedUp,
    WordsAreEdits,
    already_open,
    coach_trouble,
    image_problem,
    render_trouble,
    resume_refusal,
)
from cogs.wording_deliveries import (
    exported,
    gallery_text,
    kit,
    kit_again,
    kits_kept,
    packed,
    rated,
    reposting,
)
from cogs.wording_operator import audit_text, models_text, month_text, tier_set

if TYPE_CHECKING:
    from bot.usecases import Clicked, Opening, Spoke

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
        return f"⚠️ {image_problem(outcome.problem)} Nothing was charged."
    if isinstance(outcome, PlaceFailed):
        return "I couldn't open a thread here (missing permissions?). Your credit was not used."
    return ("Opening your session took too long and it was cancelled; nothing was charged. Please run "
            "/profile create again.")  # fmt: skip


def reference(outcome: ReferenceAdded | ImageUnusable | SessionEnded | NoSuchSession) -> str:
    """The reply to a message with an image (the bot replies to an added one only when there is a note)."""
    if isinstance(outcome, ImageUnusable):
        return f"⚠️ {image_problem(outcome.problem)}"
    if isinstance(outcome, NoSuchSession):
        return NOT_YOURS
    if isinstance(outcome, SessionEnded):
        return ENDED
    notes = [outcome.note] if outcome.note else []
    if outcome.dropped:
        notes.append(f"I keep your {outcome.keep} newest references, so the oldest one was dropped")
    return f"📎 Reference added ({'; '.join(notes)})." if notes else "📎 Reference added."


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
        return f"⚠️ {coach_trouble(outcome.trouble)}"
    return None  # said nothing on purpose: see SILENT


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


def opening(outcome: Opening, *, read: bool = False) -> str:
    """``read``: the user attached an image (an early refusal says it was not read)."""
    if isinstance(outcome, Opened):
        return "Your design session is open"
    if isinstance(outcome, TurnsUsedUp):
        return turns_used_up(outcome, opening=True)
    if isinstance(outcome, NoCredits):
        if read:
            return "You've used all your creations, so your image wasn't read; nothing was charged."
        return "You've used all your creations this month."
    return opening_refused(outcome, read=read)


def render_refused(outcome: RenderRefused) -> str:
    """Why a render does not start, in the order the checks run."""
    return {
        "ended": ENDED,
        "stale": "Already done — the image is above. (That button was for an earlier step of this session.)",
        "not_ready": NOT_READY,
        "renders_used": f"You've used all {outcome.budget} renders of this session. Export any of them for free, "
                        "press Done, or start a new session with /profile create.",
        "attempts_used": f"This session has used all {outcome.attempts} of its image attempts (safety blocks and "
                         "empty results count too). Export any render for free, press Done, or start a new session.",
        "busy": RENDER_RUNNING,
    }[outcome.reason]  # fmt: skip


def failed(outcome: RenderFailed) -> str:
    """A render's failure (the coach's, when reading an edit's change failed)."""
    return coach_trouble(outcome.trouble) if outcome.by_coach else render_trouble(outcome.trouble)


def clicked(outcome: Clicked) -> str:
    if isinstance(outcome, Rendered):
        return "✅ Done! Your image is below, and kept in /profile gallery."
    if isinstance(outcome, RenderRefused):
        return render_refused(outcome)
    if isinstance(outcome, RenderFailed):
        return f"⚠️ {failed(outcome)}"
    if isinstance(outcome, AlreadyOnIt):
        return ALREADY_ON_IT  # a double click: the first one is rendering
    if isinstance(outcome, NoSuchSession):
        return NOT_YOURS
    if isinstance(outcome, EditUnchanged):
        return edit_unchanged(outcome)
    assert isinstance(outcome, Busy)
    return f"{BUSY} Press again when it's done."


def closed(outcome: Closed | SessionEnded | NoSuchSession) -> str:
    if isinstance(outcome, NoSuchSession):
        return NOT_YOURS
    if isinstance(outcome, SessionEnded):
        return ENDED
    if outcome.session.in_dm:  # a DM has no archive: it stays, and the next session can start right here
        return "🏁 Session closed. Your renders stay in /profile gallery; **/profile create** here starts another."
    return "🏁 Session closed. Your renders stay in /profile gallery."


def resumed(outcome: Resumed | ResumeRefused | NoSuchSession) -> str:
    if isinstance(outcome, NoSuchSession):
        return NOT_YOUR_RESUME
    if isinstance(outcome, ResumeRefused):
        return resume_refused(outcome.outcome)
    return "▶️ Resumed. The coach remembers the conversation and the brief."


def options(outcome: OptionsChosen | SessionEnded | NoSuchSession) -> str | None:
    if isinstance(outcome, NoSuchSession):
        return NOT_YOURS
    return ENDED if isinstance(outcome, SessionEnded) else None  # the options message is redrawn: see SILENT


# The function that words each use case's outcomes. Only the studio serves single emotes and shows a whole
# session's state.
WORDS: dict[str, Callable[[Any], str | None]] = {
    "open_session": opening,
    "coach_opening": turn_refused,
    "coach_turn": turn_refused,
    "render_click": clicked,
    "render_now": clicked,
    "close_session": closed,
    "resume_session": resumed,
    "choose_options": options,
    "add_reference": reference,
    "export_render": exported,
    "platform_pack": packed,
    "brand_kit": kit,
    "kit_cost": kit,
    "edit_brief": lambda outcome: brief_saved(outcome) if isinstance(outcome, BriefEdited) else brief_refused(outcome),
    "brief_to_edit": brief_refused,
    "rate_render": rated,
    "kept_image": reposting,
    "your_render": exported,
    "override_tier": tier_set,
    "tier_audit": audit_text,
    "month_figures": month_text,
    "model_status": models_text,
    "gallery_page": gallery_text,
    "turn_gallery_page": gallery_text,
    "kit_again": kit_again,
    "render_kits": kits_kept,
    "kept_kits": kits_kept,
}
# Only the bot has these (the studio has no operator commands, and pages its gallery without a rate).
BOT_ONLY = {"override_tier", "gallery_page", "turn_gallery_page", "tier_audit", "month_figures", "model_status"}
STUDIO_ONLY = {"emote_file", "session_view", "open_session_view", "studio_spend"}
# (use case, outcome) the bot answers with no sentence, and why.
SILENT: dict[tuple[str, type], str] = {
    ("coach_opening", Replied): "the coach's streamed reply is the answer",
    ("coach_turn", Replied): "the coach's streamed reply is the answer",
    ("coach_turn", NoSuchSession): "the bot never answers someone else's words in a session thread",
    ("coach_turn", SessionEnded): "messages in an ended session's thread are ignored",
    ("coach_turn", WordsAreEdits): "the words run as an edit, which reports its own progress",
    ("coach_turn", NothingToSay): "a refused file already had its own reply",
    ("choose_options", OptionsChosen): "the options message is redrawn with the choice selected",
}

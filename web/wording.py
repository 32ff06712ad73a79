"""The studio's own words and HTTP statuses for the application layer's outcomes (the bot words them for Discord
in cogs/wording.py). WORDS names the function that words each use case's outcomes; tests/test_wording.py checks
that every member of every use case's outcome has a sentence and a status here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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
    Exported,
    ImageUnusable,
    KeptImage,
    KitAlreadyOnIt,
    KitFailed,
    KitGiven,
    KitMade,
    KitNeedsCredit,
    KitsKept,
    MonthRefused,
    NoCredits,
    NoSuchSession,
    NotAnAdmin,
    NothingToSay,
    NotYours,
    Opened,
    OptionsChosen,
    Packed,
    PlaceFailed,
    Rated,
    ReferenceAdded,
    Rendered,
    RenderFailed,
    RenderRefused,
    Replied,
    Resumed,
    ResumeRefused,
    SessionEnded,
    SessionView,
    SettledWhileOpening,
    SlowDown,
    SpendShown,
    StillRendering,
    TooLarge,
    TooLong,
    TurnsUsedUp,
    WordsAreEdits,
    coach_trouble,
    image_problem,
    render_trouble,
    resume_refusal,
)
from bot.usecases import already_open as already_open_text
from web.wording_deliveries import image_words, kept_kit, kit, kits_listed, render_file

UPLOAD_TOO_LARGE = "That image is larger than 8 MB: save it smaller and try again."

if TYPE_CHECKING:
    from bot.usecases import Clicked, Opening, Spoke

ENDED = "This session has ended. Start a new design with the button at the top of the page."


def refusal_text(outcome: RenderRefused) -> str:
    """What the page shows for a render that cannot start; never a Discord command."""
    return {
        "ended": ENDED,
        "stale": "Already done — your newest render is on the page.",
        "not_ready": NOT_READY,
        "renders_used": f"You've used all {outcome.budget} renders of this session. Export any of them for free, "
                        "then press Done and start a new design.",
        "attempts_used": "This session has used all its image attempts (safety blocks and empty results count too). "
                         "Export any render for free, then press Done and start a new design.",
        "busy": RENDER_RUNNING,
    }[outcome.reason]  # fmt: skip


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
        return coach_trouble(outcome.trouble)
    if isinstance(outcome, Replied):
        return "The coach answered."
    return "This session is busy; try again in a moment."


def brief_refused(outcome: Edited) -> str:
    """Why the brief card's edit was not saved (nothing was)."""
    if isinstance(outcome, NoSuchSession):
        return "No such session."
    if isinstance(outcome, SessionEnded):
        return ENDED
    if isinstance(outcome, BriefEdited):
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
def opening(outcome: Opening) -> str:
    if isinstance(outcome, Opened):
        return "Your design session is open."
    if isinstance(outcome, TurnsUsedUp):
        return turns_used_up(outcome) + " Nothing was charged."
    if isinstance(outcome, AlreadyOpen):
        return already_open(outcome)
    if isinstance(outcome, NoCredits):
        return no_credits(outcome)
    if isinstance(outcome, ImageUnusable):
        return f"{image_problem(outcome.problem)} Nothing was charged."
    assert isinstance(outcome, PlaceFailed | SettledWhileOpening)
    return "The session could not be opened; nothing was charged. Try again."


def clicked(outcome: Clicked) -> str:
    if isinstance(outcome, Rendered):
        return f"Render {outcome.result.number} of {outcome.result.budget} is ready."
    if isinstance(outcome, RenderRefused):
        return refusal_text(outcome)
    if isinstance(outcome, RenderFailed):
        return coach_trouble(outcome.trouble) if outcome.by_coach else render_trouble(outcome.trouble)
    if isinstance(outcome, AlreadyOnIt):
        return ALREADY_ON_IT
    if isinstance(outcome, NoSuchSession):
        return "No such session."
    if isinstance(outcome, EditUnchanged):
        return edit_unchanged(outcome)
    assert isinstance(outcome, Busy)
    return BUSY


CLOSED = "Session closed. Your renders stay in your gallery."


def finished(outcome: Closed | Resumed | ResumeRefused | SessionEnded | NoSuchSession) -> str:
    """Done and Resume (Done on a session that had ended already closes nothing and says the same)."""
    if isinstance(outcome, NoSuchSession):
        return "No such session."
    if isinstance(outcome, Closed | SessionEnded):
        return CLOSED
    if isinstance(outcome, ResumeRefused):
        return resume_refusal(outcome.outcome)
    return "Resumed: the coach remembers the conversation and the brief."


def options(outcome: OptionsChosen | SessionEnded | NoSuchSession) -> str:
    if isinstance(outcome, NoSuchSession):
        return "No such session."
    return ENDED if isinstance(outcome, SessionEnded) else "Saved."


def reference(outcome: ReferenceAdded | ImageUnusable | SessionEnded | NoSuchSession) -> str:
    if isinstance(outcome, NoSuchSession):
        return "No such session."
    if isinstance(outcome, SessionEnded):
        return "This session has ended: start a new design to use a reference."
    if isinstance(outcome, ImageUnusable):
        return image_problem(outcome.problem)
    return " ".join(["Reference added.", *(n[0].upper() + n[1:] + "." for n in reference_notes(outcome))])


STATUS: dict[type, int] = {
    **dict.fromkeys((Opened, Replied, Rendered, Closed, Resumed, OptionsChosen, ReferenceAdded, Exported, Packed,
                     KitMade, BriefEdited, EditUnchanged, Rated, SessionView, KeptImage, KitGiven, KitsKept), 200),
    NoSuchSession: 404, NotYours: 404, SessionEnded: 409, StillRendering: 409, WordsAreEdits: 409,
    TurnsUsedUp: 429, TooLong: 400, NothingToSay: 400, CoachFailed: 502, AlreadyOpen: 409, NoCredits: 402,
    ImageUnusable: 400, PlaceFailed: 503, SettledWhileOpening: 503, RenderRefused: 409, RenderFailed: 502,
    AlreadyOnIt: 409, Busy: 409, ResumeRefused: 409, SlowDown: 429, TooLarge: 413, KitNeedsCredit: 402,
    KitFailed: 502, KitAlreadyOnIt: 409, BriefRefused: 409, SpendShown: 200, NotAnAdmin: 403, MonthRefused: 503,
}


def status(outcome: object) -> int:
    """The HTTP status the studio answers an outcome with (a file refused for the user's rate of decodes: 429; a
    word that is not a colour: 422, the request fits the document but cannot be read)."""
    if isinstance(outcome, ImageUnusable) and outcome.too_many:
        return 429
    if isinstance(outcome, BriefRefused) and outcome.reason == "not_a_colour":  # fits the document, not a colour
        return 422
    return STATUS[type(outcome)]


NO_OPEN_SESSION = "You have no open design session."


def spend_words(outcome: SpendShown | MonthRefused | NotAnAdmin) -> str:
    """The operator's spend line on the page (the figures themselves are JSON)."""
    if isinstance(outcome, MonthRefused):
        return (f"The figures for {outcome.month} took longer than {outcome.seconds:g} s and were stopped; reload "
                "the page to try again.")  # fmt: skip
    if isinstance(outcome, NotAnAdmin):
        return "Only the studio's operators see what the bot spends."
    return f"Gemini spend in {outcome.spend.month}: ${outcome.spend.cost_usd:.4f} (an estimate from the prices set)."


def view_words(outcome: SessionView | NoSuchSession) -> str:
    return "No such session." if isinstance(outcome, NoSuchSession) else "Your session."


# The function that words each use case's outcomes (use cases whose result is not an outcome are not here).
WORDS: dict[str, Callable[[Any], str]] = {
    "open_session": opening,
    "coach_opening": turn_refused,
    "coach_turn": turn_refused,
    "render_click": clicked,
    "render_now": clicked,
    "close_session": finished,
    "resume_session": finished,
    "choose_options": options,
    "add_reference": reference,
    "export_render": render_file,
    "platform_pack": lambda outcome: render_file(outcome, what="pack"),
    "brand_kit": kit,
    "emote_file": render_file,
    "kit_cost": render_file,
    "kit_again": kept_kit,
    "render_kits": kits_listed,
    "kept_kits": kits_listed,
    "session_view": view_words,
    "studio_spend": spend_words,
    "kept_image": image_words,
    "your_render": render_file,
    "open_session_view": lambda view: "Your open session." if view is not None else NO_OPEN_SESSION,
    "rate_render": lambda outcome: render_file(outcome) if isinstance(outcome, NotYours) else "Thanks for rating.",
    "edit_brief": brief_refused,
    "brief_to_edit": brief_refused,
}

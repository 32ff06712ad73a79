"""The few sentences both front ends say word for word, kept once (each front end words everything else in its
own wording module)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model import ImageProblem, ImageProblemKind, KitFlaw, NewRender, ResumeOutcome, Trouble, TroubleKind
from bot.references.intake import MAX_SIDE

SLOW_DOWN = "That's a lot of files at once — give it a few seconds, then press again."
BUSY = "Hang on — the coach or a render is still working in this session."
ALREADY_ON_IT = "Already on it — the image will appear above in a moment."
GENERATING = "Your image is being generated — hang on a moment."
NOT_READY = "The brief isn't complete yet; answer the coach's questions first."
RENDER_RUNNING = "A render for this session is already running."
IMAGES_NEED_BILLING = (
    "Gemini's image models need billing on this bot's key (its free tier has no image quota), so the offline "
    "design engine drew this one."
)


def render_notes(render: NewRender) -> list[str]:
    """A render's notes as both front ends show them: why the offline engine drew it (a fact on the render), then
    the self-check's note."""
    return ([IMAGES_NEED_BILLING] if render.billing_fallback else []) + ([render.note] if render.note else [])


def already_open(where: str = "") -> str:
    """``where``: how the front end points at the open session (" in <#thread>", " in the studio"), or nothing."""
    return f"You already have a design session open{where}."


def _wait(trouble: Trouble) -> str:
    seconds = max(1, round(trouble.wait_seconds or 0))
    return f"{seconds} seconds" if seconds < 90 else f"{round(seconds / 60)} minutes"


def _at(trouble: Trouble) -> str:
    return datetime.fromtimestamp(trouble.resets_at or 0, UTC).strftime("%H:%M UTC")


def render_trouble(trouble: Trouble) -> str:
    """Why a render (or a kit's art) failed, and that the credit is safe."""
    kind = trouble.kind
    if kind is TroubleKind.RATE_LIMITED:
        return f"Gemini's per-minute limit is reached. Your credit is safe: press Retry in {_wait(trouble)}."
    if kind is TroubleKind.DAILY_QUOTA:
        return (f"The bot has used today's Gemini limit for images. It resets at {_at(trouble)}; your credit is "
                "safe until then: press Retry after the reset.")  # fmt: skip
    if kind is TroubleKind.BUDGET_SPENT:
        return (f"The bot has reached today's spending limit for AI renders. It resets at {_at(trouble)}; your "
                "credit is safe.")  # fmt: skip
    if kind is TroubleKind.NOT_SAVED:
        return (f"Your image is made, but the bot's {trouble.where or 'storage'} refused to save it. Nothing was "
                "charged. Press **Save & post it** to try again: it won't make a new render.")  # fmt: skip
    return RENDER_TROUBLE[kind]


RENDER_TROUBLE = {
    TroubleKind.FAILED: "The image service failed. Your credit is safe: press Retry in a moment.",
    TroubleKind.UNAVAILABLE: "Gemini is busy or unreachable right now. Your credit is safe: press Retry in a minute.",
    TroubleKind.NEEDS_BILLING: "Gemini's image models need billing on this bot's key, so no AI render can be made "
                               "with it. Your credit is safe.",
    TroubleKind.TIMEOUT: "Gemini took too long to answer. Your credit is safe: press Retry.",
    TroubleKind.SAFETY: "Gemini's safety filter blocked this design. Your credit is safe: adjust the description in "
                        "the thread (e.g. a different subject or wording), then Generate again.",
    TroubleKind.RECITATION: "Gemini stopped this design because it came too close to an existing work (a known logo "
                            "or character). Your credit is safe: describe it in your own words in the thread, then "
                            "Generate again.",
    TroubleKind.EMPTY: "Gemini returned no image this time. Your credit is safe: press Retry.",
    TroubleKind.TEXT_ONLY: "Gemini answered with words instead of an image this time. Your credit is safe: press "
                           "Retry.",
    TroubleKind.KEY_REFUSED: "The bot's Gemini key was refused. An admin needs to check GEMINI_API_KEY. Your credit "
                             "is safe.",
    TroubleKind.MODEL_GONE: "The image model the bot used was withdrawn by Google. Your credit is safe: press Retry.",
    TroubleKind.UNUSABLE_IMAGE: "The image came back unusable. Your credit is safe: press Retry.",
}  # fmt: skip


def coach_trouble(trouble: Trouble) -> str:
    """Why the coach did not reply (no credit or Retry button involved there)."""
    kind = trouble.kind
    if kind is TroubleKind.RATE_LIMITED:
        return f"The coach is over Gemini's per-minute limit. Send your message again in {_wait(trouble)}."
    if kind is TroubleKind.DAILY_QUOTA:
        return f"The coach has used today's Gemini limit. It resets at {_at(trouble)}; your session stays."
    if kind is TroubleKind.BUDGET_SPENT:
        return (f"The bot has reached today's spending limit for AI replies. It resets at {_at(trouble)}; your session "
                "stays.")  # fmt: skip
    return COACH_TROUBLE.get(kind, "The coach couldn't reply just now. Send your message again in a moment.")


COACH_TROUBLE = {
    TroubleKind.NEEDS_BILLING: "The coach can't use Gemini with this bot's key: its models need billing. An admin "
                               "needs to enable billing for the key's project.",
    TroubleKind.SAFETY: "Gemini's safety filter blocked that reply. Try rephrasing your message.",
    TroubleKind.RECITATION: "The coach's reply was stopped because it repeated existing text. Send your message "
                            "again, reworded.",
    TroubleKind.EMPTY: "The coach ran out of room for a reply this time. Send your message again in a moment.",
    TroubleKind.TEXT_ONLY: "The coach ran out of room for a reply this time. Send your message again in a moment.",
    TroubleKind.KEY_REFUSED: "The coach can't reach Gemini: the bot's key was refused. An admin needs to check "
                             "GEMINI_API_KEY.",
}  # fmt: skip


def image_problem(problem: ImageProblem) -> str:
    """Why a reference image was not used (both front ends say it as it is)."""
    kind, side = problem.kind, f"{MAX_SIDE}×{MAX_SIDE}"
    if kind is ImageProblemKind.TOO_LARGE:
        return f"That image is {problem.megabytes or 0:.1f} MB; references can be at most 8 MB."
    if kind is ImageProblemKind.TOO_WIDE:
        return f"That image is {problem.width}×{problem.height} pixels; references can be at most {side}."
    if kind is ImageProblemKind.TOO_MANY_PIXELS:
        return f"That image has too many pixels; references can be at most {side}."
    if kind is ImageProblemKind.TOO_MANY_SCANS:
        return (f"That JPEG is built from {problem.scans} separate scans (cameras and editors write about 10), which "
                "would take too long to read; save it again as a normal JPEG or PNG.")  # fmt: skip
    if kind is ImageProblemKind.SLOW_JPEG:
        return (f"That JPEG ({problem.width}×{problem.height}, {problem.scans} scans) would take too long to read; "
                "save it smaller, or as a normal (baseline) JPEG or PNG.")  # fmt: skip
    return IMAGE_PROBLEMS[kind]


IMAGE_PROBLEMS = {
    ImageProblemKind.NOT_AN_IMAGE: "That file isn't a PNG, JPEG, WebP or GIF image, so I can't use it as a reference.",
    ImageProblemKind.DAMAGED: "That image file is damaged or unreadable, so I can't use it as a reference.",
    ImageProblemKind.TOO_COSTLY: "That image takes too long to read (it may be built to be slow), so I can't use it "
                                 "as a reference.",
    ImageProblemKind.TOO_MANY: "That's a lot of images at once — give it a minute, then send it again.",
    ImageProblemKind.NOT_DOWNLOADED: "I couldn't download that attachment from Discord; please send it again.",
    ImageProblemKind.AVATAR_NOT_FETCHED: "I couldn't fetch your avatar from Discord; try attaching the image instead.",
}  # fmt: skip


def kit_failed(trouble: Trouble) -> str:
    """The model's failure on a kit's art, pointing at the kit's own button (a render's says Retry)."""
    return render_trouble(trouble).replace("press Retry", "press Brand kit again")



def resume_refusal(outcome: ResumeOutcome) -> str:
    """Why a Resume was refused (each front end may add its own pointer, such as the bot's /profile commands)."""
    if outcome is ResumeOutcome.TOO_LATE:
        return "This session expired too long ago to resume. Your renders are still in your gallery."
    if outcome is ResumeOutcome.NO_QUOTA:
        return "Resuming needs a credit again (the unused one was refunded), and you have none left this month."
    if outcome is ResumeOutcome.ALREADY_ACTIVE:
        return "You already have another design session open; finish it (Done) first."
    return "This session can't be resumed (it is still open, or it was closed with Done)."


def kit_flaws(flaws: tuple[KitFlaw, ...]) -> str:
    """What a kit's self-check found on the model's art, in one line (the bot's message, the studio's header)."""
    said = []
    for flaw in flaws:
        if flaw.kind == "said":  # a kit kept before flaws were facts: its line as it was stored
            said.append(flaw.said)
            continue
        found = f"stray lettering (“{flaw.lettering}”)" if flaw.kind == "stray_lettering" else "another style"
        again = "; that art was painted again" if flaw.repainted else ""
        said.append(f"Self-check found {found} on {flaw.file}{again}.")
    return " ".join(said)

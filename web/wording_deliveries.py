"""The studio's words for the files of a user's renders: an export, the platform pack, a brand kit (made or kept),
an emote, a kept image (split from web/wording.py, whose WORDS names the function for each use case's outcomes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.usecases import (
    SLOW_DOWN,
    Exported,
    KeptImage,
    KitAlreadyOnIt,
    KitFailed,
    KitGiven,
    KitMade,
    KitNeedsCredit,
    KitsKept,
    NotYours,
    Packed,
    SlowDown,
    TooLarge,
    kit_failed,
    kit_flaws,
)

if TYPE_CHECKING:
    from bot.usecases import KitOutcome


def render_file(outcome: object, *, what: str = "file") -> str:
    """An export, the pack, the brand kit, an emote: files of the caller's render."""
    if isinstance(outcome, NotYours):
        return "No such render."
    if isinstance(outcome, SlowDown):
        return SLOW_DOWN
    if isinstance(outcome, TooLarge):
        too_large = {"pack": "The pack is too large; export the sizes you need one by one.",
                     "kit": "The kit is too large to download in one piece."}  # fmt: skip
        return too_large.get(what, f"The {what} is too large.")
    if isinstance(outcome, KitNeedsCredit):
        s = outcome.status
        return (f"A brand kit's art costs one creation and you have none left this month ({s.used} / {s.limit}). "
                f"More on {s.resets_at:%B} {s.resets_at.day}.")  # fmt: skip
    if isinstance(outcome, KitFailed):
        return kit_failed(outcome.trouble)
    if isinstance(outcome, KitAlreadyOnIt):
        return "This render's kit is being painted; it downloads when it is ready."
    if isinstance(outcome, Exported):
        return f"{outcome.filename} is ready."
    if isinstance(outcome, Packed):
        return "Your platform pack is ready."
    assert isinstance(outcome, KitMade)
    return "Your brand kit is ready."


def kit(outcome: KitOutcome) -> str:
    return render_file(outcome, what="kit")


def kept_kit(outcome: KitGiven | NotYours | SlowDown | TooLarge) -> str:
    """A kept kit given again (someone else's answers as a missing one)."""
    if isinstance(outcome, NotYours):
        return "No such kit."
    if isinstance(outcome, KitGiven):
        return "Your brand kit, as it was made: no model call, no credit."
    return render_file(outcome, what="kit")


def kits_listed(outcome: KitsKept | NotYours) -> str:
    if isinstance(outcome, NotYours):
        return render_file(outcome)
    return f"{len(outcome.kits)} kept brand kit{'' if len(outcome.kits) == 1 else 's'}."


def kit_notes(outcome: KitMade) -> str:
    """What the self-check found on the kit's art (the page shows it beside the download)."""
    return kit_flaws(outcome.flaws)


def image_words(outcome: KeptImage | NotYours) -> str:
    return "No such image." if isinstance(outcome, NotYours) else "Your image."

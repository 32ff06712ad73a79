"""The bot's words for what it delivers: an export, the platform pack, a brand kit, a rating, a repost and a
gallery page (split from cogs/wording.py, which names the function for each use case's outcomes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.model import OutputOptions
from bot.usecases import (
    SLOW_DOWN,
    Exported,
    GalleryShown,
    KeptImage,
    KitAlreadyOnIt,
    KitFailed,
    KitGiven,
    KitNeedsCredit,
    KitsKept,
    NotYours,
    Packed,
    Rated,
    SlowDown,
    TooLarge,
    kit_failed,
    kit_flaws,
)
from cogs.controls import KIND, background_label

if TYPE_CHECKING:
    from bot.usecases import KitOutcome


def exported(
    outcome: Exported | NotYours | SlowDown, *, render_id: int = 0, options: OutputOptions | None = None
) -> str:
    """``options`` None: the SVG."""
    if isinstance(outcome, NotYours):
        return "That render belongs to someone else."
    if isinstance(outcome, SlowDown):
        return SLOW_DOWN
    if options is None:
        return (f"📐 Render #{render_id} as SVG: the design's vector original (offline designs), or its cut-out "
                "traced into colour layers (AI renders). Scales to any size.")  # fmt: skip
    return (f"📦 Render #{render_id}: {options.size}×{options.size} {options.format.upper()}, "
            f"{background_label(options.background)}.")  # fmt: skip


def packed(outcome: Packed | NotYours | SlowDown | TooLarge, *, limit: int = 0) -> str:
    if isinstance(outcome, NotYours):
        return "Only the person this was made for can get its pack."
    if isinstance(outcome, SlowDown):
        return SLOW_DOWN
    if isinstance(outcome, TooLarge):
        return (f"The pack is over this server's {outcome.limit / 1e6:.0f} MB upload limit even in two parts. Use "
                "**Export** for the sizes you need one by one.")  # fmt: skip
    split = (f" It is larger than this server's {limit / 1e6:.0f} MB upload limit, so it comes in two parts."
             if len(outcome.pack.parts) > 1 else "")  # fmt: skip
    return (f"🗂️ Your platform pack: {outcome.pack.files} files (Discord, Twitch emotes and badges, YouTube, X, "
            f"favicon, logo.svg), README.txt inside says what each is for.{split}")  # fmt: skip


def rated(outcome: Rated | NotYours) -> str:
    if isinstance(outcome, NotYours):
        return "Only the person this was made for can rate it."
    changed = f" (was {outcome.previous}★)" if outcome.previous and outcome.previous != outcome.stars else ""
    return f"Thanks — you rated this render {outcome.stars}★{changed}."


def reposting(outcome: KeptImage | NotYours) -> str:
    if isinstance(outcome, NotYours):
        return "Only the person who made this image can post it."
    return "📤 Posting your image again…"


KIT_NOT_YOURS = "Only the person this was made for can get its brand kit."


def kit(outcome: KitOutcome | NotYours, *, matte: str = "dark") -> str:
    if isinstance(outcome, NotYours):
        return KIT_NOT_YOURS
    if isinstance(outcome, SlowDown):
        return SLOW_DOWN
    if isinstance(outcome, KitNeedsCredit):
        return (f"A brand kit's art costs 1 creation credit and you have none left this month "
                f"({outcome.status.used} / {outcome.status.limit}). See /profile quota.")  # fmt: skip
    if isinstance(outcome, KitFailed):
        return f"⚠️ {kit_failed(outcome.trouble)} Your credit was given back."
    if isinstance(outcome, KitAlreadyOnIt):
        return "Already on it: this kit's art is being painted."
    if isinstance(outcome, TooLarge):
        return (f"The kit is over this server's {outcome.limit / 1e6:.0f} MB upload limit even in two parts; get it "
                "from the studio instead.")  # fmt: skip
    split = " It comes in two parts (this server's upload limit)." if len(outcome.kit.pack.parts) > 1 else ""
    paid = " 1 creation credit was used for its art (getting it again is free)." if outcome.charged else ""
    notes = f"\n🔎 {kit_flaws(outcome.flaws)}" if outcome.flaws else ""
    kept = " Kept in your /profile gallery: get it again there, free." if outcome.kept is not None else ""
    return (f"🎁 Your brand kit{f' for **{outcome.name}**' if outcome.name else ''}, GIF emotes for {matte} chat. "
            f"README.txt says where each file goes.{paid}{split}{kept}{notes}")  # fmt: skip


KIT_NOT_KEPT = "That brand kit isn't in your gallery."


def kit_again(outcome: KitGiven | NotYours | SlowDown | TooLarge) -> str:
    """A kept kit given again from the gallery (someone else's answers as a missing one)."""
    if isinstance(outcome, NotYours):
        return KIT_NOT_KEPT
    if isinstance(outcome, SlowDown | TooLarge):
        return kit(outcome)
    k = outcome.kit
    split = " It comes in two parts (this server's upload limit)." if len(outcome.parts) > 1 else ""
    return (f"🎁 Your brand kit{f' for **{k.name}**' if k.name else ''}, GIF emotes for {k.matte} chat, made "
            f"<t:{int(k.created_at)}:R>, from your gallery: no model call, no credit.{split}")  # fmt: skip


def kits_kept(outcome: KitsKept | NotYours) -> str:
    if isinstance(outcome, NotYours):
        return KIT_NOT_KEPT
    if not outcome.kits:
        return "No brand kit is kept for this render yet: press **Brand kit** to make one."
    return f"🎁 {len(outcome.kits)} brand kit{'s' if len(outcome.kits) > 1 else ''} kept: press one to get it again."


def kit_label(number: int | None, kit: object) -> str:
    """A kept kit's button: the render's number on the gallery page (if any), the chat and the name."""
    matte, name = getattr(kit, "matte", "dark"), getattr(kit, "name", None)
    where = f"Kit of {number}" if number is not None else "Kit again"
    return f"{where} · {matte}{f' · {name}' if name else ''}"[:80]


def gallery_text(outcome: GalleryShown | NotYours | SlowDown) -> str:
    """A gallery page's text: grouped by session, numbered as on its contact sheet."""
    if isinstance(outcome, NotYours):
        return "That's someone else's gallery."
    if isinstance(outcome, SlowDown):
        return SLOW_DOWN
    if not outcome.items:
        return "Your gallery is empty. Create something with /profile create!"
    lines = [f"**Your creations** — page {outcome.page}/{outcome.pages} ({outcome.total} in all, newest first)"]
    numbered = list(enumerate(outcome.items, start=1))
    groups: dict[int | None, list[str]] = {}
    for number, creation in numbered:
        offline = " offline" if creation.offline else ""
        kept = len(outcome.kept.get(creation.render_id or 0, ()))
        kit = f" 🎁 {kept} kit{'s' if kept > 1 else ''}" if kept else ""
        kit = kit or (" 🎁 kit" if creation.render_id in outcome.kits else "")  # only its art kept (older kits)
        groups.setdefault(creation.session_id, []).append(
            f"**{number}** {creation.size}px {creation.format.upper()}{offline}{kit}"
        )
    for session_id, entries in groups.items():
        first = next(c for _, c in numbered if c.session_id == session_id)
        title = f"Session {session_id}" if session_id else "Earlier"
        lines.append(f"• {title} · {KIND.get(first.creation_type, '?')} ({first.style}), "
                     f"<t:{int(first.created_at)}:d>: " + ", ".join(entries))  # fmt: skip
    return "\n".join(lines)

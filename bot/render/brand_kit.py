"""A brand kit from one render: banners, an offline screen and panels in the design's style, and animated emotes
made from its cut-out, with no model call; one ZIP named after the channel, with a README saying where each file
goes and its platform's limit. The work runs in the design worker processes, a job per motion beside the wide
pieces, so the event loop only waits."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PIL import Image

from bot.design import design_png, read_spec
from bot.design import worker as design_worker
from bot.design.small import bits_badge, points_icon, small_mark, tier_badge
from bot.design.wide import PANEL_HEIGHT, wide_png
from bot.imaging import Pack, process
from bot.imaging.emote_rules import MAX_BYTES, MAX_FLASHES_PER_SECOND, MAX_FRAMES, broken_rules
from bot.imaging.emotes import emotes
from bot.imaging.platform_pack import pack_from_files
from bot.model import TRANSPARENT, OutputOptions, Session
from bot.model.brand_kit import (
    ALERT_FILES,
    BITS_BADGES,
    EMOTE_FILES,
    MOTIONS,
    POINTS_ICONS,
    SUB_BADGES,
    WEBCAM_FRAMES,
    EmoteFile,
    KitPiece,
    Matte,
    Motion,
    family_of,
)
from bot.render.design_files import session_spec
from bot.render.kit_marks import Marks, wide_marks, within_limit
from bot.render.kit_overlays import alerts_for, frames_for

SLOW_MOTIONS = ("wiggle", "spin")  # each frame rotated: about twice the others' time
QUICK_FIRST = ("pulse", "bounce")  # the longest of the others (pulse ~0.55 s of CPU, bounce ~0.3 s)
T = TypeVar("T")


@dataclass(frozen=True)
class KitRequest:
    name: str | None  # the channel name set on the banners (None: the mark alone)
    pieces: tuple[KitPiece, ...]
    motions: tuple[Motion, ...] = MOTIONS
    matte: Matte = "dark"
    titles: tuple[str, ...] = ()  # the panels' titles, in order (empty: the table's)


def cutout_png(source: bytes) -> bytes:
    """The render's cut-out: an offline design drawn again without its scene (its vector original, exact and ten
    times faster), a model render cut out as a transparent export does."""
    spec = read_spec(source)
    if spec is not None:
        return design_png(spec, scene=False)
    return process(source, OutputOptions(1024, "png", TRANSPARENT)).data


def piece_path(piece: KitPiece) -> str:
    return piece.path


def pieces_for(
    source: bytes,
    cut: bytes,
    session: Session | None,
    pieces: tuple[tuple[KitPiece, str | None], ...],
    art: dict[str, bytes] | None = None,
    marks: Marks | None = None,
) -> list[tuple[str, bytes]]:
    """Some of the wide pieces, each with its words (the channel name, or a panel's title); ``art``: the model's
    painting per aspect family to set them over (None: the design engine's scene); ``marks``: drawn already (one
    job draws them for the whole kit), else drawn here."""
    spec = read_spec(source) or (session_spec(session) if session is not None else None)
    if spec is None:
        raise ValueError("no design to take the style from")
    kinds = {mark_kind(piece, words) for piece, words in pieces}
    named = dict(zip(("whole", "beside", "alone"), marks or wide_marks(source, cut, kinds), strict=True))
    return [
        (piece_path(piece), within_limit(wide_png(spec, named[mark_kind(piece, words)], piece.width, piece.height,
                                                  piece.safe, words, art.get(family_of(piece)) if art else None,
                                                  piece.status), piece.max_bytes))
        for piece, words in pieces
    ]  # fmt: skip


def mark_kind(piece: KitPiece, words: str | None) -> str:
    return ("alone" if piece.height <= PANEL_HEIGHT else "beside") if words else "whole"


def with_words(request: KitRequest) -> list[tuple[KitPiece, str | None]]:
    titles = iter(request.titles)
    return [(p, (next(titles, None) or p.title) if p.title else request.name) for p in request.pieces]


def balanced(items: list[tuple[KitPiece, str | None]], parts: int) -> list[tuple[tuple[KitPiece, str | None], ...]]:
    """The pieces split into jobs of about equal pixel counts (the work is per pixel), biggest first."""
    jobs: list[list[tuple[KitPiece, str | None]]] = [[] for _ in range(parts)]
    for item in sorted(items, key=lambda i: i[0].width * i[0].height, reverse=True):
        min(jobs, key=lambda j: sum(p.width * p.height for p, _ in j)).append(item)
    return [tuple(job) for job in jobs if job]


def emotes_for(
    cut: bytes, motion: Motion, matte: Matte, targets: tuple[EmoteFile, ...] = EMOTE_FILES
) -> list[tuple[str, bytes]]:
    # An offline design's emotes are its mark alone, drawn for each size (``cut``: its cut-out or the design itself,
    # both carry its spec); a model render's are its cut-out, as the model drew it.
    spec = read_spec(cut)
    marks = {t.size: small_mark(spec, t.size, pixels=256) for t in targets} if spec is not None else None
    made = emotes(Image.open(io.BytesIO(cut)), motion, targets, matte, marks)
    # Twitch's rules on every animated file (frames, bytes, flashes): a file that breaks one is not shipped.
    return [(f"emotes/{motion}-{target.suffix}", data) for target, data in zip(targets, made, strict=True)
            if not broken_rules(data, target.max_bytes, target.max_frames)]  # fmt: skip


def badges_for(cut: bytes) -> list[tuple[str, bytes]]:
    """Twitch's small pieces, each size drawn for itself: subscriber badges per loyalty tier and bits badges per tier
    (within their limits), and the channel points icon (an offline design's mark; a model render has no vector to
    draw it alone: none)."""
    spec = read_spec(cut)
    if spec is None:
        return []
    drawn = [(f"badges/{b.file}", tier_badge(spec, b.months, b.size), b.max_bytes) for b in SUB_BADGES]
    drawn += [(b.path, bits_badge(spec, int(b.file.split("-")[3]), b.size), b.max_bytes) for b in BITS_BADGES]
    drawn += [(i.path, points_icon(spec, i.size), i.max_bytes) for i in POINTS_ICONS]
    files = []
    for path, image, limit in drawn:
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        if out.tell() > limit:  # never at these sizes; the limits are Twitch's
            out = io.BytesIO()
            image.quantize(255, method=Image.Quantize.FASTOCTREE).save(out, "PNG", optimize=True)
        files.append((path, out.getvalue()))
    return files


def readme(request: KitRequest, files: list[tuple[str, bytes]]) -> bytes:
    uses = {piece_path(p): (p.use, p.max_bytes) for p in request.pieces}
    uses |= {f.path: (f.use, f.max_bytes) for f in WEBCAM_FRAMES}
    uses |= {a.path: (a.use, a.max_bytes) for a in ALERT_FILES}
    targets: dict[str, EmoteFile] = {t.suffix: t for t in EMOTE_FILES}
    lines = [f"Brand kit{f' for {request.name}' if request.name else ''}, made by Profile Creator.", "",
             "Where each file goes (and its platform's limit):"]  # fmt: skip
    for name, data in files:
        if name in uses:
            use, limit = uses[name]
        elif name.startswith("badges/"):
            badge = next(b for b in (*SUB_BADGES, *BITS_BADGES, *POINTS_ICONS) if name.endswith(b.file))
            use, limit = badge.use, badge.max_bytes
        else:
            target = targets[name.split("-", 1)[1]]
            use, limit = f"{target.use}; GIFs on the {request.matte} chat matte", target.max_bytes
        lines.append(f"- {name} ({len(data) / 1000:.0f} KB, limit {limit / 1000:.0f} KB): {use}")
    made = {name for name, _ in files}
    left = [f"emotes/{m}-{t.suffix}" for m in request.motions for t in EMOTE_FILES
            if f"emotes/{m}-{t.suffix}" not in made] + [a.path for a in ALERT_FILES if a.path not in made]  # fmt: skip
    lines += ["", f"Every animated file was checked against Twitch's rules for animated emotes: at most {MAX_FRAMES} "
              f"frames, at most {MAX_BYTES / 1000:.0f} KB per size (Discord's: {EMOTE_FILES[3].max_bytes / 1000:.0f}"
              f" KB), no flashing more than {MAX_FLASHES_PER_SECOND} times a second. A file that broke one is not "
              f"in this kit{': ' + ', '.join(left) if left else ' (none did)'}. The alerts were checked against the "
              "same flash rule; they play once, from an empty frame to an empty frame."]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Kit:
    pack: Pack  # the ZIP, or two parts over the limit
    sheet: bytes  # a contact sheet of the wide pieces (PNG), to post or show
    preview: bytes  # one animated emote (GIF), to post or show
    pieces: dict[str, bytes]  # the wide pieces by their path in the ZIP (the self-check looks at each)


def contact_sheet(files: list[tuple[str, bytes]], width: int = 960) -> bytes:
    """The banners stacked, then the panels in a row, then the scenes and webcam frames in a row (the frames on a
    checkerboard, so their clear window shows): what the kit looks like at a glance."""
    banners = [Image.open(io.BytesIO(d)).convert("RGB") for n, d in files if n.startswith("banners/")]
    rows = [[Image.open(io.BytesIO(d)).convert("RGBA") for n, d in files if n.startswith(folder)]
            for folder in ("panels/", "scenes/", "overlays/")]  # fmt: skip
    rows = [rows[0], rows[1] + rows[2], [held(d) for n, d in files if n.startswith("alerts/") and n.endswith(".webp")]]
    scaled = [b.resize((width, round(b.height * width / b.width)), Image.Resampling.BILINEAR, reducing_gap=2.0)
              for b in banners]  # fmt: skip
    smalls = []
    for row in rows:
        cell_w = width // max(len(row), 1) - 8
        smalls.append([p.resize((cell_w, round(p.height * cell_w / p.width)), Image.Resampling.BILINEAR,
                                reducing_gap=2.0) for p in row])  # fmt: skip
    height = sum(b.height + 8 for b in scaled) + sum(max((p.height for p in r), default=0) + 8 for r in smalls)
    sheet = Image.new("RGB", (width, height), "#101014")
    y = 0
    for b in scaled:
        sheet.paste(b, (0, y))
        y += b.height + 8
    for row in smalls:
        for i, p in enumerate(row):
            x = i * (p.width + 8)
            sheet.paste(_checkerboard(p.size), (x, y))
            sheet.paste(p, (x, y), p)
        y += max((p.height for p in row), default=0) + 8
    out = io.BytesIO()
    sheet.save(out, "PNG", compress_level=3)  # a preview: fast over small
    return out.getvalue()


def held(animated: bytes) -> Image.Image:
    """An animation's longest frame (an alert's hold), RGBA."""
    image = Image.open(io.BytesIO(animated))
    durations = []
    for i in range(image.n_frames):
        image.seek(i)
        image.load()  # WebP sets a frame's duration when it is decoded
        durations.append(image.info.get("duration", 0))
    image.seek(durations.index(max(durations)))
    return image.convert("RGBA")


def _checkerboard(size: tuple[int, int], square: int = 10) -> Image.Image:
    board = Image.new("RGB", size, (200, 200, 200))
    light = Image.new("RGB", (square, square), (235, 235, 235))
    for y in range(0, size[1], square):
        for x in range((y // square % 2) * square, size[0], square * 2):
            board.paste(light, (x, y))
    return board


async def build_kit(
    source: bytes,
    session: Session | None,
    request: KitRequest,
    zip_name: str,
    limit: int,
    *,
    cut: bytes | None = None,
    art: dict[str, bytes] | None = None,
) -> Kit:
    """Every file off the event loop; the ZIP (two parts if it is over ``limit``) as the platform pack does.
    ``cut``: the render's cut-out if already made; ``art``: the model's wide paintings (Gemini mode)."""
    # An offline design's kit is drawn from its spec (the marks, emotes and badges; the pieces from the marks): its
    # cut-out is needed only for a piece set with the whole logo. A model render's kit is made from its cut-out.
    drawn = cut is None and await asyncio.to_thread(read_spec, source) is not None
    if cut is None and not drawn:
        cut = await design_worker.run(cutout_png, source)
    base = cut or source
    worded = with_words(request)
    kinds = {mark_kind(p, w) for p, w in worded} | {"beside" if request.name else "whole"}
    events = [tuple(a for a in ALERT_FILES if a.line == line) for line in dict.fromkeys(a.line for a in ALERT_FILES)]
    slow = [m for m in request.motions if m in SLOW_MOTIONS]
    quick = sorted((m for m in request.motions if m not in SLOW_MOTIONS), key=lambda m: m not in QUICK_FIRST)
    # The kit's jobs run two at a time (one per bulk worker), each user's in the order queued: the marks (drawn once
    # for every job that sets them), the slow emotes beside them; then the jobs that set the marks, two emotes
    # behind them so no worker waits; the contact sheet as soon as its pieces are made (it was alone at the end,
    # one worker idle for its ~0.4 s); the short jobs last, so both workers end about together.
    async with asyncio.TaskGroup() as group:

        def job(function: Callable[..., T], *args: Any) -> asyncio.Task[T]:
            return group.create_task(design_worker.run(function, *args))

        cutting = job(cutout_png, source) if cut is None and "whole" in kinds else None  # the whole logo is the cut-out
        marks_job = job(wide_marks, source, cut or b"", kinds) if cutting is None else None
        emoting = {m: job(emotes_for, base, m, request.matte) for m in slow}
        if cutting is not None:
            cut = await cutting
            marks_job = job(wide_marks, source, cut, kinds)
        marks = await marks_job
        shown = [job(pieces_for, source, cut or b"", session, part, art, marks) for part in balanced(worded, 2)]
        shown.append(job(frames_for, source, cut or b"", session, request.name, marks))
        shown += [job(alerts_for, source, cut or b"", session, marks, event) for event in events]
        emoting |= {m: job(emotes_for, base, m, request.matte) for m in quick[:2]}
        order = {piece_path(p): i for i, p in enumerate(request.pieces)}
        # The pieces in the table's order, then the webcam frames, then the alerts (the README's order).
        made = [f for part in await asyncio.gather(*shown) for f in part]
        wide = sorted(made, key=lambda f: order.get(f[0], len(order)))
        sheet_job = job(contact_sheet, wide)
        emoting |= {m: job(emotes_for, base, m, request.matte) for m in quick[2:]}
        badges_job = job(badges_for, base)
    pieces = [f for f in wide if f[0] in order]
    # In the README's order: the pieces, each motion's emotes, the badges, the webcam frames, the alerts.
    files = [*pieces, *(f for m in request.motions for f in emoting[m].result()), *badges_job.result(),
             *(f for f in wide if f[0] not in order)]  # fmt: skip
    files.append(("README.txt", readme(request, files)))
    pack = await asyncio.to_thread(pack_from_files, files, zip_name, limit)
    sheet = sheet_job.result()
    preview = next((d for n, d in files if n.endswith("-discord-128.gif")), b"")
    return Kit(pack, sheet, preview, {n: d for n, d in files if n in order})

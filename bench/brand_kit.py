"""The brand kit, measured as a user gets it: three briefs offline and the same three with the fake Gemini.

- Post-processing (cut-out, the wide pieces, 36 emotes, the ZIP) per kit, off the event loop: p50 / p95 (goal
  p95 < 4 s on 2 cores, issue 44), and the event loop's lag while kits are built (goal < 50 ms). With Gemini, a render's
  first kit also waits for the model's art and the self-check (the fake answers at once: our own overhead) and is
  reported apart; the kits after it set the kept art and are post-processing only.
- Tesseract (Debian's) reading the channel name on each banner, per preset (3 names × 5 banners each).
- A contact sheet of each kit (its wide pieces and a row of emote frames): docs/brand-kit.png with --sheet.

Run: python -m bench.brand_kit [--sheet docs/brand-kit.png] [--once] (--once: one kit per brief, no figures
worth reporting and no OCR pass: only the contact sheet)
"""

from __future__ import annotations

import asyncio
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

from bench.stats import percentile, report
from bot.accounts import TierDecision
from bot.config import Settings
from bot.design import design_png, spec_for
from bot.design.wide import subject_png, wide_png
from bot.model import DEFAULT_PIECES, STYLE_NAMES, Brief
from bot.services import Services
from bot.sessions import parse_create_request
from bot.usecases import KitMade, Opened, brand_kit, open_session
from tests.fakes.fake_gemini import FakeGemini
from tests.harness import GEMINI_KEY
from tests.test_brand_kit import tesseract_reads

KITS = [  # (style, brief): distinct presets, names and shapes
    ("gaming", Brief(subject="a fox astronaut", style="gaming", text="NovaFox", color_scheme="orange and navy",
                     shape="shield", background="deep space with stars")),
    ("vibrant", Brief(subject="a wolf head howling", style="vibrant", text="Kaizen", color_scheme="purple and teal",
                      shape="hexagon", background="neon glow")),
    ("professional", Brief(subject="a coffee cup", style="restrained", text="BrewCrew", color_scheme="brown and beige",
                           shape="circle", background="plain cream")),
]  # fmt: skip
RUNS = 1 if "--once" in sys.argv else 4


async def _kit_for(services: Services, user: int, style: str, brief: Brief) -> tuple[int, float]:
    async def place(session_id: int) -> int:
        return -session_id

    colors = (brief.color_scheme or "").replace(" and ", ", ")
    request = parse_create_request("streamer_logo", style, brief.subject, colors)
    opened = await open_session(services, user_id=user, guild_id=None, channel_id=0, request=request,
                                tier=TierDecision("studio", "bench"), place=place)  # fmt: skip
    assert isinstance(opened, Opened)
    await services.sessions.save_brief(opened.session.id, brief)
    result = await services.generation.render(opened.session.id)
    return result.render.id, 0.0


async def _lag(stop: asyncio.Event, worst: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.005)
        worst.append((time.perf_counter() - started - 0.005) * 1000)


async def measure(
    settings: Settings, label: str, timings: list[float], lags: list[float], sheets: list, firsts: list[float],
    first_lags: list[float],
) -> None:
    services = await Services.create(settings)
    try:
        await asyncio.sleep(3)  # the design workers warm up at start-up, as in the running bot
        for index, (style, brief) in enumerate(KITS):
            render_id, _ = await _kit_for(services, 100 + index, style, brief)
            for run in range(RUNS + (label != "offline")):
                stop = asyncio.Event()
                first = label != "offline" and run == 0
                ticker = asyncio.create_task(_lag(stop, first_lags if first else lags))
                started = time.perf_counter()
                made = await brand_kit(services, render_id, 100 + index, limit=200_000_000)
                (firsts if label != "offline" and run == 0 else timings).append((time.perf_counter() - started) * 1000)
                stop.set()
                await ticker
                assert isinstance(made, KitMade)
                services.heavy = type(services.heavy)()  # the per-user rate limit is not what is measured
            sheets.append((f"{label} · {style} · {brief.text}", made))
    finally:
        await services.close()


def ocr_per_preset() -> dict[str, tuple[int, int]]:
    found = {}
    for style in STYLE_NAMES:
        ok = total = 0
        for _, brief in KITS:
            spec = spec_for("streamer_logo", style, brief.model_copy(update={"style": None}), [])
            subject = subject_png(Image.open(io.BytesIO(design_png(spec, scene=False))))
            for piece in DEFAULT_PIECES:
                if piece.title:
                    continue
                ok += tesseract_reads(wide_png(spec, subject, piece.width, piece.height, piece.safe, brief.text, None,
                                               piece.status),
                                      brief.text or "")  # fmt: skip
                total += 1
        found[style] = (ok, total)
    return found


def sheet_image(sheets: list) -> Image.Image:
    rows = []
    for title, made in sheets:
        kit = Image.open(io.BytesIO(made.kit.sheet)).convert("RGB")
        archive = zipfile.ZipFile(io.BytesIO(made.kit.pack.parts[0][1]))
        emotes = [n for n in archive.namelist() if n.endswith("-discord-128.gif")]
        strip = Image.new("RGB", (kit.width, 136), "#18181b")
        for i, name in enumerate(emotes):
            gif = Image.open(io.BytesIO(archive.read(name)))
            gif.seek(min(4, gif.n_frames - 1))
            strip.paste(gif.convert("RGBA"), (8 + i * 136, 4), gif.convert("RGBA"))
        badges = sorted((n for n in archive.namelist() if "-sub-badge-" in n and n.endswith(("72.png", "18.png"))),
                        key=lambda n: (n.endswith("-18.png"), int(n.split("-")[3][:-1])))  # fmt: skip
        tiers = Image.new("RGB", (kit.width, 84), "#18181b")
        for i, name in enumerate(badges):  # the four tiers at 72 px, then at 18 px
            badge = Image.open(io.BytesIO(archive.read(name))).convert("RGBA")
            tiers.paste(badge, (8 + i * 80 if i < 4 else 340 + (i - 4) * 28, 6 if i < 4 else 33), badge)
        extra = Image.new("RGB", (kit.width, 120), "#18181b")  # bits tiers at 72 px, at 18 px; the points icon
        names = archive.namelist()
        bits = [n for n in names if "-bits-badge-" in n]
        bits = [n for n in bits if n.endswith("-72.png")] + [n for n in bits if n.endswith("-18.png")]
        for i, name in enumerate(bits):
            badge = Image.open(io.BytesIO(archive.read(name))).convert("RGBA")
            extra.paste(badge, (8 + i * 80 if i < 5 else 420 + (i - 5) * 28, 24 if i < 5 else 51), badge)
        x = 580
        for name in [n for n in names if "-channel-points-" in n]:
            icon = Image.open(io.BytesIO(archive.read(name))).convert("RGBA")
            extra.paste(icon, (x, (120 - icon.height) // 2), icon)
            x += icon.width + 8
        head = Image.new("RGB", (kit.width, 36), "#101014")
        ImageDraw.Draw(head).text((8, 8), title, fill="#ffffff", font_size=20)
        rows += [head, kit, strip] + ([tiers, extra] if badges else [])
    out = Image.new("RGB", (rows[0].width, sum(r.height for r in rows)), "#101014")
    y = 0
    for row in rows:
        out.paste(row, (0, y))
        y += row.height
    return out


async def main(sheet_path: Path | None) -> None:
    timings: list[float] = []
    lags: list[float] = []
    sheets: list = []
    firsts: list[float] = []
    first_lags: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        await measure(Settings.model_validate({"data_dir": f"{folder}/offline"}), "offline", timings, lags, sheets,
                      firsts, first_lags)  # fmt: skip
        gemini = FakeGemini()
        await gemini.start()
        try:
            gemini.json_reply = lambda r: {"subject": "a fox astronaut", "mood": "bold", "background": "space"}
            settings = Settings.model_validate({"data_dir": f"{folder}/gemini", "gemini_api_key": GEMINI_KEY,
                                                "gemini": {"base_url": gemini.base_url}})  # fmt: skip
            await measure(settings, "fake Gemini", timings, lags, sheets, firsts, first_lags)
        finally:
            await gemini.stop()
    print(f"brand kit: {len(timings)} kits (3 briefs offline, 3 with the fake Gemini), {RUNS} runs each, 2 cores")
    print(report("  kit post-processing, p50", percentile(timings, 50), "ms", "-", True))
    print(report("  kit post-processing, p95", percentile(timings, 95), "ms", "< 4000 ms",
                 percentile(timings, 95) < 4000))  # fmt: skip
    print(report("  event-loop lag while building, max", max(lags), "ms", "< 50 ms", max(lags) < 50))
    print(report("  a render's first kit with Gemini (art + self-check + kit), p50", percentile(firsts, 50), "ms",
                 "-", True))  # fmt: skip
    # The fake Gemini answers on this same loop, and the SDK parses each image answer (a megabyte of base64 JSON)
    # on the caller's loop: that part is the SDK's, as for every render.
    print(report("  event-loop lag during those first kits, max", max(first_lags), "ms", "-", True))
    for style, (ok, total) in (ocr_per_preset() if RUNS > 1 else {}).items():
        print(f"  tesseract reads the name on the banners, {style:<13} {ok}/{total}")
    if sheet_path is not None:
        sheet_image(sheets).save(sheet_path, optimize=True)
        print(f"  contact sheet: {sheet_path}")


if __name__ == "__main__":
    target = Path(sys.argv[sys.argv.index("--sheet") + 1]) if "--sheet" in sys.argv else None
    asyncio.run(main(target))

"""The channel name as drawn by the offline engine, read back by Debian's tesseract (issue 39's "the name read"),
per style, size, background and creation type; and the contrast of the words against what is right behind them.

Each brief is read by the offline coach (as bench.offline_briefs does), then drawn with the brief's own name as
its text (this measures the drawing: whether the coach read the name is bench.offline_briefs' concern), at the
brief's "size" (256, 512 or 1024; default 512) on its "background":

- "designed" (the default): the design's own scene;
- "solid": the plain scene (one flat colour);
- "transparent": no scene; judged as a user sees it, on Discord's dark theme and on white: read only if both read.

Run: python -m bench.name_legibility [--set PATH ...] [--sizes 256,512,1024] [--sheet out.png]
``--sizes`` draws every brief at each size given (instead of its own size).
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from bench.offline_briefs import FILL, understood
from bench.offline_designs import ocr_reads
from bot.design import design_png, spec_for
from bot.providers.offline import OfflineProvider

DEFAULT_SET = Path(__file__).parent / "briefs" / "names2.json"
THEMES = {"dark": (49, 51, 56), "light": (255, 255, 255)}  # Discord's dark chat background, and white
CELL = 256


def on(png: bytes, colour: tuple[int, int, int]) -> bytes:
    """The PNG flattened onto a solid colour (what a viewer shows under a transparent image)."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    flat = Image.new("RGBA", image.size, (*colour, 255))
    flat.alpha_composite(image)
    out = io.BytesIO()
    flat.convert("RGB").save(out, "PNG")
    return out.getvalue()


async def drawn(provider: OfflineProvider, brief: dict[str, Any], size: int) -> tuple[list[bytes], bool]:
    """The render(s) a user would look at, and whether the coach read the name as given."""
    read, colors, _ = await understood(provider, brief)
    ready = read.model_copy(update={k: v for k, v in FILL.items() if getattr(read, k) is None})
    spec = replace(spec_for(brief["type"], brief["style"], ready, colors, brief["description"]), text=brief["name"])
    background = brief.get("background", "designed")
    if background == "solid":
        spec = replace(spec, scene="plain")
    png = await asyncio.to_thread(design_png, spec, scene=background != "transparent", size=size)
    views = [on(png, colour) for colour in THEMES.values()] if background == "transparent" else [png]
    return views, (read.text or "") == brief["name"]


async def measure(path: Path, sizes: list[int] | None, sheet: Path | None) -> None:
    briefs = [b for b in json.loads(await asyncio.to_thread(path.read_text)) if b.get("name")]
    provider = OfflineProvider()
    rows: list[dict[str, Any]] = []
    for brief in briefs:
        for size in sizes or [brief.get("size", 512)]:
            views, coach_read = await drawn(provider, brief, size)
            reads = [await asyncio.to_thread(ocr_reads, view, brief["name"]) for view in views]
            rows.append({"brief": brief, "size": size, "read": all(reads), "views": views, "coach": coach_read})
            if not all(reads):
                print(f"    not read: {brief['id']} {brief['name']!r} {brief['style']} {size}px "
                      f"{brief.get('background', 'designed')} {reads}")  # fmt: skip
    print(f"{path}: {len(rows)} renders of {len(briefs)} named briefs")
    _line("overall", rows)
    keys = {
        "style": lambda r: r["brief"]["style"], "size": lambda r: f"{r['size']} px",
        "background": lambda r: r["brief"].get("background", "designed"), "type": lambda r: r["brief"]["type"],
        "length": lambda r: "4-8 chars" if len(r["brief"]["name"]) <= 8 else "9-12 chars"
        if len(r["brief"]["name"]) <= 12 else "13-16 chars",
    }  # fmt: skip
    for label, key in keys.items():
        for value in sorted({key(r) for r in rows}):
            _line(f"{label} {value}", [r for r in rows if key(r) == value])
    print(f"  (the coach read the name as given in {sum(r['coach'] for r in rows)}/{len(rows)}; drawn as given in all)")
    if sheet:
        await asyncio.to_thread(sheet.write_bytes, contact(rows))
        print(f"  contact sheet: {sheet}")


def _line(label: str, rows: list[dict[str, Any]]) -> None:
    read = sum(r["read"] for r in rows)
    print(f"  {label:<24} name OCR-read {read}/{len(rows)} ({100 * read / len(rows):.0f} %)")


def contact(rows: list[dict[str, Any]], columns: int = 8) -> bytes:
    """Every render at CELL px (a transparent one on dark), captioned with its id, size and whether it was read."""
    count = len(rows)
    sheet = Image.new("RGB", (columns * CELL, ((count + columns - 1) // columns) * (CELL + 22)), (24, 24, 28))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=14)
    for index, row in enumerate(rows):
        x, y = (index % columns) * CELL, (index // columns) * (CELL + 22)
        image = Image.open(io.BytesIO(row["views"][0])).convert("RGB").resize((CELL, CELL), Image.Resampling.LANCZOS)
        sheet.paste(image, (x, y))
        colour = (120, 220, 120) if row["read"] else (255, 110, 110)
        draw.text((x + 4, y + CELL + 3), f"{row['brief']['id']} {row['size']}", font=font, fill=colour)
    out = io.BytesIO()
    sheet.save(out, "PNG")
    return out.getvalue()


def main(argv: list[str]) -> None:
    paths = [Path(argv[i + 1]) for i, a in enumerate(argv) if a == "--set"] or [DEFAULT_SET]
    sizes = next(([int(s) for s in argv[i + 1].split(",")] for i, a in enumerate(argv) if a == "--sizes"), None)
    sheet = next((Path(argv[i + 1]) for i, a in enumerate(argv) if a == "--sheet"), None)
    for path in paths:
        asyncio.run(measure(path, sizes, sheet))


if __name__ == "__main__":
    main(sys.argv[1:])

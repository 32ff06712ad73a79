"""The offline design engine, measured as a user would see it: eight streamer briefs (written for this, not tuned
on) in all seven presets.

- A contact sheet of every render on its designed background: docs/offline-designs.png.
- The channel name read back by a real OCR (Debian's tesseract-ocr), per preset.
- Each named colour present in the render (at least 0.5 % of the design's pixels within RGB distance 48), per
  preset.
- The exported SVG opened in Chromium against the PNG (mean absolute pixel difference, 0-255, on white).
- Rasterising and tracing times.

Run: python -m bench.offline_designs [--sheet docs/offline-designs.png]
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from bench.stats import percentile, report
from bot.design import design_png, design_svg, spec_for
from bot.imaging import find_colors_in_text
from bot.model import STYLE_NAMES, Brief
from bot.render.design_files import svg_for

BRIEFS: list[tuple[str, Brief]] = [
    ("streamer_logo", Brief(subject="a fox astronaut", text="NovaFox", color_scheme="orange and navy",
                            shape="shield", background="deep space with stars and a planet")),
    ("streamer_logo", Brief(subject="a wolf head howling", text="Kaizen", color_scheme="purple and teal",
                            shape="hexagon", background="neon glow")),
    ("profile_picture", Brief(subject="a cat with headphones", text="PixelPaws", color_scheme="pink and mint",
                              mood="cheerful", background="pastel dots pattern")),
    ("streamer_logo", Brief(subject="a dragon breathing fire", text="EmberRex", color_scheme="red and gold",
                            shape="circle", background="dark gradient")),
    ("streamer_logo", Brief(subject="a robot holding a controller", text="BYTE", color_scheme="cyan and black",
                            shape="rounded square", background="grid pattern")),
    ("profile_picture", Brief(subject="an owl wizard", text="NightOwl", color_scheme="indigo and silver",
                              mood="mysterious", background="starry night")),
    ("streamer_logo", Brief(subject="a shark", text="FinFrenzy", color_scheme="blue and coral", shape="diamond",
                            background="ocean gradient")),
    ("streamer_logo", Brief(subject="a coffee cup", text="BrewCrew", color_scheme="brown and beige",
                            shape="wordmark", background="plain cream")),
]  # fmt: skip
CELL = 256


def ocr_reads(png: bytes, name: str) -> bool:
    """Tesseract reads ``name`` (letters and digits, case-insensitive) somewhere in the image: on the whole image,
    then on overlapping horizontal bands (a generic tiling, as text detectors do; it knows nothing of where the
    design put the words), each as grey and as a binarised copy (the usual OCR preprocessing). Page analysis on a
    whole badge often finds no text line at all, while the same line in a band is read at once."""
    wanted = re.sub(r"[^a-z0-9]", "", name.lower())
    image = Image.open(io.BytesIO(png)).convert("L")
    side = image.width
    bands = [image.crop((0, top, side, top + side // 4)) for top in range(0, side - side // 4 + 1, side // 8)]
    crops = [(image, ("11",))]
    for band in bands:
        crops.append((band, ("7", "6")))
        threshold = _otsu(band)
        crops.append((band.point([255 if v > threshold else 0 for v in range(256)]), ("7",)))
    with tempfile.TemporaryDirectory() as folder:
        for index, (crop, modes) in enumerate(crops):
            path = f"{folder}/{index}.png"
            crop.save(path)
            for mode in modes:
                out = subprocess.run(["tesseract", path, "-", "--psm", mode], capture_output=True, text=True).stdout
                if wanted in re.sub(r"[^a-z0-9]", "", out.lower()):
                    return True
    return False


def _otsu(image: Image.Image) -> int:
    histogram = np.bincount(np.asarray(image).ravel(), minlength=256).astype(np.float64)
    total, cumulative, mean_sum = histogram.sum(), np.cumsum(histogram), np.cumsum(histogram * np.arange(256))
    best, threshold = -1.0, 128
    for t in range(1, 255):
        w0, w1 = cumulative[t], total - cumulative[t]
        if w0 == 0 or w1 == 0:
            continue
        m0, m1 = mean_sum[t] / w0, (mean_sum[-1] - mean_sum[t]) / w1
        between = w0 * w1 * (m0 - m1) ** 2
        if between > best:
            best, threshold = between, t
    return threshold


def color_present(image: Image.Image, color: str, share: float = 0.005) -> bool:
    pixels = np.asarray(image.convert("RGBA"), dtype=np.float32)
    opaque = pixels[..., 3] > 200
    rgb = pixels[..., :3][opaque]
    target = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)
    near = np.linalg.norm(rgb - target, axis=1) < 48
    return bool(near.mean() >= share) if len(rgb) else False


def chromium_diff(svg: bytes, png: bytes) -> float | None:
    """Mean absolute difference (0-255) between Chromium's rendering of the SVG and the PNG, both on white."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "design.html"
        (Path(folder) / "design.svg").write_bytes(svg)
        page.write_text('<html><body style="margin:0;background:#fff"><img src="design.svg" width="512" '
                        'height="512"></body></html>')  # fmt: skip
        shot = Path(folder) / "shot.png"
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--screenshot={shot}", "--window-size=512,512", page.as_uri()],
                       capture_output=True, timeout=60)  # fmt: skip
        if not shot.exists():
            return None
        seen = np.asarray(Image.open(shot).convert("RGB").crop((0, 0, 512, 512)), dtype=np.float32)
    white = Image.new("RGBA", (512, 512), "white")
    ours = Image.alpha_composite(white, Image.open(io.BytesIO(png)).convert("RGBA").resize((512, 512)))
    return float(np.abs(seen - np.asarray(ours.convert("RGB"), dtype=np.float32)).mean())


def main(sheet_path: Path | None) -> None:
    read, colors_ok = defaultdict(list), defaultdict(list)
    raster_ms, trace_ms, diffs = [], [], []
    cells: list[Image.Image] = []
    for style in STYLE_NAMES:
        for creation_type, brief in BRIEFS:
            b = brief if style != "custom" else brief.model_copy(update={"style": "flat minimal"})
            spec = spec_for(creation_type, style, b, [])
            started = time.perf_counter()
            png = design_png(spec, scene=True)
            raster_ms.append((time.perf_counter() - started) * 1000)
            image = Image.open(io.BytesIO(png))
            read[style].append(ocr_reads(png, brief.text or ""))
            transparent = design_png(spec, scene=False)
            for color in find_colors_in_text(brief.color_scheme or ""):
                colors_ok[style].append(color_present(Image.open(io.BytesIO(transparent)), color))
            cell = image.convert("RGB").resize((CELL, CELL), Image.Resampling.LANCZOS)
            cells.append(cell)
            if style in ("gaming", "anime") and len(diffs) < 6:
                diff = chromium_diff(design_svg(spec, scene=True).encode(), png)
                if diff is not None:
                    diffs.append(diff)
    # Tracing: a model render has no vector, so its cut-out is traced (timed on a design painted on the key).
    for _, brief in BRIEFS[:4]:
        flat = Image.open(io.BytesIO(design_png(spec_for("streamer_logo", "minimal", brief, []), scene=False)))
        keyed = Image.alpha_composite(Image.new("RGBA", flat.size, "#00ff00"), flat).convert("RGB")
        out = io.BytesIO()
        keyed.save(out, "PNG")
        started = time.perf_counter()
        svg_for(out.getvalue())
        trace_ms.append((time.perf_counter() - started) * 1000)
    print(f"offline designs: {len(BRIEFS)} briefs x {len(STYLE_NAMES)} presets = {len(cells)} renders at 1024 px")
    for style in STYLE_NAMES:
        rate, present = statistics.mean(read[style]), statistics.mean(colors_ok[style])
        print(f"  {style:<13} channel name read by tesseract {sum(read[style])}/{len(read[style])}   "
              f"named colours present {sum(colors_ok[style])}/{len(colors_ok[style])}  ({rate:.0%}, {present:.0%})")
    all_read = [r for v in read.values() for r in v]
    all_colors = [c for v in colors_ok.values() for c in v]
    print(report("  tesseract reads the name (all)", 100 * statistics.mean(all_read), "%", ">= 80 %",
                 statistics.mean(all_read) >= 0.8))  # fmt: skip
    print(report("  each named colour present (all)", 100 * statistics.mean(all_colors), "%", ">= 85 %",
                 statistics.mean(all_colors) >= 0.85))  # fmt: skip
    if diffs:
        print(report("  SVG in Chromium vs PNG, mean |diff| (max)", max(diffs), "/255", "< 6", max(diffs) < 6))
    print(report("  rasterise 1024 px with scene, p50", percentile(raster_ms, 50), "ms", "-", True))
    print(report("  rasterise 1024 px with scene, p95", percentile(raster_ms, 95), "ms", "-", True))
    print(report("  trace a 512 px cut-out to SVG, p50", percentile(trace_ms, 50), "ms", "-", True))
    if sheet_path is not None:
        columns = len(BRIEFS)
        sheet = Image.new("RGB", (columns * CELL + 140, len(STYLE_NAMES) * CELL), "#101014")
        draw = ImageDraw.Draw(sheet)
        for index, cell in enumerate(cells):
            row, column = divmod(index, columns)
            sheet.paste(cell, (140 + column * CELL, row * CELL))
        for row, style in enumerate(STYLE_NAMES):
            draw.text((12, row * CELL + CELL // 2 - 8), style, fill="#ffffff", font_size=22)
        sheet_path.parent.mkdir(parents=True, exist_ok=True)
        sheet.save(sheet_path, optimize=True)
        print(f"  contact sheet: {sheet_path}")


if __name__ == "__main__":
    target = Path(sys.argv[sys.argv.index("--sheet") + 1]) if "--sheet" in sys.argv else None
    main(target)

"""Imaging speed: ms per 1024 px source for cut-out + resize + encode, per output size and format, and Export
(post-processing again from a kept 1024 source, as the Export button does), the platform pack and the legibility
preview. Sources are realistic model output:
a design on a gradient with slight noise (a clean synthetic image compresses far faster and flatters PNG)."""

from __future__ import annotations

import io
import time

from PIL import Image

from bench.stats import percentile, report
from bot.imaging.legibility import assess
from bot.imaging.output import FORMATS, SCENE, SIZES, TRANSPARENT, OutputOptions, encode, process_image
from bot.imaging.platform_pack import build_pack
from tests.matting_set import make_case

REPEATS = 15


def floor(source: bytes, options: OutputOptions) -> bytes:
    """What any program spends on the same output: Pillow's decode, a Lanczos resize to the output size and an
    encode with our encoder settings (in the output's mode: RGBA when transparent)."""
    image = Image.open(io.BytesIO(source)).convert("RGB")
    image = image.resize((options.size, options.size), Image.Resampling.LANCZOS)
    return encode(image.convert("RGBA") if options.background == TRANSPARENT else image, options.format, False)


def _timings(source: bytes, options: OutputOptions) -> tuple[list[float], list[float]]:
    """(ours, floor) in ms, alternated in one run so both see the same machine load."""
    ours, floors = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        process_image(source, options)
        ours.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        floor(source, options)
        floors.append((time.perf_counter() - start) * 1000)
    return ours, floors


def _ratio_line(label: str, ours: list[float], floors: list[float]) -> str:
    p50, p95, base = percentile(ours, 50), percentile(ours, 95), percentile(floors, 50)
    line = report(f"  {label} p50 (p95 {p95:.1f})", p50, "ms", "< 150 ms", p95 < 150)
    return f"{line}  floor p50 {base:.1f} ms, ratio {p50 / base:.2f}x"


def main() -> None:
    source = make_case("radial_gradient", "text", 1024, 2026).data
    process_image(source, OutputOptions())  # warm-up (numpy, codecs)
    print(f"imaging: 1024x1024 source (text logo on a radial gradient), {REPEATS} runs each, alternated with the"
          " floor (decode + Lanczos resize + the same encode); ratio = our p50 / the floor's p50")  # fmt: skip
    for size in SIZES:
        for fmt in FORMATS:
            print(_ratio_line(f"{size}px {fmt} transparent", *_timings(source, OutputOptions(size=size, format=fmt))))
    for options, label in ((OutputOptions(size=1024, format="png"), "transparent png"),
                           (OutputOptions(size=1024, format="webp", background="#000000"), "black webp"),
                           (OutputOptions(size=512, format="png", background=SCENE), "scene png")):  # fmt: skip
        print(_ratio_line(f"export {options.size}px {label}", *_timings(source, options)))
    packs, previews = [], []
    for _ in range(5):
        start = time.perf_counter()
        build_pack(source, "pack", 25 * 1024 * 1024)
        packs.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        assess(source, has_text=True)
        previews.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentile(packs, 50), percentile(packs, 95)
    print(report(f"  platform pack (13 files, ZIP) p50 (p95 {p95:.1f})", p50, "ms", "< 400 ms", p95 < 400))
    p50, p95 = percentile(previews, 50), percentile(previews, 95)
    print(report(f"  legibility preview + stroke estimate p50 (p95 {p95:.1f})", p50, "ms", "-", True))


if __name__ == "__main__":
    main()

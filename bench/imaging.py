"""Imaging speed: ms per 1024 px source for cut-out + resize + encode, per output size and format, and Export
(post-processing again from a kept 1024 source, as the Export button does), the platform pack and the legibility
preview. Sources are realistic model output:
a design on a gradient with slight noise (a clean synthetic image compresses far faster and flatters PNG)."""

from __future__ import annotations

import time

from bench.stats import percentile, report
from bot.imaging.legibility import assess
from bot.imaging.output import FORMATS, SCENE, SIZES, OutputOptions, process_image
from bot.imaging.platform_pack import build_pack
from tests.matting_set import make_case

REPEATS = 15


def _timings(source: bytes, options: OutputOptions) -> list[float]:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        process_image(source, options)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    source = make_case("radial_gradient", "text", 1024, 2026).data
    process_image(source, OutputOptions())  # warm-up (numpy, codecs)
    print(f"imaging: 1024x1024 source (text logo on a radial gradient), {REPEATS} runs each")
    for size in SIZES:
        for fmt in FORMATS:
            timings = _timings(source, OutputOptions(size=size, format=fmt))
            p50, p95 = percentile(timings, 50), percentile(timings, 95)
            print(report(f"  {size}px {fmt} transparent p50 (p95 {p95:.1f} ms)", p50, "ms", "< 150 ms", p95 < 150))
    for options, label in ((OutputOptions(size=1024, format="png"), "transparent png"),
                           (OutputOptions(size=1024, format="webp", background="#000000"), "black webp"),
                           (OutputOptions(size=512, format="png", background=SCENE), "scene png")):  # fmt: skip
        timings = _timings(source, options)
        p50, p95 = percentile(timings, 50), percentile(timings, 95)
        print(report(f"  export {options.size}px {label} p50 (p95 {p95:.1f})", p50, "ms", "< 150 ms", p95 < 150))
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

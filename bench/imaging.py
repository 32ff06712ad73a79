"""Imaging speed: ms per 1024 px source for cut-out + resize + encode, per output size and format."""

from __future__ import annotations

import time

from bench.stats import percentile, report
from bot.imaging import FORMATS, SIZES, OutputOptions, process_image
from tests.imagery import ring_on_key

REPEATS = 15


def main() -> None:
    source, _ = ring_on_key(1024)
    process_image(source, OutputOptions(), "#00ff00")  # warm-up (numpy, codecs)
    print(f"imaging: 1024x1024 source, {REPEATS} runs each, transparent cut-out")
    for size in SIZES:
        for fmt in FORMATS:
            timings = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                process_image(source, OutputOptions(size=size, format=fmt), "#00ff00")
                timings.append((time.perf_counter() - start) * 1000)
            p50, p95 = percentile(timings, 50), percentile(timings, 95)
            print(report(f"  {size}px {fmt} p50 (p95 {p95:.1f} ms)", p50, "ms", "< 150 ms", p95 < 150))


if __name__ == "__main__":
    main()

"""Hostile input: what a crafted file costs before and after issue 21, and whether decoding untrusted files delays a
paid render's post-processing.

1. Progressive JPEGs with thousands of tiny scans: CPU for plain Pillow to decode them (what the bot did) against
   CPU for the check that refuses them now (goal < 100 ms).
2. 12 legal 12 MP photos cleaned at once in the worker pool, while a paid render (1024 px, transparent) is
   post-processed: its time against the same on a quiet machine, and the event loop's worst stall.
"""

from __future__ import annotations

import asyncio
import io
import time

from PIL import Image

from bench.stats import percentile, report
from bot.imaging import process_image_async
from bot.model import OutputOptions
from bot.references import ReferenceRefused, UntrustedImages, clean_reference
from tests.fakes.fake_gemini import key_colored_design
from tests.hostile_images import many_scan_jpeg


def crafted() -> None:
    print("crafted progressive JPEGs (4096² flat frame, one ~56-byte AC scan repeated)")
    for extra in (300, 1000, 3000):
        data = many_scan_jpeg(extra)
        start = time.process_time()
        Image.open(io.BytesIO(data)).load()
        decode = time.process_time() - start
        start = time.process_time()
        try:
            clean_reference(data)
        except ReferenceRefused:
            pass
        refuse = (time.process_time() - start) * 1000
        print(f"  {extra:>5} scans, {len(data) / 1024:6.0f} kB: plain Pillow decode {decode:6.2f} s CPU")
        print(report(f"    refused before decoding ({extra} scans)", refuse, "ms CPU", "< 100 ms", refuse < 100))


def _photo() -> bytes:
    out = io.BytesIO()
    Image.radial_gradient("L").resize((4000, 3000)).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


async def isolation() -> None:
    render = key_colored_design("uniform #00ff00 background", 1024)
    options = OutputOptions(size=1024, format="png")
    quiet = []
    for _ in range(8):
        start = time.perf_counter()
        await process_image_async(render, options)
        quiet.append((time.perf_counter() - start) * 1000)
    images = UntrustedImages()
    await images.clean(_photo())  # workers up
    photo = _photo()
    stalls: list[float] = []

    async def watch() -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.005)
            stalls.append((time.perf_counter() - start) * 1000 - 5)

    watcher = asyncio.create_task(watch())
    loaded = []
    cleaning = asyncio.gather(*(images.clean(photo) for _ in range(12)))
    started = time.perf_counter()
    for _ in range(8):
        start = time.perf_counter()
        await process_image_async(render, options)
        loaded.append((time.perf_counter() - start) * 1000)
    await cleaning
    all_clean = time.perf_counter() - started
    watcher.cancel()
    images.close()
    print("12 legal 12 MP photos cleaned in the worker pool while a paid render is post-processed (1024 px)")
    print(report("  render post-processing, quiet, p50", percentile(quiet, 50), "ms", "-", True))
    ratio = percentile(loaded, 50) / percentile(quiet, 50)
    print(report("  render post-processing, under load, p50", percentile(loaded, 50), "ms", "-", True))
    print(report("  slow-down under load (p50 ratio)", ratio, "x", "< 2.5x", ratio < 2.5))
    print(report("  event loop worst stall", max(stalls), "ms", "< 50 ms", max(stalls) < 50))
    print(report("  all 12 references answered", all_clean, "s", "< 5 s", all_clean < 5))


if __name__ == "__main__":
    crafted()
    asyncio.run(isolation())

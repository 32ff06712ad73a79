"""Event-loop lag while 20 generations post-process (cut-out, resize, encode off the loop)."""

from __future__ import annotations

import asyncio
import time

from bench.stats import percentile, report
from bot.imaging.output import OutputOptions, process_image_async
from tests.imagery import ring_on_key

GENERATIONS = 20
TICK = 0.005


async def main() -> None:
    source, _ = ring_on_key(1024)
    lags: list[float] = []
    done = asyncio.Event()

    async def probe() -> None:
        while not done.is_set():
            start = time.perf_counter()
            await asyncio.sleep(TICK)
            lags.append((time.perf_counter() - start - TICK) * 1000)

    probing = asyncio.create_task(probe())
    start = time.perf_counter()
    options = [OutputOptions(size=(256, 512, 1024)[i % 3], format=("png", "webp")[i % 2]) for i in range(GENERATIONS)]
    await asyncio.gather(*(process_image_async(source, o) for o in options))
    elapsed = time.perf_counter() - start
    done.set()
    await probing
    print(f"event-loop lag: {GENERATIONS} concurrent post-processings of a 1024 px image took {elapsed:.2f} s")
    print(report("  lag p99", percentile(lags, 99), "ms", "< 50 ms", percentile(lags, 99) < 50))
    print(report("  lag max", max(lags), "ms", "< 50 ms", max(lags) < 50))


if __name__ == "__main__":
    asyncio.run(main())

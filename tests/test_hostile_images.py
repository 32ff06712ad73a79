"""Untrusted images cost bounded work: refused before decoding when the cost can't be bounded, decoded apart from
the renders' workers, with a CPU limit per job."""

import asyncio
import functools
import io
import time

import pytest
from PIL import Image

from bot.model import ImageProblemKind
from bot.references import ReferenceRefused, UntrustedImages, clean_reference
from tests.hostile_images import many_scan_jpeg


def test_a_many_scan_progressive_jpeg_is_refused_in_under_100_ms_of_cpu():
    hostile = many_scan_jpeg(1000)  # 122 kB; plain Pillow spends seconds decoding it (bench.hostile_input)
    start = time.process_time()
    with pytest.raises(ReferenceRefused, match="too_many_scans"):
        clean_reference(hostile)
    assert time.process_time() - start < 0.1


def test_ordinary_progressive_and_baseline_photos_still_pass():
    for progressive in (False, True):
        out = io.BytesIO()
        Image.radial_gradient("L").resize((1600, 1200)).convert("RGB").save(out, "JPEG", progressive=progressive)
        assert clean_reference(out.getvalue()).width == 1024


def test_a_large_progressive_frame_is_refused_by_the_decode_budget():
    out = io.BytesIO()
    Image.new("RGB", (4096, 4096), (10, 20, 30)).save(out, "JPEG", progressive=True)
    with pytest.raises(ReferenceRefused, match="slow_jpeg"):
        clean_reference(out.getvalue())


async def test_a_decode_over_its_time_limit_is_stopped_and_the_workers_come_back(monkeypatch):
    import bot.references.untrusted as untrusted

    images = UntrustedImages(workers=1)
    try:
        assert (await images.clean(_png())).width == 8  # the pool works
        monkeypatch.setattr(untrusted, "WALL_SECONDS", 0.05)  # far shorter than one 12 MP decode (~0.3 s)
        start = time.perf_counter()
        with pytest.raises(ReferenceRefused) as refused:
            await images.clean(_jpeg(4000, 3000))
        assert refused.value.problem.kind is ImageProblemKind.TOO_COSTLY and time.perf_counter() - start < 1
        monkeypatch.setattr(untrusted, "WALL_SECONDS", 10.0)
        assert (await images.clean(_png())).width == 8  # a fresh pool answers the next file
    finally:
        images.close()


async def test_a_stopped_decode_refuses_only_its_own_file(monkeypatch):
    """One user's decode stopped at its limit ends alone: another user's file waiting behind it is still read
    (the old pool was killed whole, and every file waiting in it was refused too)."""
    import bot.references.untrusted as untrusted

    images = UntrustedImages(workers=1)
    try:
        assert (await images.clean(_png(), 1)).width == 8  # the worker is up
        monkeypatch.setattr(untrusted, "WALL_SECONDS", 0.05)
        slow = asyncio.create_task(images.clean(_jpeg(4000, 3000), 1))
        await asyncio.sleep(0)
        other = asyncio.create_task(images.clean(_png(), 2))  # waits for the one worker
        with pytest.raises(ReferenceRefused):
            await slow
        monkeypatch.setattr(untrusted, "WALL_SECONDS", 10.0)  # (the replaced worker is still starting)
        assert (await other).width == 8
    finally:
        images.close()


async def test_hostile_decodes_never_hold_the_event_loop():
    images = UntrustedImages(workers=2)
    try:
        await images.clean(_png())  # start the workers
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        big = _jpeg(4000, 3000)
        start = time.perf_counter()
        await asyncio.gather(*(images.clean(big) for _ in range(6)))
        elapsed = time.perf_counter() - start
        task.cancel()
        assert ticks >= 0.5 * elapsed / 0.01  # the loop kept ticking while six 12 MP photos were decoded
    finally:
        images.close()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    return out.getvalue()


@functools.cache  # a 12 MP photo costs ~0.5 s to make: made once, read by every test
def _jpeg(w: int, h: int) -> bytes:
    out = io.BytesIO()
    Image.radial_gradient("L").resize((w, h)).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()

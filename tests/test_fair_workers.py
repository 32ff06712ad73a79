"""The design workers are shared fairly: three accounts asking for brand kits in a loop don't slow a fourth user's
offline render past twice its unloaded time, and a kit job that hangs ends alone, without cancelling anyone else's.

Both timings come from this test, one after the other, on the same (possibly busy) machine: the ratio is what is
checked, not a number of seconds.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import pytest
from prometheus_client import generate_latest

from bench.stats import percentile
from bot.config import Settings
from bot.design import worker
from bot.model import OutputOptions
from bot.observability import Metrics
from bot.services import Services
from bot.usecases import Exported, KitMade, SlowDown, brand_kit, close_session, export_render
from tests.test_brand_kit import open_ready
from tests.worker_jobs import hang

RENDERS = 20  # p95 over 20


def p95(values: list[float]) -> float:
    return percentile(values, 95)


def roomy_settings(folder: object) -> dict:
    """Offline, with room for 50 renders a session (bench/fairness.py runs the same)."""
    spend = {tier: {"attempts_per_credit": 200} for tier in ("free", "pro", "studio")}
    return {"data_dir": f"{folder}/data", "quota": {"renders_per_credit": 50, "spend": spend}}


@pytest.fixture
async def services(tmp_path):
    services = await Services.create(Settings.model_validate(roomy_settings(tmp_path)))
    yield services
    await services.close()


async def kits_in_a_loop(services: Services, user_id: int, made: list[int], asking: asyncio.Semaphore) -> None:
    render_id = (await services.generation.render(await open_ready(services, user_id, "studio"))).render.id
    asking.release()
    while True:
        outcome = await brand_kit(services, render_id, user_id, limit=25 * 1024 * 1024)
        if isinstance(outcome, SlowDown):  # the heavy-work rate: ask again soon, as a looping client would
            await asyncio.sleep(0.5)
            continue
        assert isinstance(outcome, KitMade)
        made.append(user_id)


async def vary_times(services: Services, session_id: int, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        await services.generation.render(session_id, "vary")
        times.append(time.perf_counter() - started)
    return times


async def render_until(services: Services, session_id: int, done: asyncio.Task) -> int:
    count = 0
    while not done.done():
        await services.generation.render(session_id, "vary")
        count += 1
    return count


async def workers_idle(within: float = 120.0) -> None:
    """Until no design job runs or waits."""
    deadline = time.monotonic() + within
    while (now := worker.stats()).running["bulk"] + now.running["interactive"] + sum(now.waiting.values()):
        assert time.monotonic() < deadline, f"the design workers were still busy after {within:g} s: {now}"
        await asyncio.sleep(0.05)


def scrape() -> dict[str, str]:
    """What Prometheus reads from the operator's metrics endpoint about the design workers."""
    metrics = Metrics(enabled=True)
    metrics.watch_design_workers(worker.stats)
    text = generate_latest(metrics.registry).decode()
    return dict(line.rsplit(" ", 1) for line in text.splitlines() if line.startswith("profile_creator_design"))


@dataclass
class Measured:
    alone: list[float]  # half before the kits start, half after they stop: the machine's drift counts on both sides
    loaded: list[float]
    kits: int  # finished meanwhile
    scraped: dict[str, str]  # the metrics while loaded


async def measure(services: Services, fourth: int) -> Measured:
    """The fourth user's Vary, RENDERS times alone and RENDERS times while three accounts ask for kits in a loop."""
    await vary_times(services, fourth, 1)  # the workers are warm
    alone = await vary_times(services, fourth, RENDERS // 2)
    made: list[int] = []
    asking = asyncio.Semaphore(0)
    loops = [asyncio.create_task(kits_in_a_loop(services, user, made, asking)) for user in (1, 2, 3)]
    try:
        for _ in loops:
            await asking.acquire()
        await asyncio.sleep(0.5)
        assert worker.stats().waiting["bulk"] > 0  # the kits' jobs queue: the workers are contended
        loaded = await vary_times(services, fourth, RENDERS)
        assert worker.stats().users_waiting >= 1  # the kits were still asking while the fourth user rendered
        scraped = scrape()
    finally:
        for loop in loops:
            loop.cancel()  # their queued jobs are dropped; a running one finishes
        await asyncio.gather(*loops, return_exceptions=True)
    await workers_idle()  # the kit jobs still running when the loops stopped would otherwise count as "alone"
    alone += await vary_times(services, fourth, RENDERS - RENDERS // 2)
    return Measured(alone, loaded, len(made), scraped)


async def test_three_kit_loops_leave_a_fourth_users_render_within_twice_its_time(services, monkeypatch):
    fourth = await open_ready(services, 4, "studio")
    measured = await measure(services, fourth)
    alone, loaded = p95(measured.alone), p95(measured.loaded)
    print(f"p95 alone {alone:.3f} s, loaded {loaded:.3f} s: {loaded / alone:.2f}x")
    assert loaded <= 2 * alone, f"p95 {loaded:.3f} s under load vs {alone:.3f} s alone ({loaded / alone:.2f}x)"
    assert float(measured.scraped['profile_creator_design_queue_depth{kind="bulk"}']) > 0
    shares = {key: float(value) for key, value in measured.scraped.items() if "_design_user_share{" in key}
    assert shares['profile_creator_design_user_share{user="4"}'] > 0.05 and len(shares) >= 4

    # One kit job hangs: it alone ends at the limit. The fourth user's renders meanwhile, and the exports queued just
    # before the limit (the old pool cancelled every queued job when it killed a stuck one), all complete.
    await close_session(services, fourth, 4)
    fourth = await open_ready(services, 4, "studio")
    render_id = (await services.generation.render(fourth)).render.id
    monkeypatch.setattr(worker, "JOB_SECONDS", 2.0)
    with worker.on_behalf_of(1, bulk=True):
        stuck = asyncio.create_task(worker.run(hang))
    rendering = asyncio.create_task(render_until(services, fourth, stuck))
    for _ in range(600):  # the hang starts once the last kit job is done with the bulk worker
        if worker.stats().waiting["bulk"] == 0:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.5)
    scene = OutputOptions(1024, "png", "scene")
    exports = await asyncio.gather(*(export_render(services, render_id, 4, scene) for _ in range(4)))
    with pytest.raises(TimeoutError):
        await stuck
    assert all(isinstance(export, Exported) for export in exports)
    assert await rendering >= 1 and worker.stats().stuck >= 1  # render_until raises if a render fails
    assert len(await vary_times(services, fourth, 1)) == 1  # the workers carry on

"""The design workers are shared fairly: three accounts asking for brand kits in a loop don't slow a fourth user's
offline render past twice its unloaded time, and a kit job that hangs ends alone, without cancelling anyone else's.

Both timings come from this test, one after the other, on the same (possibly busy) machine: the ratio is what is
checked, not a number of seconds.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from prometheus_client import generate_latest

from bot.accounts import TierDecision
from bot.config import Settings
from bot.design import worker
from bot.observability import Metrics
from bot.services import Services
from bot.sessions import parse_create_request
from bot.usecases import KitMade, Opened, SlowDown, brand_kit, close_session, open_session
from tests.test_brand_kit import BRIEF
from tests.worker_jobs import hang

RENDERS = 20  # p95 over 20


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@pytest.fixture
async def services(tmp_path):
    spend = {tier: {"attempts_per_credit": 200} for tier in ("free", "pro", "studio")}
    settings = Settings.model_validate({"data_dir": str(tmp_path / "data"),
                                        "quota": {"renders_per_credit": 50, "spend": spend}})  # fmt: skip
    services = await Services.create(settings)
    yield services
    await services.close()


async def open_ready(services: Services, user_id: int) -> int:
    async def place(session_id: int) -> int:
        return -session_id

    request = parse_create_request("streamer_logo", "professional", "a fox astronaut", "orange, navy")
    opened = await open_session(services, user_id=user_id, guild_id=None, channel_id=0, request=request,
                                tier=TierDecision("studio", "test"), place=place)  # fmt: skip
    assert isinstance(opened, Opened)
    await services.sessions.save_brief(opened.session.id, BRIEF)
    return opened.session.id


async def kits_in_a_loop(services: Services, user_id: int, made: list[int], asking: asyncio.Semaphore) -> None:
    render_id = (await services.generation.render(await open_ready(services, user_id))).render.id
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


def scrape() -> dict[str, str]:
    """What Prometheus reads from the operator's metrics endpoint about the design workers."""
    metrics = Metrics(enabled=True)
    metrics.watch_design_workers(worker.stats)
    text = generate_latest(metrics.registry).decode()
    return dict(line.rsplit(" ", 1) for line in text.splitlines() if line.startswith("profile_creator_design"))


async def test_three_kit_loops_leave_a_fourth_users_render_within_twice_its_time(services, monkeypatch):
    fourth = await open_ready(services, 4)
    await vary_times(services, fourth, 1)  # the workers are warm
    alone = await vary_times(services, fourth, RENDERS)
    made: list[int] = []
    asking = asyncio.Semaphore(0)
    loops = [asyncio.create_task(kits_in_a_loop(services, user, made, asking)) for user in (1, 2, 3)]
    try:
        for _ in loops:
            await asking.acquire()
        await asyncio.sleep(0.5)
        assert worker.stats().waiting["bulk"] > 0  # the kits' jobs queue: the workers are contended
        loaded = await vary_times(services, fourth, RENDERS)
        ratio = p95(loaded) / p95(alone)
        print(f"p95 alone {p95(alone):.3f} s, loaded {p95(loaded):.3f} s: {ratio:.2f}x; kits made {len(made)}")
        assert ratio <= 2.0, f"p95 {p95(loaded):.3f} s under load vs {p95(alone):.3f} s alone ({ratio:.2f}x)"
        assert worker.stats().users_waiting >= 1  # the kits were still asking while the fourth user rendered
        scraped = scrape()
        assert float(scraped['profile_creator_design_queue_depth{kind="bulk"}']) > 0
        shares = {key: float(value) for key, value in scraped.items() if "_design_user_share{" in key}
        assert shares['profile_creator_design_user_share{user="4"}'] > 0.05 and len(shares) >= 4
    finally:
        for loop in loops:
            loop.cancel()  # their queued jobs are dropped; a running one finishes
        await asyncio.gather(*loops, return_exceptions=True)

    # One kit job hangs: it alone ends at the limit; the fourth user's renders meanwhile (one is always under way or
    # queued) all complete.
    await close_session(services, fourth)
    fourth = await open_ready(services, 4)
    monkeypatch.setattr(worker, "JOB_SECONDS", 2.0)
    with worker.on_behalf_of(1, bulk=True):
        stuck = asyncio.create_task(worker.run(hang))
    rendered = await render_until(services, fourth, stuck)  # raises if any of them fails
    with pytest.raises(TimeoutError):
        await stuck
    assert rendered >= 1 and worker.stats().stuck >= 1
    assert len(await vary_times(services, fourth, 1)) == 1  # the workers carry on

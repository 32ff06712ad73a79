"""Bounded model spend: coach turns per day (atomic), and the gate that folds a burst into a few turns."""

import asyncio

from bot.accounts.spend import CoachAllowance
from bot.coach.gate import Rate, TurnGate


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_coach_turns_per_day_are_atomic_and_reset_at_utc_midnight(db):
    clock = Clock(1_795_000_000.0)  # 2026-11-18 UTC
    allowance = CoachAllowance(db, clock)
    granted = await asyncio.gather(*(allowance.take(7, 10) for _ in range(50)))
    assert sum(granted) == 10 and await allowance.used_today(7) == 10
    assert await allowance.take(8, 10)  # another user is unaffected
    clock.now = allowance.resets_at().timestamp()
    assert await allowance.used_today(7) == 0 and await allowance.take(7, 10)


async def test_the_gate_folds_messages_sent_during_a_turn_and_keeps_to_the_rate():
    clock = Clock(0.0)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    gate: TurnGate[str] = TurnGate(clock, sleep)
    turns: list[list[str]] = []
    release = asyncio.Event()

    async def run(batch: list[str]) -> None:
        turns.append(batch)
        if len(turns) == 1:
            await release.wait()  # the first turn is slow: everything sent meanwhile waits in one batch

    rate = Rate(per_minute=6, burst=1)
    first = asyncio.create_task(gate.submit(1, "m0", rate, run))
    await asyncio.sleep(0)
    folded = [await gate.submit(1, f"m{i}", rate, run) for i in range(1, 20)]
    assert folded == [False] * 19 and turns == [["m0"]]
    release.set()
    assert await first is True
    assert turns == [["m0"], [f"m{i}" for i in range(1, 20)]]  # two turns for 20 messages, nothing lost
    assert slept == [10.0]  # the second turn waited for the rate (6 a minute), it did not run at once
    assert len(gate) == 1  # only the still-refilling bucket; the batch is gone

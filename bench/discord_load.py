"""Through the fake Discord, against the bot running as its own process (``python -m bot run``):

- interaction ack latency p50/p99 for a burst of 200 ``/profile create`` (goal p99 < 150 ms);
- resident memory per idle session with 1000 sessions open (goal < 50 KB).

The bot runs in the offline mode, so the figures are the bot's and Discord's path alone.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import tempfile
from pathlib import Path

from bench.stats import percentile, report
from tests.fakes.fake_discord import FakeDiscord
from tests.harness import TOKEN, launch_bot_process, settings_for, write_config


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def open_sessions(fake: FakeDiscord, count: int, batch: int) -> list:
    """Each of ``count`` new users runs /profile create; waits until every session has its thread."""
    users = [fake.add_user(f"user{len(fake.users)}") for _ in range(count)]
    interactions = []
    for start in range(0, count, batch):
        burst = await asyncio.gather(
            *(fake.slash(u, "profile", "create", {"type": "streamer_logo", "style": "minimal"})
              for u in users[start : start + batch])
        )  # fmt: skip
        interactions.extend(burst)
        await fake.wait_for(lambda b=burst: all(i.followups for i in b), within=120, what="sessions opened")
    return interactions


async def main(burst: int, idle_sessions: int) -> None:
    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory() as folder:
        settings = settings_for(Path(folder), fake, discord={"edit_interval_seconds": 1.2})
        config = write_config(Path(folder) / "config.toml", settings)
        # An empty GEMINI_API_KEY counts as unset: the offline coach and renderer.
        bot = await launch_bot_process(config, {"DISCORD_TOKEN": TOKEN, "GEMINI_API_KEY": ""})
        try:
            await asyncio.wait_for(fake.gateway_ready.wait(), 60)

            # Ack latency: the burst arrives at once, like a raid of users after a stream announcement.
            acks = await open_sessions(fake, burst, batch=burst)
            latencies = [(i.acked_at - i.created_at) * 1000 for i in acks]
            print(f"ack latency: burst of {burst} /profile create (defer before any work)")
            print(report("  ack p50", percentile(latencies, 50), "ms", "", True))
            print(report("  ack p99", percentile(latencies, 99), "ms", "< 150 ms", percentile(latencies, 99) < 150))
            print(report("  ack max", max(latencies), "ms", "< 3000 ms", max(latencies) < 3000))

            # Memory: RSS growth per idle session, after a warm-up burst has paid one-time costs.
            await asyncio.sleep(1.0)
            before = rss_kb(bot.pid)
            await open_sessions(fake, idle_sessions, batch=50)
            await asyncio.sleep(2.0)  # greetings finish streaming
            after = rss_kb(bot.pid)
            per_session = (after - before) / idle_sessions
            print(f"memory: {idle_sessions} idle sessions, bot RSS {before / 1024:.1f} -> {after / 1024:.1f} MiB")
            print(report("  RSS per idle session", per_session, "KB", "< 50 KB", per_session < 50))
            print(report("  HTTP 429s from the fake Discord", fake.rate_limited, "count", "0", fake.rate_limited == 0))
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(bot.wait(), 10)
            except TimeoutError:
                bot.kill()
            await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(main(args.burst, args.sessions))

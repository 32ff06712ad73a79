"""Offline render: Generate click → the 1024 px image posted, with no Gemini key (the design engine draws).

The bot runs as its own process (``python -m bot run``, no GEMINI_API_KEY) against the fake Discord; each streamer
describes their design in /profile create, the offline coach fills the brief from it, and the click is on a 1024 px
PNG with the designed background. Each thread refills its message bucket before the click, so Discord's rate limit
is not measured. Goal (issue 30): p95 < 400 ms on 2 cores. Then the platform pack (with logo.svg).
"""

from __future__ import annotations

import asyncio
import signal
import tempfile
from pathlib import Path

from bench.clicks import generate_clicks, pack_clicks
from bench.stats import percentile, report
from tests.fakes.fake_discord import FakeDiscord
from tests.harness import (
    TOKEN,
    component_id,
    launch_bot_process,
    messages_with_components,
    settings_for,
    write_config,
)

SESSIONS = 12
BRIEFS = [
    "a fox astronaut for my channel NovaFox, orange and navy, shield",
    "a wolf head for my channel Kaizen, purple and teal, hexagon",
    "a dragon for my channel EmberRex, red and gold, circle",
    "a robot for my channel BYTE, cyan and black, diamond",
]


async def main() -> None:
    discord = FakeDiscord()
    await discord.start()
    generate_ms, pack_ms = [], []
    with tempfile.TemporaryDirectory() as folder:
        config = write_config(Path(folder) / "config.toml", settings_for(Path(folder), discord, ""))
        bot = await launch_bot_process(config, {"DISCORD_TOKEN": TOKEN})
        try:
            await asyncio.wait_for(discord.gateway_ready.wait(), 60)
            users = [discord.add_user(f"streamer{i}") for i in range(SESSIONS)]
            for index, user in enumerate(users):
                await discord.slash(user, "profile", "create", {
                    "type": "streamer_logo", "style": ("gaming", "vibrant", "anime", "retro")[index % 4],
                    "description": BRIEFS[index % len(BRIEFS)]})  # fmt: skip
            await discord.wait_for(lambda: len(discord.threads()) == SESSIONS, within=60, what="threads")
            threads = [int(t["id"]) for t in discord.threads()]
            await discord.wait_for(lambda: all(messages_with_components(discord, t) for t in threads), within=60,
                                   what="options")  # fmt: skip
            await asyncio.sleep(5.5)  # every thread's message bucket refills (5 per 5 s)
            for user, thread in zip(users, threads, strict=True):
                options = messages_with_components(discord, thread)[-1]
                size = await discord.component(user, options, component_id(options, "pc:size:"), values=["1024"])
                await discord.wait_for(lambda s=size: s.acked, what="size")
                bg = await discord.component(user, options, component_id(options, "pc:bg:"), values=["scene"])
                await discord.wait_for(lambda b=bg: b.acked, what="background")
            await asyncio.sleep(5.5)
            generate_ms = await generate_clicks(discord, users, threads)
            pack_ms = await pack_clicks(discord, users, threads)
        finally:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
    await discord.stop()
    print("  each Generate, ms:", " ".join(f"{v:.0f}" for v in generate_ms))
    print(f"offline render: {SESSIONS} sessions one after another, bot as its own process, no Gemini key, 1024 px "
          "PNG on the designed background")  # fmt: skip
    for name, values, goal in (("offline Generate click -> 1024 px posted", generate_ms, 400),
                               ("offline pack click -> ZIP posted (logo.svg)", pack_ms, 1000)):  # fmt: skip
        print(report(f"  {name}, p50", percentile(values, 50), "ms", f"< {goal} ms", percentile(values, 50) < goal))
        print(report(f"  {name}, p95", percentile(values, 95), "ms", f"< {goal} ms", percentile(values, 95) < goal))


if __name__ == "__main__":
    asyncio.run(main())

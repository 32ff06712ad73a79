"""Click to post: Generate click → image posted, and Platform pack click → ZIP posted, model time excluded.

The bot runs as its own process (``python -m bot run``) against the fake Discord and a fake Gemini that answers at
once, on a quiet machine: what is measured is the bot's own work (post-processing, the self-check round trip,
storing, the legibility preview, the upload). Each session's thread is let to refill its message bucket before the
click, so Discord's rate limit is not what is measured. Goals (issue 24): Generate < 250 ms, pack < 400 ms.
"""

from __future__ import annotations

import asyncio
import signal
import tempfile
from pathlib import Path

from bench.clicks import generate_clicks, pack_clicks
from bench.stats import percentile, report
from tests.fakes.fake_discord import FakeDiscord
from tests.fakes.fake_gemini import FakeGemini
from tests.harness import (
    GEMINI_KEY,
    TOKEN,
    launch_bot_process,
    messages_with_components,
    settings_for,
    write_config,
)

SESSIONS = 10


async def main() -> None:
    discord, gemini = FakeDiscord(), FakeGemini()
    await discord.start()
    await gemini.start()
    gemini.json_reply = lambda r: {"subject": "owl", "color_scheme": "teal", "shape": "circle"}
    generate_ms, pack_ms = [], []
    with tempfile.TemporaryDirectory() as folder:
        config = write_config(Path(folder) / "config.toml", settings_for(Path(folder), discord, gemini.base_url))
        bot = await launch_bot_process(config, {"DISCORD_TOKEN": TOKEN, "GEMINI_API_KEY": GEMINI_KEY})
        try:
            await asyncio.wait_for(discord.gateway_ready.wait(), 60)
            users = [discord.add_user(f"streamer{i}") for i in range(SESSIONS)]
            for user in users:
                await discord.slash(user, "profile", "create",
                                    {"type": "streamer_logo", "style": "minimal", "description": "owl"})  # fmt: skip
            await discord.wait_for(lambda: len(discord.threads()) == SESSIONS, within=60, what="threads")
            threads = [int(t["id"]) for t in discord.threads()]
            await discord.wait_for(lambda: all(messages_with_components(discord, t) for t in threads), within=60,
                                   what="options")  # fmt: skip
            await asyncio.sleep(5.5)  # every thread's message bucket refills (5 per 5 s)
            generate_ms = await generate_clicks(discord, users, threads)
            pack_ms = await pack_clicks(discord, users, threads)
        finally:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
    await gemini.stop()
    await discord.stop()
    print(f"click to post: {SESSIONS} sessions one after another, bot as its own process, fake model answers at once")
    for name, values, goal in (("Generate click -> image posted", generate_ms, 250),
                               ("Platform pack click -> ZIP posted", pack_ms, 400)):  # fmt: skip
        print(report(f"  {name}, p50", percentile(values, 50), "ms", f"< {goal} ms", percentile(values, 50) < goal))
        print(report(f"  {name}, p95", percentile(values, 95), "ms", f"< {goal} ms", percentile(values, 95) < goal))


if __name__ == "__main__":
    asyncio.run(main())

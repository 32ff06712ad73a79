"""Studio coach latency: from a POSTed message to the first SSE token, against the bot's figure in Discord.

The studio runs as its own process (``python -m bot studio``) in hosted mode (20 signed-in users, as the bot's
bench has 20 streamers) against the fake Gemini in this process, with the same model-like delays as
bench.coach_latency: 400 ms to the reply's first token, 800 ms for the brief extraction. 20 users send a message at
the same moment. Goal: the model's time to first token + < 150 ms, the bot's goal; the bot measures to the first
visible Discord edit, so the studio (no edit throttle, no Discord round trip) should come in under it.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.stats import percentile, report
from bot.accounts import WebLogins
from bot.storage import Database
from tests.fakes.fake_gemini import FakeGemini
from tests.harness import GEMINI_KEY, ROOT, free_port
from web.identity import COOKIE

USERS = int(os.environ.get("BENCH_USERS", "20"))
FIRST_TOKEN, EXTRACTION = 0.4, 0.8
API = "/api/v1/profile-creator"
CSRF = {"X-Profile-Creator": "1"}


async def _first_token(
    http: aiohttp.ClientSession, url: str, body: dict, cookie: str, sent: dict[str, float] | None = None
) -> float:
    start = time.perf_counter()
    if sent is not None:
        sent[body["content"]] = time.monotonic()
    async with http.post(url, json=body, headers={**CSRF, "Cookie": f"{COOKIE}={cookie}"}) as answer:
        async for line in answer.content:
            if line.startswith(b"event: token"):
                first = time.perf_counter() - start
                await answer.read()
                return first * 1000
    raise RuntimeError(f"no token from {url}")


async def main() -> None:
    gemini = FakeGemini()
    await gemini.start()
    gemini.json_reply = lambda r: {"subject": "a fox"}
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        config = Path(folder) / "config.toml"
        config.write_text(
            f'data_dir = "{data}"\n[gemini]\nbase_url = "{gemini.base_url}"\nretry_attempts = 1\n'
            f'[web]\nlogin = true\ndiscord_client_id = "1"\npublic_url = "http://127.0.0.1:{port}"\n'
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT), "GEMINI_API_KEY": GEMINI_KEY, "DISCORD_CLIENT_SECRET": "bench"}
        studio = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "studio", "--config", str(config), "--port", str(port), env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            assert studio.stdout is not None
            await asyncio.wait_for(studio.stdout.readline(), 60)  # "Profile Creator studio: http://…"
            db = await Database.open(data / "profile-creator.sqlite3")  # logins as Discord's OAuth2 would start them
            cookies = [await WebLogins(db).start(10_000 + i) for i in range(USERS)]
            await db.close()
            base = f"http://127.0.0.1:{port}{API}"
            async with aiohttp.ClientSession() as http:
                starts = await asyncio.gather(*(_first_token(http, f"{base}/start", {"type": "profile_picture",
                                                "style": "anime"}, c) for c in cookies))  # fmt: skip
                await asyncio.sleep(1.0)  # the greetings' extractions settle
                gemini.delays = {"stream": FIRST_TOKEN, "json": EXTRACTION}
                sessions = []
                for cookie in cookies:
                    async with http.get(f"{base}/sessions/current", headers={"Cookie": f"{COOKIE}={cookie}"}) as s:
                        sessions.append((await s.json())["id"])
                sent: dict[str, float] = {}
                # This process (clients and the fake Gemini) must not pause in a full collection mid-burst either:
                # that would shift every send and arrival it stamps, which is not the studio's time.
                gc.collect()
                gc.freeze()
                latencies = await asyncio.gather(*(
                    _first_token(http, f"{base}/sessions/{sid}/messages",
                                 {"content": f"a sly fox number {i}, neon city"}, c, sent)
                    for i, (sid, c) in enumerate(zip(sessions, cookies, strict=True))
                ))  # fmt: skip
                # Where the time goes: before the model call (our work: cookie, database, lock, prompt) is the
                # fake's arrival time minus the send time; the model's 400 ms are the fake's; the rest is after.
                before, after = [], []
                for (text, at), total in zip(sent.items(), latencies, strict=True):
                    arrivals = [r.at for r in gemini.of_kind("stream") if text in str(r.body)]
                    if arrivals:
                        before.append((min(arrivals) - at) * 1000)
                        after.append(total - before[-1] - FIRST_TOKEN * 1000)
        finally:
            studio.send_signal(signal.SIGTERM)
            await studio.wait()
            await gemini.stop()
    goal = FIRST_TOKEN * 1000 + 150
    print(
        f"studio SSE, {USERS} users at once, fake first token {FIRST_TOKEN * 1000:.0f} ms, extraction "
        f"{EXTRACTION * 1000:.0f} ms (the bot in Discord: p50 445-454 ms, p99 528-541 ms to the first edit)"
    )
    print(report("  start -> first greeting token, p50 (no delay)", percentile(starts, 50), "ms", "-", True))
    print(report("  message -> first SSE token, p50", percentile(latencies, 50), "ms", f"< {goal:.0f} ms",
                 percentile(latencies, 50) < goal))  # fmt: skip
    print(report("  message -> first SSE token, p99", percentile(latencies, 99), "ms", f"< {goal:.0f} ms",
                 percentile(latencies, 99) < goal))  # fmt: skip
    if before:
        print(report("  of which before the model call (ours), p50", percentile(before, 50), "ms", "-", True))
        print(report("  of which before the model call (ours), p99", percentile(before, 99), "ms", "-", True))
        print(report("  of which after the first model token, p99", percentile(after, 99), "ms", "-", True))


if __name__ == "__main__":
    asyncio.run(main())

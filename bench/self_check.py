"""Time the self-check adds per delivery, against the fake Gemini with model-like delays.

Three runs of logo renders one after another (real google-genai client, loopback fake Gemini), so each delivery's
latency is its own and not masked by other renders' work: self-check off, on with every check passing, and on with
every first render misspelled (one corrective edit each). The added time per delivery is the difference from the
"off" run's median.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.stats import percentile, report
from bot.config.settings import GeminiSettings, GenerationSettings
from bot.gallery.store import GalleryStore
from bot.model.brief import Brief, initial_brief
from bot.providers.gemini import GeminiProvider
from bot.render.generation import GenerationService
from bot.render.store import RenderStore
from bot.storage import Database
from bot.storage.sessions import SessionRepository
from tests.fakes.fake_gemini import FakeGemini, verdict

RENDERS = 10
IMAGE_SECONDS, CHECK_SECONDS = 0.8, 0.4
BRIEF = Brief(subject="a fox head", style="flat vector", color_scheme="orange", shape="circle", text="KAIZEN")


async def run(fake: FakeGemini, folder: Path, check: GenerationSettings | None, misspell: bool) -> list[float]:
    db = await Database.open(folder / "bench.sqlite3")
    sessions = SessionRepository(db)
    provider = GeminiProvider(GeminiSettings(base_url=fake.base_url, retry_attempts=1), api_key="bench-key-0123")
    service = GenerationService(sessions, GalleryStore(db, folder / "images"), RenderStore(db), provider, RENDERS,
                                4, self_check=check)  # fmt: skip
    calls = [0]

    def reply(recorded):  # renders run one by one: each render's first check misreads, the fix's check passes
        calls[0] += 1
        wrong = misspell and calls[0] % 2 == 1
        return verdict("KAIZFN" if wrong else "KAIZEN")

    fake.check_reply = reply
    ids = []
    for user in range(RENDERS):
        opened = await sessions.open(user_id=user + 1, guild_id=1, channel_id=1, creation_type="streamer_logo",
                                     style="minimal", description="", colors=[], brief=initial_brief("minimal", []),
                                     month="2026-11", limit=1)  # fmt: skip
        await sessions.attach_thread(opened.session.id, 10_000 + user)
        await sessions.save_brief(opened.session.id, BRIEF.model_copy(update={"subject": f"a fox head no. {user}"}))
        ids.append(opened.session.id)

    async def timed(session_id: int) -> float:
        start = time.perf_counter()
        await service.render(session_id)
        return time.perf_counter() - start

    try:
        return [await timed(i) for i in ids]
    finally:
        await provider.aclose()
        await db.close()


async def main() -> None:
    fake = FakeGemini()
    await fake.start()
    fake.delays = {"image": IMAGE_SECONDS, "check": CHECK_SECONDS}
    on = GenerationSettings(self_check=True, max_auto_fixes=1)
    try:
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b, tempfile.TemporaryDirectory() as c:
            off = await run(fake, Path(a), None, misspell=False)
            passing = await run(fake, Path(b), on, misspell=False)
            fixing = await run(fake, Path(c), on, misspell=True)
    finally:
        await fake.stop()
    print(f"self-check: {RENDERS} renders each; fake model image {IMAGE_SECONDS * 1000:.0f} ms, "
          f"check {CHECK_SECONDS * 1000:.0f} ms")  # fmt: skip
    print(report("  delivery, self-check off, p50", percentile(off, 50) * 1000, "ms", "-", True))
    base = percentile(off, 50)
    added = [(p - base) * 1000 for p in passing]
    print(report("  added per delivery, check passes, p50", percentile(added, 50), "ms", "≈ check", True))
    goal = CHECK_SECONDS * 1000 + 150
    p95 = percentile(added, 95)
    print(report("  added per delivery, check passes, p95", p95, "ms", f"< {goal:.0f} ms", p95 < goal))
    fixed = [(f - base) * 1000 for f in fixing]
    budget = (2 * CHECK_SECONDS + IMAGE_SECONDS) * 1000 + 300
    print(report("  added per delivery, misspelled + 1 fix, p50", percentile(fixed, 50), "ms", "-", True))
    print(report("  added per delivery, misspelled + 1 fix, p95", percentile(fixed, 95), "ms",
                 f"< {budget:.0f} ms", percentile(fixed, 95) < budget))  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())

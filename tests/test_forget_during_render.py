"""/profile forget while a render runs: it waits for the render, then leaves no file, row or held image, and
gives back nothing the model was paid for (fails on the code before issue 21: forget took no lock)."""

import asyncio

from bot.config import Settings
from bot.model import initial_brief
from bot.services import Services
from bot.usecases import forget_me
from tests.fakes.fake_gemini import Fault
from tests.harness import GEMINI_KEY, READY_BRIEF, credits_used


async def test_forget_waits_for_the_render_and_leaves_nothing_but_usage(tmp_path, fake_gemini):
    settings = Settings.model_validate({
        "data_dir": str(tmp_path / "data"), "gemini_api_key": GEMINI_KEY,
        "gemini": {"base_url": fake_gemini.base_url, "retry_attempts": 1, "timeout_seconds": 10},
    })  # fmt: skip
    services = await Services.create(settings)
    try:
        opened = await services.sessions.open(
            user_id=7, guild_id=None, channel_id=0, creation_type="profile_picture", style="anime", description="",
            colors=[], brief=initial_brief("anime", []), month=services.quota.current_month(), limit=1,
        )  # fmt: skip
        sid = opened.session.id
        await services.sessions.attach_thread(sid, -sid)
        await services.sessions.save_brief(sid, READY_BRIEF)
        fake_gemini.fail("image", Fault(delay=0.5))  # the model is still painting when forget arrives

        async def render() -> None:
            async with services.locks.hold(sid):  # as the cogs and the studio run a render
                await services.generation.render(sid)

        running = asyncio.create_task(render())
        await asyncio.sleep(0.2)
        assert fake_gemini.of_kind("image") or services.locks.queued(sid)  # the render is under way
        report = await forget_me(services, 7)
        await running
        assert report.renders == 1 and report.sessions == 1  # it waited: the finished render was deleted too
        for table in ("sessions", "renders", "creations", "session_references"):
            row = await services.db.fetchone(f"SELECT COUNT(*) AS n FROM {table} WHERE user_id = 7")
            assert row["n"] == 0, table
        files = [p for p in settings.data_dir.rglob("*") if p.is_file() and p.parent.name not in ("data",)]
        assert [p for p in files if "images" in p.parts or "references" in p.parts] == []
        assert not services.generation.holds(sid)
        assert await credits_used(services.db, 7) == 1  # the paid render's credit is not given back
    finally:
        await services.close()

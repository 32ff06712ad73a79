"""One click is one render (end to end, the real bot over the fakes): a double click on Generate and a stale Retry
each make one model call; the extra click is answered privately (fails on the code before issue 21)."""

import asyncio

from bot import app
from tests.fakes.fake_gemini import Fault
from tests.harness import component_id, deliveries, open_ready_logo, settings_for, start_bot


async def test_a_double_click_on_generate_renders_once(tmp_path, fake_discord, fake_gemini):
    user = fake_discord.add_user("clicker")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, user)
        fake_gemini.fail("image", Fault(delay=0.5))  # the first render is still painting when the second click lands
        generate = component_id(options, "pc:gen:")
        first, second = await asyncio.gather(*(fake_discord.component(user, options, generate) for _ in range(2)))
        await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), within=30, what="the render")
        await fake_discord.wait_for(lambda: first.acked and second.acked, what="both answered")
        await asyncio.sleep(0.5)  # room for a second render to start, if it were going to
        assert len(fake_gemini.of_kind("image")) == 1 and len(deliveries(fake_discord, thread_id)) == 1
        private = [i for i in (first, second) if i.ephemeral]
        assert len(private) == 1 and "Already" in private[0].callbacks[0]["data"]["content"]
        assert (await bot.services.sessions.get(1)).renders_used == 1
    finally:
        await app.stop(bot)


async def test_a_retry_left_over_after_a_successful_retry_makes_no_model_call(tmp_path, fake_discord, fake_gemini):
    user = fake_discord.add_user("retrier")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, user)
        fake_gemini.fail("image", Fault(safety=True))  # the first attempt is refused: a Retry button is posted
        click = await fake_discord.component(user, options, component_id(options, "pc:gen:"))
        await fake_discord.wait_for(lambda: (click.original or {}).get("components"), what="retry offered")
        failed = click.original
        retry = component_id(failed, "pc:retry:")
        again = await fake_discord.component(user, failed, retry)
        await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), within=30, what="retried render")
        await fake_discord.wait_for(lambda: "Done" in (again.original or {}).get("content", ""), what="retry done")
        calls = len(fake_gemini.of_kind("image"))
        stale = await fake_discord.component(user, failed, retry)  # the same Retry, pressed again later
        await fake_discord.wait_for(lambda: stale.acked, what="stale retry answered")
        await asyncio.sleep(0.3)
        assert stale.ephemeral and "Already done" in stale.callbacks[0]["data"]["content"]
        assert len(fake_gemini.of_kind("image")) == calls and len(deliveries(fake_discord, thread_id)) == 1
    finally:
        await app.stop(bot)

"""The bot process killed (SIGKILL) mid-generation, then restarted: no credit is stranded."""

import asyncio
import signal

from bot import app
from tests.fakes.fake_gemini import Fault
from tests.harness import (
    GEMINI_KEY,
    TOKEN,
    component_id,
    launch_bot_process,
    messages_with_components,
    settings_for,
    start_bot,
    write_config,
)


async def test_kill_mid_generation_then_restart_settles_the_credit(tmp_path, fake_discord, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "owl", "mood": "calm", "background": "plain"}
    alice = fake_discord.add_user("alice")
    settings = settings_for(tmp_path, fake_discord, fake_gemini.base_url)
    config = write_config(tmp_path / "config.toml", settings)
    process = await launch_bot_process(
        config, {"DISCORD_TOKEN": TOKEN, "GEMINI_API_KEY": GEMINI_KEY}, capture_stderr=True
    )
    try:
        await asyncio.wait_for(fake_discord.gateway_ready.wait(), 30)  # connected, not only synced
        await fake_discord.slash(
            alice, "profile", "create", {"type": "profile_picture", "style": "anime", "description": "an owl"}
        )
        await fake_discord.wait_for(lambda: fake_discord.threads(), within=20, what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), what="ready")
        fake_gemini.fail("image", Fault(delay=60))
        click = await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        await fake_discord.wait_for(lambda: fake_gemini.of_kind("image"), what="generation started")
        assert click.acked
    finally:
        process.send_signal(signal.SIGKILL)
        stderr = (await process.communicate())[1].decode()
    assert TOKEN not in stderr and GEMINI_KEY not in stderr  # secrets never logged

    bot = await start_bot(settings, fake_discord)
    try:
        await fake_discord.wait_for(
            lambda: any("restarted while generating" in m["content"] for m in fake_discord.bot_messages(thread_id)),
            what="recovery notice",
        )
        session = await bot.services.sessions.by_thread(thread_id)
        assert (session.status, session.credit_state) == ("active", "reserved")
        fresh = messages_with_components(fake_discord, thread_id)[-1]
        await fake_discord.component(alice, fresh, component_id(fresh, "pc:gen:"))
        await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if m["attachments"]], what="delivered"
        )
        session = await bot.services.sessions.by_thread(thread_id)
        assert session.credit_state == "spent"
        row = await bot.services.db.fetchone("SELECT used FROM monthly_usage WHERE user_id = ?", (alice,))
        assert row["used"] == 1
        creations = await bot.services.gallery.list_page(alice)
        assert creations.total == 1 and creations.items[0].delivered_at is not None
    finally:
        await app.stop(bot)

"""End to end: the render budget, edit by chat, Vary, Export from the kept source, restart, Resume."""

import asyncio
import time

import numpy as np

from bot import app
from tests.fakes.fake_gemini import Fault
from tests.harness import (
    click_and_deliver,
    component_id,
    credits_used,
    decode,
    deliveries,
    inline_images,
    open_ready_logo,
    settings_for,
    start_bot,
)


async def test_edit_by_chat_vary_budget_and_one_credit(tmp_path, fake_discord, fake_gemini):
    alice = fake_discord.add_user("alice")
    bob = fake_discord.add_user("bob")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
        _, first = await click_and_deliver(fake_discord, alice, options, "pc:gen:", thread_id)
        assert "Render 1 of 4" in first["content"]
        session = await bot.services.sessions.by_thread(thread_id)
        first_render = await bot.services.renders.latest(session.id)
        kept_source = await bot.services.gallery.read_path(first_render.source_path)

        # Edit by chat: the image model gets the previous source as inline data, plus the change.
        await fake_discord.say(alice, thread_id, "make the owl blue with thicker lines")
        await fake_discord.wait_for(lambda: len(deliveries(fake_discord, thread_id)) == 2, what="edited render")
        edit_request = fake_gemini.of_kind("image")[-1]
        assert inline_images(edit_request) == [kept_source]
        assert "make the owl blue with thicker lines" in " ".join(edit_request.user_texts)
        assert "Render 2 of 4" in deliveries(fake_discord, thread_id)[-1]["content"]
        assert any("On it" in m["content"] for m in fake_discord.bot_messages(thread_id))

        # A failed render does not use the budget.
        latest = deliveries(fake_discord, thread_id)[-1]
        fake_gemini.fail("image", Fault(status=503), Fault(status=503))
        failed = await fake_discord.component(alice, latest, component_id(latest, "pc:vary:"))
        await fake_discord.wait_for(
            lambda: failed.original and "credit is safe" in failed.original["content"], what="fail"
        )
        assert (await bot.services.sessions.get(session.id)).renders_used == 2

        # Non-owners can't Vary someone else's session.
        intruder = await fake_discord.component(bob, latest, component_id(latest, "pc:vary:"))
        await fake_discord.wait_for(lambda: intruder.acked, what="intruder refused")
        assert intruder.ephemeral and "someone else's" in intruder.callbacks[0]["data"]["content"]

        _, third = await click_and_deliver(fake_discord, alice, latest, "pc:vary:", thread_id)
        _, fourth = await click_and_deliver(fake_discord, alice, third, "pc:vary:", thread_id)
        assert "Render 4 of 4" in fourth["content"] and "last render" in fourth["content"]
        images = len(fake_gemini.of_kind("image"))
        refused = await fake_discord.component(alice, fourth, component_id(fourth, "pc:vary:"))
        await fake_discord.wait_for(lambda: refused.acked, what="fifth refused")
        assert refused.ephemeral and "used all 4 renders" in refused.callbacks[0]["data"]["content"]
        assert len(fake_gemini.of_kind("image")) == images  # no model call for a refused render
        assert await credits_used(bot.services.db, alice) == 1
        assert (await bot.services.sessions.get(session.id)).renders_used == 4
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == []


async def test_export_a_week_old_render_after_restart_and_keep_rendering(tmp_path, fake_discord, fake_gemini):
    alice = fake_discord.add_user("alice")
    bob = fake_discord.add_user("bob")
    settings = settings_for(tmp_path, fake_discord, fake_gemini.base_url)
    bot = await start_bot(settings, fake_discord)
    thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
    _, delivery = await click_and_deliver(fake_discord, alice, options, "pc:gen:", thread_id)
    # The post is recorded as delivered just after Discord accepts it; stopping earlier would (rightly) make the
    # restarted bot re-post it.
    for _ in range(100):
        if not await bot.services.gallery.undelivered():
            break
        await asyncio.sleep(0.05)
    week_ago = time.time() - 8 * 86400
    await bot.services.db.execute("UPDATE renders SET created_at = ?", (week_ago,))
    await app.stop(bot)

    bot = await start_bot(settings, fake_discord)  # a restart between renders
    try:
        images_before = len(fake_gemini.requests)
        snoop = await fake_discord.component(bob, delivery, component_id(delivery, "pc:export:"))
        await fake_discord.wait_for(lambda: snoop.acked, what="export refused")
        assert snoop.ephemeral and "someone else" in snoop.callbacks[0]["data"]["content"]

        export = await fake_discord.component(alice, delivery, component_id(delivery, "pc:export:"))
        await fake_discord.wait_for(lambda: export.acked, what="export panel")
        panel = export.original
        for field, value in (("size", "1024"), ("fmt", "webp"), ("bg", "#000000")):
            choice = await fake_discord.component(alice, panel, component_id(panel, "pc:xp:") and next(
                c["custom_id"] for row in panel["components"] for c in row["components"]
                if c["custom_id"].endswith(f":{field}")
            ), values=[value])  # fmt: skip
            await fake_discord.wait_for(lambda choice=choice: choice.acked, what=f"export {field}")
            panel = choice.original
        assert "1024×1024 WEBP, solid #000000 background" in panel["content"]
        get = await fake_discord.component(alice, panel, next(
            c["custom_id"] for row in panel["components"] for c in row["components"] if c["custom_id"].endswith(":go")
        ))  # fmt: skip
        await fake_discord.wait_for(lambda: get.followups, what="exported file")
        (exported,) = fake_discord.attachments[int(get.followups[0]["id"])]
        image = decode(exported.data)
        assert (image.format, image.mode, image.size) == ("WEBP", "RGB", (1024, 1024))
        assert np.abs(np.asarray(image)[3, 3].astype(int) - [0, 0, 0]).max() <= 3
        assert len(fake_gemini.requests) == images_before  # exports never call the model

        # The budget and the buttons survived the restart: Vary on the old message is render 2 of 4.
        _, second = await click_and_deliver(fake_discord, alice, delivery, "pc:vary:", thread_id)
        assert "Render 2 of 4" in second["content"]
    finally:
        await app.stop(bot)


async def test_resume_restores_the_transcript_and_re_reserves_the_credit(tmp_path, fake_discord, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "fox"} if "fox" in r.user_texts[-1] else {}
    alice = fake_discord.add_user("alice")
    settings = settings_for(
        tmp_path, fake_discord, fake_gemini.base_url,
        sessions={"idle_warning_minutes": 0.01, "idle_expiry_minutes": 0.02, "sweep_interval_seconds": 0.1},
    )  # fmt: skip
    bot = await start_bot(settings, fake_discord)
    try:
        await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "anime"})
        await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.say(alice, thread_id, "a fox in a scarf")
        expired = await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if "Resume" in m["content"] and m["components"]],
            within=15,
            what="expiry with Resume",
        )
        assert await credits_used(bot.services.db, alice) == 0  # refunded on expiry
        resume = await fake_discord.component(alice, expired[-1], component_id(expired[-1], "pc:resume:"))
        await fake_discord.wait_for(lambda: resume.acked, what="resumed")
        assert "Resumed" in resume.callbacks[0]["data"]["content"]
        assert not fake_discord.channels[thread_id]["thread_metadata"]["archived"]
        await fake_discord.wait_for(
            lambda: any("Restored:" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="summary"
        )
        assert await credits_used(bot.services.db, alice) == 1  # the refunded credit is reserved again
        streams = len(fake_gemini.of_kind("stream"))
        await fake_discord.say(alice, thread_id, "cheerful, with a forest behind")
        await fake_discord.wait_for(lambda: len(fake_gemini.of_kind("stream")) > streams, what="coach after resume")
        assert fake_gemini.of_kind("stream")[-1].user_texts[:2] == [
            "a fox in a scarf",
            "cheerful, with a forest behind",
        ]
    finally:
        await app.stop(bot)

"""End to end: real discord.py + real google-genai against the loopback fakes."""

import asyncio
import logging

import numpy as np

from bot import app
from tests.fakes.fake_gemini import NANO_BANANA
from tests.harness import (
    component_id,
    custom_ids,
    decode,
    messages_with_components,
    scripted_coach,
    settings_for,
    start_bot,
)


async def test_create_chat_generate_gallery_and_quota(tmp_path, fake_discord, fake_gemini, caplog):
    caplog.set_level(logging.WARNING)
    scripted_coach(fake_gemini)
    alice = fake_discord.add_user("alice")
    bob = fake_discord.add_user("bob")
    owner = fake_discord.owner_id = fake_discord.add_user("olivia")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        create = await fake_discord.slash(
            alice, "profile", "create", {"type": "profile_picture", "style": "anime", "description": "a fox"}
        )
        await fake_discord.wait_for(lambda: create.followups, what="create follow-up")
        assert create.callbacks[0]["type"] == 5 and create.ephemeral  # deferred at once
        assert "design session is open" in create.followups[0]["content"]
        (thread,) = fake_discord.threads()
        thread_id = int(thread["id"])
        assert thread["type"] == 12 and alice in fake_discord.thread_members[thread_id]

        # The coach greets (streamed) after the welcome message.
        await fake_discord.wait_for(
            lambda: any("What mood" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="greeting"
        )
        extraction = await fake_discord.wait_for(lambda: fake_gemini.of_kind("json"), what="extraction beside it")
        assert extraction[0].user_texts == ["a fox"]

        # Someone else talking in the thread is ignored.
        before = len(fake_gemini.requests)
        await fake_discord.say(bob, thread_id, "make it a cat, fierce and neon!")
        await fake_discord.say(alice, thread_id, "fierce, in front of a neon city")
        options = await fake_discord.wait_for(
            lambda: messages_with_components(fake_discord, thread_id), what="options message"
        )
        assert all("cat" not in t for r in fake_gemini.requests[before:] for t in r.user_texts)

        # Non-owners can't press the owner's buttons.
        options_message = options[-1]
        intruder = await fake_discord.component(bob, options_message, component_id(options_message, "pc:gen:"))
        await fake_discord.wait_for(lambda: intruder.acked, what="intruder refused")
        assert intruder.ephemeral and "someone else's" in intruder.callbacks[0]["data"]["content"]

        size = await fake_discord.component(
            alice, options_message, component_id(options_message, "pc:size:"), values=["256"]
        )
        await fake_discord.wait_for(lambda: size.acked, what="size chosen")
        assert size.callbacks[0]["type"] == 7 and "256×256 PNG" in size.callbacks[0]["data"]["content"]
        fmt = await fake_discord.component(alice, options_message, component_id(options_message, "pc:fmt:"), ["webp"])
        await fake_discord.wait_for(lambda: fmt.acked, what="format chosen")
        # "in front of a neon city" preselected the designed background; this streamer wants a cut-out.
        cut_out = await fake_discord.component(
            alice, options_message, component_id(options_message, "pc:bg:"), ["transparent"]
        )
        await fake_discord.wait_for(lambda: cut_out.acked, what="background chosen")

        generate = await fake_discord.component(alice, options_message, component_id(options_message, "pc:gen:"))
        delivered = await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if m["attachments"]], what="image posted"
        )
        attachment = fake_discord.attachments[int(delivered[0]["id"])][0]
        image = decode(attachment.data)
        assert (image.format, image.mode, image.size) == ("WEBP", "RGBA", (256, 256))
        alpha = np.asarray(image)[..., 3]
        assert alpha[0, 0] == 0 and alpha[128, 128] == 0 and alpha[64, 128] == 255
        await fake_discord.wait_for(lambda: "Done" in (generate.original or {}).get("content", ""), what="done")
        assert generate.callbacks[0]["data"]["content"].startswith("⏳ Queued")

        gallery = await fake_discord.slash(alice, "profile", "gallery")
        await fake_discord.wait_for(lambda: gallery.followups, what="gallery")
        (sheet,) = fake_discord.attachments[int(gallery.followups[0]["id"])]
        assert decode(sheet.data).size == (224, 224)  # one numbered thumbnail on a checkerboard
        assert "1 in all" in gallery.followups[0]["content"]

        # The session stays open for edits until Done; Done closes it and archives the thread.
        (delivery,) = [m for m in fake_discord.bot_messages(thread_id) if m["attachments"]]
        assert "Render 1 of 4" in delivery["content"]
        assert {cid.split(":")[1] for cid in custom_ids(delivery)} == {"vary", "export", "pack", "kit", "done", "rate"}
        done = await fake_discord.component(alice, delivery, component_id(delivery, "pc:done:"))
        await fake_discord.wait_for(
            lambda: done.acked and fake_discord.channels[thread_id]["thread_metadata"]["archived"], what="done"
        )
        assert "Session closed" in done.callbacks[0]["data"]["content"]

        # Free tier: one creation a month, so the next create is refused with the reset time.
        again = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"})
        await fake_discord.wait_for(lambda: again.followups, what="refusal")
        refusal = again.followups[0]
        assert refusal["flags"] & 64 and "used all your creations" in refusal["content"]
        assert "Resets:** <t:" in refusal["content"]
        assert len(fake_discord.threads()) == 1

        quota = await fake_discord.slash(alice, "profile", "quota")
        await fake_discord.wait_for(lambda: quota.acked, what="quota")
        assert "1 / 1" in quota.callbacks[0]["data"]["content"]
        assert "Remaining:** 0" in quota.callbacks[0]["data"]["content"]

        # Default config (models "auto") against a list of a generation no code has seen: every call found its model.
        used = {(r.kind, r.model) for r in fake_gemini.requests}
        assert used == {("stream", "gemini-7.2-flash"), ("json", "gemini-7.2-flash"), ("check", "gemini-7.2-flash"),
                        ("image", NANO_BANANA)}, used  # fmt: skip
        # The newest Flash refused the MINIMAL thinking it was first offered: learned once, logged once.
        assert len(fake_gemini.refused) == 1
        learned = [r.getMessage() for r in caplog.records if "refused a setting" in r.getMessage()]
        assert len(learned) == 1 and "MINIMAL -> LOW" in learned[0]
        assert set(fake_gemini.versions) == {"v1beta"}
        status = await fake_discord.slash(owner, "profile-admin", "status")
        await fake_discord.wait_for(lambda: status.acked, what="admin status")
        shown = status.callbacks[0]["data"]["content"]
        assert "gemini-7.2-flash" in shown and NANO_BANANA in shown and "v1beta" in shown
        assert "**Chat settings:** thinkingLevel LOW, no temperature (learned)" in shown
        stats = await fake_discord.slash(owner, "profile-admin", "stats")
        await fake_discord.wait_for(lambda: stats.followups, what="admin stats")  # deferred: a big month takes time
        assert "**Gemini calls:**" in stats.followups[0]["content"]
        assert "1 images" in stats.followups[0]["content"]
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == []
    assert fake_discord.rate_limited == 0


async def test_restart_mid_session_resumes_with_brief_and_buttons(tmp_path, fake_discord, fake_gemini):
    scripted_coach(fake_gemini)
    alice = fake_discord.add_user("alice")
    settings = settings_for(tmp_path, fake_discord, fake_gemini.base_url)
    bot = await start_bot(settings, fake_discord)
    create = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "retro"})
    await fake_discord.wait_for(lambda: fake_discord.threads() and create.followups, what="thread")
    thread_id = int(fake_discord.threads()[0]["id"])
    await fake_discord.say(alice, thread_id, "a fox")
    await fake_discord.wait_for(lambda: len(fake_gemini.of_kind("stream")) >= 2, what="second reply")
    session = await bot.services.sessions.by_thread(thread_id)
    for _ in range(200):  # the extraction saves the brief as soon as it returns, even mid-reply
        if (await bot.services.sessions.get(session.id)).brief.subject:
            break
        await asyncio.sleep(0.02)
    await app.stop(bot)

    bot = await start_bot(settings, fake_discord)
    try:
        await fake_discord.say(alice, thread_id, "fierce, neon city")
        options = await fake_discord.wait_for(
            lambda: messages_with_components(fake_discord, thread_id), what="options after restart"
        )
        # The transcript from before the restart reached the model.
        assert fake_gemini.of_kind("stream")[-1].user_texts == ["a fox", "fierce, neon city"]
        click = await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if m["attachments"]], what="image after restart"
        )
        assert click.acked
    finally:
        await app.stop(bot)


async def test_long_reply_streams_with_throttled_edits_and_splits_at_2000(tmp_path, fake_discord, fake_gemini):
    words = [f"word{i:04d} " for i in range(400)]  # ~3600 characters
    fake_gemini.stream_reply = lambda r: words
    fake_gemini.chunk_delay = 0.004
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "gaming"})
        await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        expected = "".join(words).strip()
        await fake_discord.wait_for(
            lambda: (
                "word0399" in "".join(m["content"] for m in fake_discord.bot_messages(thread_id))
                and "▌" not in fake_discord.bot_messages(thread_id)[-1]["content"]
            ),
            within=20,
            what="full reply",
        )
        reply = [m for m in fake_discord.bot_messages(thread_id) if "word" in m["content"]]
        assert len(reply) == 2 and all(len(m["content"]) <= 2000 for m in reply)
        assert " ".join(m["content"] for m in reply) == expected
        times = [t for channel, t in fake_discord.edits if channel == thread_id]
        # ~1.6 s of streaming at one edit per 0.2 s: far fewer writes than the 400 chunks.
        assert len(times) < 25
    finally:
        await app.stop(bot)
    assert fake_discord.rate_limited == 0

"""End to end: refusals, admin tiers, idle expiry, provider failure and Retry, offline mode."""

from bot import app
from tests.fakes.fake_gemini import Fault
from tests.harness import component_id, credits_used, decode, messages_with_components, settings_for, start_bot


async def test_bad_colours_second_session_and_public_thread_fallback(tmp_path, fake_discord):
    fake_discord.private_threads_allowed = False
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        bad = await fake_discord.slash(
            alice, "profile", "create", {"type": "streamer_logo", "style": "gaming", "colors": "#12, purple"}
        )
        await fake_discord.wait_for(lambda: bad.followups, what="colour error")
        assert "`#12` is not a colour" in bad.followups[0]["content"] and bad.followups[0]["flags"] & 64
        assert await credits_used(bot.services.db, alice) == 0 and fake_discord.threads() == []

        first = await fake_discord.slash(
            alice, "profile", "create", {"type": "streamer_logo", "style": "gaming", "colors": "#9146FF, black"}
        )
        await fake_discord.wait_for(lambda: first.followups, what="session opened")
        (thread,) = fake_discord.threads()
        assert thread["type"] == 11  # private threads refused here, so a public one

        second = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "anime"})
        await fake_discord.wait_for(lambda: second.followups, what="second refused")
        assert "already have a design session open in <#" in second.followups[0]["content"]
        assert await credits_used(bot.services.db, alice) == 1 and len(fake_discord.threads()) == 1
        session = await bot.services.sessions.by_thread(int(thread["id"]))
        assert session.colors == ["#9146ff", "#000000"]
    finally:
        await app.stop(bot)


async def test_owner_sets_a_tier_and_others_cannot(tmp_path, fake_discord):
    owner = fake_discord.add_user("owner")
    alice = fake_discord.add_user("alice")
    carol = fake_discord.add_user("carol", roles=[fake_discord.pro_role_id])
    fake_discord.owner_id = owner
    trusted = {"role_tiers": {"Pro Streamers": "pro"}, "trusted_guilds": [fake_discord.guild_id]}
    settings = settings_for(tmp_path, fake_discord, quota=trusted)
    bot = await start_bot(settings, fake_discord)
    try:
        denied = await fake_discord.slash(alice, "profile-admin", "tier", {"user": alice, "tier": "studio"})
        await fake_discord.wait_for(lambda: denied.acked, what="denied")
        assert "Only server managers or the bot's owners" in denied.callbacks[0]["data"]["content"]

        granted = await fake_discord.slash(owner, "profile-admin", "tier", {"user": alice, "tier": "studio"})
        await fake_discord.wait_for(lambda: granted.acked, what="granted")
        assert "now **studio** (bot owner override)" in granted.callbacks[0]["data"]["content"]
        quota = await fake_discord.slash(alice, "profile", "quota")
        await fake_discord.wait_for(lambda: quota.acked, what="quota")
        shown = quota.callbacks[0]["data"]["content"]
        assert "**Tier:** studio" in shown and "0 / 10" in shown
        assert "**Coach turns today:** 0 / 300" in shown and "**Image attempts per session:** 16" in shown

        role_based = await fake_discord.slash(carol, "profile", "quota")
        await fake_discord.wait_for(lambda: role_based.acked, what="carol quota")
        assert "**Tier:** pro" in role_based.callbacks[0]["data"]["content"]

        reset = await fake_discord.slash(owner, "profile-admin", "tier", {"user": alice, "tier": "default"})
        await fake_discord.wait_for(lambda: reset.acked, what="reset")
        assert "removed, everywhere (global)" in reset.callbacks[0]["data"]["content"]
        assert "now **free** (default)" in reset.callbacks[0]["data"]["content"]
        admin_command = next(c for c in fake_discord.commands if c["name"] == "profile-admin")
        assert int(admin_command["default_member_permissions"]) == 1 << 5  # manage_guild
    finally:
        await app.stop(bot)


async def test_idle_session_is_warned_then_expired_archived_and_refunded(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    settings = settings_for(
        tmp_path,
        fake_discord,
        sessions={"idle_warning_minutes": 0.01, "idle_expiry_minutes": 0.03, "sweep_interval_seconds": 0.1},
    )
    bot = await start_bot(settings, fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "minimal"})
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        assert await credits_used(bot.services.db, alice) == 1
        await fake_discord.wait_for(
            lambda: any("still there?" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="warning"
        )
        await fake_discord.wait_for(
            lambda: fake_discord.channels[thread_id]["thread_metadata"]["archived"], what="thread archived"
        )
        assert any("expired" in m["content"] for m in fake_discord.bot_messages(thread_id))
        assert await credits_used(bot.services.db, alice) == 0
        warnings = [m for m in fake_discord.bot_messages(thread_id) if "still there?" in m["content"]]
        assert len(warnings) == 1
    finally:
        await app.stop(bot)


async def test_provider_failure_offers_retry_and_keeps_the_credit(tmp_path, fake_discord, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "owl", "color_scheme": "teal", "shape": "circle"}
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        await fake_discord.slash(
            alice, "profile", "create", {"type": "streamer_logo", "style": "minimal", "description": "owl"}
        )
        await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), what="ready")
        fake_gemini.fail("image", Fault(status=503), Fault(status=503))  # both attempts fail
        failed = await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        await fake_discord.wait_for(
            lambda: failed.original and "credit is safe" in failed.original["content"], what="failure"
        )
        assert component_id(failed.original, "pc:retry:")
        assert await credits_used(bot.services.db, alice) == 1
        session = await bot.services.sessions.by_thread(thread_id)
        assert (session.status, session.credit_state) == ("active", "reserved")

        retry = await fake_discord.component(alice, failed.original, component_id(failed.original, "pc:retry:"))
        posted = await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if m["attachments"]], what="image on retry"
        )
        assert retry.acked and decode(fake_discord.attachments[int(posted[0]["id"])][0].data).size == (512, 512)
        assert await credits_used(bot.services.db, alice) == 1
    finally:
        await app.stop(bot)


async def test_offline_mode_coaches_and_renders_a_labelled_logo(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        await fake_discord.slash(
            alice, "profile", "create", {"type": "streamer_logo", "style": "retro", "colors": "#ff71ce"}
        )
        await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.wait_for(
            lambda: any("star of it" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="question"
        )
        await fake_discord.say(alice, thread_id, "a pixel cat with the text 'NYA'")
        await fake_discord.wait_for(
            lambda: any("shape" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="shape question"
        )
        await fake_discord.say(alice, thread_id, "a hexagon")
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), what="ready")
        bg = await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:bg:"), ["#ffffff"])
        await fake_discord.wait_for(lambda: bg.acked, what="background chosen")
        await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        posted = await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if m["attachments"]], what="offline image"
        )
        assert "offline design — set GEMINI_API_KEY for AI renders" in posted[0]["content"]
        image = decode(fake_discord.attachments[int(posted[0]["id"])][0].data)
        assert image.mode == "RGB" and image.getpixel((2, 2)) == (255, 255, 255)
    finally:
        await app.stop(bot)


async def test_gallery_pages_are_contact_sheets_with_a_picker(tmp_path, fake_discord):
    from bot.gallery.store import NewCreation
    from tests.imagery import ring_on_key

    alice = fake_discord.add_user("alice")
    nosy = fake_discord.add_user("nosy")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        stored = []
        for n in range(10):  # made before renders existed: no source, still listed and re-posted
            image, _ = ring_on_key(64 + n)
            stored.append(
                await bot.services.gallery.add(
                    NewCreation(alice, None, "streamer_logo", "retro", 256, "png", "transparent", f"p{n}", False), image
                )
            )
        first = await fake_discord.slash(alice, "profile", "gallery")
        await fake_discord.wait_for(lambda: first.followups, what="gallery page 1")
        page_one = first.followups[0]
        assert "page 1/2 (10 in all" in page_one["content"] and page_one["flags"] & 64
        (sheet,) = fake_discord.attachments[int(page_one["id"])]
        assert decode(sheet.data).size == (4 * 212 + 12, 2 * 212 + 12)  # 8 numbered thumbnails, 4 a row
        pick = next(
            c for row in page_one["components"] for c in row["components"] if c["custom_id"].startswith("pc:gpick:")
        )
        assert [o["label"].split(" ·")[0] for o in pick["options"]] == [str(n) for n in range(1, 9)]
        newest = stored[-1]
        got = await fake_discord.component(alice, page_one, pick["custom_id"], values=[str(newest.id)])
        await fake_discord.wait_for(lambda: got.acked, what="picked image")
        assert got.ephemeral and "no other sizes" in got.callbacks[0]["data"]["content"]
        posted = fake_discord.attachments[int(got.original["id"])]
        assert posted[0].data == await bot.services.gallery.read(newest)  # exactly as stored

        older_id = next(
            c["custom_id"] for row in page_one["components"] for c in row["components"] if c.get("label") == "Older ▶"
        )
        older = await fake_discord.component(alice, page_one, older_id)
        await fake_discord.wait_for(lambda: older.acked, what="page 2")
        assert older.callbacks[0]["type"] == 7 and "page 2/2" in older.callbacks[0]["data"]["content"]
        (sheet,) = fake_discord.attachments[int(page_one["id"])]
        assert decode(sheet.data).size == (2 * 212 + 12, 212 + 12)
        newer = next(
            c["custom_id"] for row in page_one["components"] for c in row["components"] if c.get("label") == "◀ Newer"
        )  # the buttons now on the message, after the page change
        peek = await fake_discord.component(nosy, page_one, newer)
        await fake_discord.wait_for(lambda: peek.acked, what="refused")
        assert peek.ephemeral and "someone else's gallery" in peek.callbacks[0]["data"]["content"]
        pick = next(
            c for row in page_one["components"] for c in row["components"] if c["custom_id"].startswith("pc:gpick:")
        )
        snoop = await fake_discord.component(nosy, page_one, pick["custom_id"], values=[pick["options"][0]["value"]])
        await fake_discord.wait_for(lambda: snoop.acked, what="picker refused")
        assert snoop.ephemeral and "someone else's gallery" in snoop.callbacks[0]["data"]["content"]
    finally:
        await app.stop(bot)


async def test_greeting_failure_keeps_the_session_usable(tmp_path, fake_discord, fake_gemini):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        # The greeting's reply fails (its extraction runs beside it and still saves what it found).
        fake_gemini.fail("stream", Fault(status=500), Fault(status=500))
        create = await fake_discord.slash(
            alice, "profile", "create", {"type": "profile_picture", "style": "anime", "description": "a fox"}
        )
        await fake_discord.wait_for(lambda: fake_discord.threads() and create.followups, what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.wait_for(
            lambda: any("couldn't reply" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="notice"
        )
        assert "session is open" in create.followups[0]["content"]
        await fake_discord.say(alice, thread_id, "a fox with a scarf")
        await fake_discord.wait_for(
            lambda: any("What mood" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="coach back"
        )
    finally:
        await app.stop(bot)

"""Issue 10 end to end, two guilds: tier sources with a scope, audit, ratings, and the metrics endpoint."""

import asyncio

import aiohttp

from bot import app
from tests.harness import component_id, credits_used, deliveries, free_port, open_ready_logo, settings_for, start_bot

SKU = 777_000_000_000_000_001


async def quota_of(fake, user, guild_id):
    shown = await fake.slash(user, "profile", "quota", channel_id=fake.guild_channel(guild_id))
    await fake.wait_for(lambda: shown.acked, what="quota")
    return shown.callbacks[0]["data"]


async def admin(fake, actor, guild_id, sub, options=None):
    done = await fake.slash(actor, "profile-admin", sub, options or {}, channel_id=fake.guild_channel(guild_id))
    await fake.wait_for(lambda: done.acked, what=f"/profile-admin {sub}")
    return done.callbacks[0]["data"]["content"]


async def test_a_server_manager_cannot_raise_a_tier_by_default(tmp_path, fake_discord):
    guild_b = fake_discord.add_guild("Bob's own server")
    bob = fake_discord.add_user("bob")
    fake_discord.join(bob, guild_b, [fake_discord.role_id(guild_b, "Managers")])
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        refused = await admin(fake_discord, bob, guild_b, "tier", {"user": bob, "tier": "studio"})
        assert "set by its owners" in refused and "quota.server_overrides" in refused
        for guild in (guild_b, fake_discord.guild_id):
            assert "**Tier:** free (default)" in (await quota_of(fake_discord, bob, guild))["content"]
        assert await bot.services.tiers.audit(guild_id=None) == []  # nothing changed, nothing audited
    finally:
        await app.stop(bot)


async def test_every_tier_source_holds_only_in_its_scope(tmp_path, fake_discord):
    guild_b = fake_discord.add_guild("Bob's own server")
    bob, carol, dave, erin, olivia = (fake_discord.add_user(n) for n in ("bob", "carol", "dave", "erin", "olivia"))
    fake_discord.join(bob, guild_b, [fake_discord.role_id(guild_b, "Managers")])
    fake_discord.join(carol, guild_b, [fake_discord.role_id(guild_b, "Pro Streamers")])  # a look-alike role
    fake_discord.member_roles[dave] = [fake_discord.pro_role_id]  # the real one, in the trusted server
    fake_discord.join(erin, guild_b)
    fake_discord.owner_id = olivia
    quota = {"role_tiers": {"Pro Streamers": "pro"}, "trusted_guilds": [fake_discord.guild_id],
             "sku_tiers": {str(SKU): "studio"}, "server_overrides": True}  # fmt: skip
    bot = await start_bot(settings_for(tmp_path, fake_discord, quota=quota), fake_discord)
    main = fake_discord.guild_id
    try:
        # A manager's override applies inside their server only.
        done = await admin(fake_discord, bob, guild_b, "tier", {"user": bob, "tier": "studio"})
        assert "in this server only" in done
        assert "**Tier:** studio (this server's override)" in (await quota_of(fake_discord, bob, guild_b))["content"]
        assert "**Tier:** free" in (await quota_of(fake_discord, bob, main))["content"]

        # A role named like a mapped one grants nothing in an untrusted server; the real one does in its server.
        assert "**Tier:** free" in (await quota_of(fake_discord, carol, guild_b))["content"]
        assert (
            "**Tier:** pro (role “Pro Streamers” in this server)"
            in (await quota_of(fake_discord, dave, main))["content"]
        )

        # A Discord App Subscription grants its tier wherever the user is; its deletion removes it.
        below = await quota_of(fake_discord, erin, guild_b)
        premium = [c for row in below["components"] for c in row["components"] if c.get("style") == 6]
        assert [c["sku_id"] for c in premium] == [str(SKU)]  # Discord's own upgrade button
        entitlement = await fake_discord.grant_entitlement(SKU, user_id=erin)
        assert await _entitlement_rows(bot, erin) == [(SKU, 0)]  # recorded from the gateway event itself
        shown = await quota_of(fake_discord, erin, main)
        assert "**Tier:** studio (Discord subscription)" in shown["content"] and "0 / 10" in shown["content"]
        assert not shown.get("components")  # already on the top tier: no upgrade button
        await fake_discord.revoke_entitlement(entitlement)
        assert await _entitlement_rows(bot, erin, deleted=1) == [(SKU, 1)]  # ended by the event, before any command
        assert "**Tier:** free" in (await quota_of(fake_discord, erin, guild_b))["content"]

        # A bot owner's override applies everywhere, set from any server.
        done = await admin(fake_discord, olivia, guild_b, "tier", {"user": erin, "tier": "pro"})
        assert "everywhere (global)" in done
        for guild in (main, guild_b):
            assert "**Tier:** pro (bot owner override)" in (await quota_of(fake_discord, erin, guild))["content"]

        # Every change is audited: the owner sees all of them, a manager only their server's.
        everything = await admin(fake_discord, olivia, main, "audit")
        assert everything.count("→") == 2 and "(owner)" in everything and "(manager)" in everything
        mine = await admin(fake_discord, bob, guild_b, "audit")
        assert mine.count("→") == 1 and "(manager)" in mine and "global" not in mine
        assert await credits_used(bot.services.db, erin) == 0  # tiers never spend anything
    finally:
        await app.stop(bot)


async def test_ratings_and_the_metrics_endpoint_after_a_session(tmp_path, fake_discord, fake_gemini):
    alice, bob = fake_discord.add_user("alice"), fake_discord.add_user("bob")
    port = free_port()
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url, metrics={"port": port}),
                          fake_discord)  # fmt: skip
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
        await fake_discord.component(alice, options, component_id(options, "pc:gen:"))
        delivered = (await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), what="delivered"))[-1]
        render = await bot.services.renders.latest((await bot.services.sessions.by_thread(thread_id)).id)

        four = await fake_discord.component(alice, delivered, f"pc:rate:{render.id}:4")
        await fake_discord.wait_for(lambda: four.acked, what="rated")
        assert "you rated this render 4★" in four.callbacks[0]["data"]["content"]
        two = await fake_discord.component(alice, delivered, f"pc:rate:{render.id}:2")
        await fake_discord.wait_for(lambda: two.acked, what="re-rated")
        assert "2★ (was 4★)" in two.callbacks[0]["data"]["content"]
        intruder = await fake_discord.component(bob, delivered, f"pc:rate:{render.id}:5")
        await fake_discord.wait_for(lambda: intruder.acked, what="refused")
        assert intruder.ephemeral and await bot.services.ratings.stars(render.id) == 2

        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as response:
            text = await response.text()
        assert "profile_creator_sessions_total 1.0" in text
        assert 'profile_creator_renders_total{kind="generate"} 1.0' in text
        assert 'profile_creator_credits_total{event="reserved"} 1.0' in text
        assert 'profile_creator_credits_total{event="spent"} 1.0' in text
        assert 'profile_creator_model_latency_seconds_count{call="image"} 1.0' in text
        assert "profile_creator_postprocess_seconds_count 1.0" in text
    finally:
        await app.stop(bot)


async def _entitlement_rows(bot, user_id, deleted=0):
    for _ in range(200):
        rows = await bot.services.db.fetchall(
            "SELECT sku_id, deleted FROM entitlements WHERE user_id = ? AND deleted = ?", (user_id, deleted)
        )
        if rows:
            return [(row["sku_id"], row["deleted"]) for row in rows]
        await asyncio.sleep(0.02)
    return []


"""Discord entitlements as documented: a guild's subscription holds for its members there only; ends_at ends it."""

import asyncio
from datetime import UTC, datetime, timedelta

from bot import app
from tests.harness import settings_for, start_bot
from tests.test_e2e_tiers import SKU, quota_of


async def _ends_at(bot, entitlement_id: int) -> float | None:
    for _ in range(200):
        row = await bot.services.db.fetchone("SELECT ends_at FROM entitlements WHERE id = ?", (entitlement_id,))
        if row is not None and row["ends_at"] is not None:
            return row["ends_at"]
        await asyncio.sleep(0.02)
    return None


async def test_a_guild_subscription_holds_for_every_member_there_and_only_there(tmp_path, fake_discord):
    other = fake_discord.add_guild("Buyer's other server")
    buyer, member = fake_discord.add_user("buyer"), fake_discord.add_user("member")
    fake_discord.join(buyer, other)
    main = fake_discord.guild_id
    bot = await start_bot(settings_for(tmp_path, fake_discord, quota={"sku_tiers": {str(SKU): "pro"}}), fake_discord)
    try:
        # Discord sends a guild subscription with the server's id and the buyer's user id.
        await fake_discord.grant_entitlement(SKU, user_id=buyer, guild_id=main)
        for user in (buyer, member):  # every member of the paying server, not only the buyer
            shown = (await quota_of(fake_discord, user, main))["content"]
            assert "**Tier:** pro (this server's Discord subscription)" in shown, shown
        elsewhere = (await quota_of(fake_discord, buyer, other))["content"]
        assert "**Tier:** free" in elsewhere  # the buyer does not carry the server's tier to other servers
        # ...and that visit did not end the subscription for the paying server.
        assert "**Tier:** pro" in (await quota_of(fake_discord, member, main))["content"]
    finally:
        await app.stop(bot)


async def test_an_update_with_ends_at_in_the_past_ends_the_subscription(tmp_path, fake_discord):
    user = fake_discord.add_user("subscriber")
    bot = await start_bot(settings_for(tmp_path, fake_discord, quota={"sku_tiers": {str(SKU): "studio"}}), fake_discord)
    try:
        entitlement = await fake_discord.grant_entitlement(SKU, user_id=user)
        assert "**Tier:** studio" in (await quota_of(fake_discord, user, fake_discord.guild_id))["content"]
        ended = datetime.now(UTC) - timedelta(minutes=1)
        await fake_discord.end_entitlement(entitlement, ended.isoformat())
        assert await _ends_at(bot, int(entitlement["id"])) is not None  # recorded from the gateway event
        # The interaction still lists it (Discord keeps ended entitlements until it deletes them): ends_at decides.
        assert "**Tier:** free" in (await quota_of(fake_discord, user, fake_discord.guild_id))["content"]
    finally:
        await app.stop(bot)

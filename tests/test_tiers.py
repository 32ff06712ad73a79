"""Tier sources and scopes in the domain: precedence, trust, overrides with audit, the migration, config refusals."""

import pytest

from bot.accounts.tiers import EntitlementInfo, OverrideRefused, TierContext, TierService
from bot.config.settings import ConfigError, QuotaSettings, load_settings
from bot.storage import Database
from bot.storage.database import bundled_migrations

TRUSTED, OTHER = 100, 200


def service(db, **quota) -> TierService:
    return TierService(db, QuotaSettings(**quota))


async def test_roles_count_only_in_trusted_servers_and_ids_only_without_them(db):
    trusted = service(db, role_tiers={"111": "pro", "Studio Crew": "studio"}, trusted_guilds=[TRUSTED])
    assert (await trusted.resolve(TierContext(1, TRUSTED, [111], ["Studio Crew"]))).tier == "studio"
    assert (await trusted.resolve(TierContext(1, OTHER, [111], ["Studio Crew"]))).tier == "free"
    ids_only = service(db, role_tiers={"111": "pro"})
    assert (await ids_only.resolve(TierContext(1, OTHER, [111], ["111"]))).tier == "pro"  # an id names one role


async def test_the_highest_source_wins_and_overrides_carry_a_scope(db):
    tiers = service(db, role_tiers={"111": "pro"}, trusted_guilds=[TRUSTED], server_overrides=True,
                    sku_tiers={"9": "studio"})  # fmt: skip
    await tiers.set_override(user_id=1, tier="free", actor_id=5, actor_role="owner", guild_id=OTHER)
    decision = await tiers.resolve(TierContext(1, TRUSTED, [111]))
    assert (decision.tier, decision.source) == ("pro", "role in this server")  # an override never lowers
    await tiers.set_override(user_id=1, tier="studio", actor_id=6, actor_role="manager", guild_id=OTHER)
    assert (await tiers.resolve(TierContext(1, OTHER))).tier == "studio"
    assert (await tiers.resolve(TierContext(1, TRUSTED))).tier == "free"  # the manager's reaches no further
    guild_sub = EntitlementInfo(id=70, sku_id=9, user_id=None, guild_id=TRUSTED)
    assert (await tiers.resolve(TierContext(2, TRUSTED, entitlements=[guild_sub]))).source.startswith("this server")
    assert (await tiers.resolve(TierContext(2, OTHER))).tier == "free"  # a guild subscription stays in its guild
    ended = await tiers.resolve(TierContext(2, TRUSTED, entitlements=[], entitlements_complete=True))
    assert ended.tier == "free"  # the interaction no longer lists it: it ended
    audit = await tiers.audit(guild_id=None)
    assert [(e.actor_role, e.scope_guild_id, e.old_tier, e.new_tier) for e in audit] == [
        ("manager", OTHER, None, "studio"), ("owner", 0, None, "free"),
    ]  # fmt: skip
    assert [e.actor_role for e in await tiers.audit(guild_id=OTHER)] == ["manager"]


async def test_managers_cannot_override_unless_the_operator_allows_it(db):
    with pytest.raises(OverrideRefused, match=r"quota\.server_overrides"):
        await service(db).set_override(user_id=1, tier="studio", actor_id=1, actor_role="manager", guild_id=OTHER)
    assert await service(db).audit(guild_id=None) == []


async def test_migration_keeps_old_overrides_as_owner_level_with_their_setter(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = await Database.open(path, migrations=bundled_migrations()[:4])
    await old.execute("INSERT INTO tier_overrides (user_id, tier, set_by, set_at) VALUES (7, 'studio', 42, 1.0)")
    await old.close()
    db = await Database.open(path)
    try:
        row = await db.fetchone("SELECT guild_id, tier, set_by FROM tier_grants WHERE user_id = 7")
        assert (row["guild_id"], row["tier"], row["set_by"]) == (0, "studio", 42)
        decision = await service(db).resolve(TierContext(7, OTHER))
        assert (decision.tier, decision.source) == ("studio", "bot owner override")
        (entry,) = await service(db).audit(guild_id=None)
        assert (entry.actor_role, entry.actor_id, entry.new_tier) == ("migration", 42, "studio")
    finally:
        await db.close()


def test_role_names_without_trusted_servers_are_refused_at_start_up(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[quota.role_tiers]\n"Studio Subscribers" = "studio"\n')
    with pytest.raises(ConfigError, match=r"quota\.trusted_guilds is empty"):
        load_settings(config, env={})
    config.write_text('[quota.sku_tiers]\n"premium" = "pro"\n')
    with pytest.raises(ConfigError, match=r"quota\.sku_tiers`: .*SKU `premium`"):
        load_settings(config, env={})

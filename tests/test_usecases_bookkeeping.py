"""Use cases the front ends used to do themselves: the brief card's place, subscriptions' events, an operator's tier
override, a gallery page turned by a button, the studio's sign-ins. No Discord, no HTTP."""

import pytest

from bot.config import Settings
from bot.model import NewCreation
from bot.services import Services
from bot.usecases import (
    AuditShown,
    BriefCardAt,
    EntitlementInfo,
    GalleryShown,
    ModelsShown,
    MonthRefused,
    MonthShown,
    NoSuchSession,
    NotAnAdmin,
    NotYours,
    SlowDown,
    SpendShown,
    TierContext,
    TierRefusal,
    TierRefused,
    TierSet,
    brief_card_at,
    brief_card_posted,
    entitlement_changed,
    entitlement_ended,
    gallery_page,
    model_status,
    month_figures,
    override_tier,
    resolve_tier,
    sign_in,
    sign_out_everywhere,
    signed_in_user,
    studio_spend,
    tier_audit,
    turn_gallery_page,
)
from tests.migrated import migrated_copy
from tests.test_usecases import opened

SKU = 555


@pytest.fixture
async def services(tmp_path, migrated_sqlite):
    settings = Settings.model_validate({"data_dir": str(tmp_path / "data"),
                                        "quota": {"sku_tiers": {str(SKU): "pro"}}})  # fmt: skip
    await migrated_copy(migrated_sqlite, settings.database_path)
    made = await Services.create(settings)
    yield made
    await made.close()


async def test_the_brief_card_is_posted_once_then_found_where_it_was(services):
    session = (await opened(services)).session
    assert await brief_card_at(services, session.id) == BriefCardAt(None)  # not posted yet: the front end posts
    await brief_card_posted(services, session.id, 4242)
    assert await brief_card_at(services, session.id) == BriefCardAt(4242)
    assert isinstance(await brief_card_at(services, 999_999), NoSuchSession)


async def test_a_subscription_bought_then_ended_outside_an_interaction_changes_the_tier_at_once(services):
    here = TierContext(7, guild_id=None, entitlements_complete=False)
    assert (await resolve_tier(services, here)).tier == "free"
    await entitlement_changed(services, EntitlementInfo(1, SKU, user_id=7, guild_id=None))
    assert (await resolve_tier(services, here)).tier == "pro"
    await entitlement_ended(services, 1)
    assert (await resolve_tier(services, here)).tier == "free"


async def test_only_owners_and_managers_override_a_tier_in_the_scope_their_role_allows(services):
    target = TierContext(8, guild_id=300)
    refused = await override_tier(services, role=None, actor_id=9, target=target, tier="studio")
    assert refused == TierRefused(TierRefusal.NOT_ADMIN)
    assert (await resolve_tier(services, target)).tier == "free"  # nothing was set
    # server overrides are off by default: a manager may not set one
    refused = await override_tier(services, role="manager", actor_id=9, target=target, tier="studio")
    assert refused == TierRefused(TierRefusal.OWNERS_ONLY)
    done = await override_tier(services, role="owner", actor_id=1, target=target, tier="studio")
    assert isinstance(done, TierSet) and done.everywhere and done.effective.tier == "studio"
    elsewhere = TierContext(8, guild_id=301)
    assert (await resolve_tier(services, elsewhere)).tier == "studio"  # an owner's override holds everywhere
    removed = await override_tier(services, role="owner", actor_id=1, target=target, tier=None)
    assert isinstance(removed, TierSet) and removed.tier is None and removed.effective.tier == "free"
    audit = await services.tiers.audit(guild_id=None)
    assert [(e.actor_id, e.new_tier) for e in audit] == [(1, None), (1, "studio")]  # the refusals left no trace


async def test_server_managers_override_in_their_server_only(tmp_path):
    settings = Settings.model_validate({"data_dir": str(tmp_path / "data"), "quota": {"server_overrides": True}})
    services = await Services.create(settings)
    try:
        done = await override_tier(services, role="manager", actor_id=9, target=TierContext(8, 300), tier="pro")
        assert isinstance(done, TierSet) and not done.everywhere and done.effective.tier == "pro"
        assert (await resolve_tier(services, TierContext(8, 301))).tier == "free"
        refused = await override_tier(services, role="manager", actor_id=9, target=TierContext(8, None), tier="pro")
        assert refused == TierRefused(TierRefusal.NOT_IN_SERVER)
    finally:
        await services.close()


async def test_the_operators_readings_are_for_owners_everywhere_and_managers_in_their_server(tmp_path):
    settings = Settings.model_validate({"data_dir": str(tmp_path / "data"), "quota": {"server_overrides": True}})
    services = await Services.create(settings)
    try:
        await override_tier(services, role="manager", actor_id=9, target=TierContext(8, 300), tier="pro")
        await override_tier(services, role="owner", actor_id=1, target=TierContext(7, 301), tier="studio")
        stranger = (tier_audit(services, None, 300), month_figures(services, None, 300), model_status(services, None))
        for reading in stranger:
            assert await reading == NotAnAdmin()  # a stranger reads nothing
        everywhere = await tier_audit(services, "owner", 300)
        assert isinstance(everywhere, AuditShown) and everywhere.everywhere
        assert [e.user_id for e in everywhere.entries] == [7, 8]
        here = await tier_audit(services, "manager", 300)
        assert isinstance(here, AuditShown) and [e.user_id for e in here.entries] == [8]  # their server's only
        assert await tier_audit(services, "manager", 302) == AuditShown((), False)
        month = await month_figures(services, "manager", 300)
        assert isinstance(month, MonthShown) and month.figures.guild_id == 300
        assert (await month_figures(services, "owner", 300)).figures.guild_id is None  # all servers
        assert await month_figures(services, "owner", None, "2026-13") == MonthRefused("bad_month", "2026-13")
        models = await model_status(services, "manager")
        assert isinstance(models, ModelsShown) and models.models["chat_model"]
        # The studio's spend: its operators (here the local user, no sign-in) only.
        assert await studio_spend(services, 2) == NotAnAdmin() and await studio_spend(services, None) == NotAnAdmin()
        spend = await studio_spend(services, 1)
        assert isinstance(spend, SpendShown) and spend.spend.month == services.quota.current_month()
    finally:
        await services.close()


async def test_a_gallery_page_turned_by_a_button_is_the_owners_and_spends_the_heavy_rate(services):
    for n in range(3):
        new = NewCreation(7, None, "streamer_logo", "gaming", 512, "png", "transparent", f"fox {n}", True)
        await services.gallery.add(new, f"image-{n}".encode())
    first = await gallery_page(services, 7, 1, per_page=2)
    assert (first.page, first.pages, first.total) == (1, 2, 3)
    assert first.images == (b"image-2", b"image-1")  # newest first, the images in the order of the items
    assert isinstance(await turn_gallery_page(services, 8, 7, 2, per_page=2), NotYours)  # someone else's gallery
    turned = [await turn_gallery_page(services, 7, 7, 2, per_page=2) for _ in range(5)]
    assert all(isinstance(page, GalleryShown) and page.images == (b"image-0",) for page in turned[:4])
    assert isinstance(turned[4], SlowDown)  # the burst of four is spent: wait a few seconds
    assert services.heavy.allow(8)  # the stranger's presses spent nothing of theirs either


async def test_a_studio_sign_in_ends_in_every_browser_at_once(services):
    first, second = await sign_in(services, 7), await sign_in(services, 7)
    assert first != second
    assert await signed_in_user(services, first) == 7 == await signed_in_user(services, second)
    assert await signed_in_user(services, "forged") is None
    assert await sign_out_everywhere(services, 7) == 2
    assert await signed_in_user(services, first) is None and await signed_in_user(services, second) is None

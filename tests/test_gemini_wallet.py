"""Gemini for the operator's wallet, against the key list of December 2026: ``auto`` picks within the price ceiling a
model the key can use; a free key's "limit: 0" moves the same call on at once and is remembered fleet-wide for the
day; prices change on their dates; an unpriced model is never cheap; nothing is stored at Google by default."""

import logging
from datetime import UTC, datetime

import pytest

from bot.accounts import ModelSpend
from bot.config import DEFAULT_PRICES, ModelPrice, costing
from bot.model import ModelUsage, usage_scope
from bot.providers import BudgetReached, GeminiProvider, ModelsNeedBilling
from bot.storage import Database
from bot.storage.model_memory import ModelMemoryStore
from bot.usecases import render_trouble
from cogs.wording_operator import status_text
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import december_2026_catalog, listed_model
from tests.test_gemini_provider import HISTORY, collect, context, image_request

DEC_7 = datetime(2026, 12, 7, 15, tzinfo=UTC).timestamp()
JAN_2 = datetime(2027, 1, 2, 15, tzinfo=UTC).timestamp()


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def december(fake_gemini):
    fake_gemini.catalog = december_2026_catalog()
    fake_gemini.json_reply = lambda r: {"subject": "a friendly fox"}
    return fake_gemini


async def start(fake, memory=None, clock=None, key="k-0123456789", **overrides) -> GeminiProvider:
    provider = GeminiProvider(gemini_settings(fake.base_url, **overrides), key, memory=memory,
                              clock=clock or Clock(DEC_7))  # fmt: skip
    await provider.prepare()
    return provider


async def turn(provider) -> None:
    """One coach turn as the coach makes it: the streamed reply and the brief extraction."""
    assert await collect(provider)
    brief = await provider.extract_brief("extract", HISTORY, context().brief, "profile_picture")
    assert brief.subject == "a friendly fox"


async def test_a_paid_key_gets_the_newest_model_within_the_ceiling_never_the_frontier_one(december, caplog):
    with caplog.at_level(logging.INFO):
        provider = await start(december)
    try:
        # Hydrogen (4.0, $7.50 per 1M output) is the newest within the default Flash-class ceiling; Argon ($20 since
        # 2026-12-01) and Pro are over it or Pro; 3.1 Flash-Lite Image has no price row, so it is not chosen.
        assert provider.models.resolved == {"chat": "gemini-4-hydrogen", "image": "gemini-nano-banana-2.1"}
        await turn(provider)
        assert await provider.generate_image(image_request())
        assert {r.model for r in december.requests} == {"gemini-4-hydrogen", "gemini-nano-banana-2.1"}
        assert all(r.status == 200 for r in december.requests)
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert "gemini-3.1-flash-lite-image is listed but has no price" in logged
        assert "gemini-4-argon ($20)" in logged and "used only when named" in logged
        price = costing("gemini-4-hydrogen", DEFAULT_PRICES, datetime(2026, 12, 7).date())
        assert price.output_per_million <= provider._settings.chat_max_output_per_million and not price.estimate
        assert provider.describe()["listed_without_price"] == "gemini-3.1-flash-lite-image"
    finally:
        await provider.aclose()


async def test_an_unpriced_newer_model_is_not_chosen_while_a_priced_one_works(december, caplog):
    december.catalog.append(listed_model("gemini-5-xenon", display_name="Gemini 5 Xenon", version="5.0"))
    with caplog.at_level(logging.WARNING):
        provider = await start(december)
    try:
        assert provider.models.resolved["chat"] == "gemini-4-hydrogen"
        assert "gemini-5-xenon is listed but has no price in gemini.prices: not chosen" in caplog.text
    finally:
        await provider.aclose()


async def test_pro_and_frontier_models_are_used_when_named(december):
    provider = await start(december, chat_model="gemini-4-argon")
    try:
        assert await collect(provider)
        assert december.of_kind("stream")[-1].model == "gemini-4-argon"
    finally:
        await provider.aclose()


async def test_a_free_key_coaches_with_one_call_at_most_to_a_model_it_cannot_use(december, tmp_path, caplog):
    december.key_mode = "free"
    december.paid_only = december.paid_only | {"gemini-4-hydrogen"}  # the chosen chat model needs billing too
    db = await Database.open(tmp_path / "fleet.sqlite3")
    try:
        with caplog.at_level(logging.WARNING):
            first = await start(december, memory=ModelMemoryStore(db))
            await turn(first)  # the same turn moves on at once: no wait, no error for the user
            await turn(first)
        refused = [r.model for r in december.requests if r.status == 429]
        assert refused == ["gemini-4-hydrogen"]
        assert {r.model for r in december.requests if r.status == 200} == {"gemini-3.8-flash"}
        told = [r.getMessage() for r in caplog.records if "no quota" in r.getMessage()]
        assert len(told) == 1 and "gemini-4-hydrogen" in told[0] and "using gemini-3.8-flash" in told[0]
        # A second process of the fleet, started the same day, never calls it.
        second = await start(december, memory=ModelMemoryStore(db))
        assert second.models.resolved["chat"] == "gemini-3.8-flash"
        await turn(second)
        assert [r.model for r in december.requests if r.status == 429] == ["gemini-4-hydrogen"]
        await first.aclose()
        await second.aclose()
    finally:
        await db.close()


async def test_a_free_key_tells_that_image_models_need_billing_without_a_wait(december, caplog):
    december.key_mode = "free"
    provider = await start(december)
    try:
        with caplog.at_level(logging.WARNING), pytest.raises(ModelsNeedBilling) as refused:
            await provider.generate_image(image_request())
        # Each image model the key cannot use was asked once (the priced one, then the unpriced one), then never.
        assert [r.model for r in december.of_kind("image")] == ["gemini-nano-banana-2.1", "gemini-3.1-flash-lite-image"]
        with pytest.raises(ModelsNeedBilling):
            await provider.generate_image(image_request())
        assert len(december.of_kind("image")) == 2
        message = render_trouble(refused.value.trouble)
        assert "need billing" in message and "minute" not in message and "resets" not in message
        assert provider.describe()["no_quota_on_this_key"] == "gemini-nano-banana-2.1, gemini-3.1-flash-lite-image"
        assert provider.describe()["image_model"].endswith("(no quota on this key)")  # not named as if it worked
        status = status_text(provider.describe())  # /profile-admin status
        assert "**No quota on this key (needs billing):** gemini-nano-banana-2.1, gemini-3.1-flash-lite-image" in status
        assert "**Listed without a price (not chosen by auto):** gemini-3.1-flash-lite-image" in status
    finally:
        await provider.aclose()


async def test_a_second_process_starts_with_the_settings_the_first_learned(december, tmp_path):
    db = await Database.open(tmp_path / "fleet.sqlite3")
    try:
        first = await start(december, memory=ModelMemoryStore(db))
        await turn(first)
        assert [r.model for r in december.refused] == ["gemini-4-hydrogen"]  # MINIMAL refused once, LOW learned
        await first.aclose()
        for _ in range(2):  # a restart, then another shard: zero refused round trips
            process = await start(december, memory=ModelMemoryStore(db))
            await turn(process)
            assert process.settings_in_use()["gemini-4-hydrogen"].startswith("thinkingLevel LOW")
            await process.aclose()
        assert len(december.refused) == 1
    finally:
        await db.close()


async def test_every_request_says_store_false_unless_the_operator_turns_it_on(december):
    provider = await start(december)
    try:
        await turn(provider)
        image = await provider.generate_image(image_request())
        await provider.check_render(image, "Check it")
        assert {r.kind for r in december.requests} == {"stream", "json", "image", "check"}
        assert all(r.body.get("store") is False for r in december.requests + december.refused)
    finally:
        await provider.aclose()
    stored = await start(december, store_requests=True)
    try:
        await collect(stored)
        assert december.requests[-1].body.get("store") is True
    finally:
        await stored.aclose()


def test_prices_take_effect_on_their_dates():
    flash = ModelUsage("gemini-3.8-flash", "chat", 1_000_000, 1_000_000, 0)
    argon = ModelUsage("gemini-4-argon-001", "chat", 1_000_000, 1_000_000, 0)
    from bot.accounts import estimate_cost

    at = {day: datetime(*day, 12, tzinfo=UTC).timestamp() for day in ((2026, 11, 30), (2026, 12, 1), (2027, 1, 1))}
    assert [estimate_cost(flash, DEFAULT_PRICES, t) for t in at.values()] == [4.5, 4.5, 9.0]
    assert [estimate_cost(argon, DEFAULT_PRICES, t) for t in at.values()] == [12.0, 24.0, 24.0]


async def test_the_flash_price_change_is_counted_from_its_day(db):
    clock = Clock(datetime(2026, 12, 31, 23, 59, tzinfo=UTC).timestamp())
    spend = ModelSpend(db, DEFAULT_PRICES, clock=clock)
    with usage_scope(None):
        await spend.record(ModelUsage("gemini-3.8-flash", "chat", 1000, 1000, 0))
        clock.now = datetime(2027, 1, 1, 0, 1, tzinfo=UTC).timestamp()
        await spend.record(ModelUsage("gemini-3.8-flash", "chat", 1000, 1000, 0))
    assert (await spend.for_month("2026-12")).cost_usd == pytest.approx(0.0045)
    assert (await spend.for_month("2027-01")).cost_usd == pytest.approx(0.009)


async def test_a_day_of_an_unpriced_model_never_reads_cheaper_than_the_dearest_of_its_kind(db):
    clock = Clock(DEC_7)
    spend = ModelSpend(db, DEFAULT_PRICES, daily_budget_usd=1.0, clock=clock)
    calls = 0
    with usage_scope(None), pytest.raises(BudgetReached):
        while True:
            await spend.check_budget()
            await spend.record(ModelUsage("gemini-5-xenon", "chat", 2000, 500, 1500))
            calls += 1
    # Each call at Argon's $4/$20 (the dearest text price today): 2000*4 + 2000*20 = $0.048, so the $1 cap holds
    # after 21 calls; at the old catch-all $0.75/$3.75 it would have let 111 through.
    assert calls == 21
    figures = await spend.for_month("2026-12")
    assert figures.estimated == pytest.approx({"gemini-5-xenon": 21 * 0.048})
    image = costing("gemini-nano-banana-9", DEFAULT_PRICES, datetime(2026, 12, 7).date(), "image")
    assert (image.output_per_million, image.estimate) == (120.0, True)


def test_a_price_row_must_name_a_model():
    with pytest.raises(ValueError, match="empty match"):
        ModelPrice(match="", input_per_million=0.75, output_per_million=3.75)


async def test_an_image_model_named_like_a_priced_text_model_is_unpriced_not_costed_as_text(december, db, caplog):
    # Google ships "gemini-3.8-flash-image": the text row "gemini-3.8-flash" ($3.75) is not its price.
    december.catalog.append(listed_model("gemini-3.8-flash-image", thinking=False, version="3.8"))
    with caplog.at_level(logging.WARNING):
        provider = await start(december)
    try:
        assert provider.models.resolved["image"] == "gemini-nano-banana-2.1"  # the priced one, not the newer id
        assert "gemini-3.8-flash-image" in provider.describe()["listed_without_price"]
    finally:
        await provider.aclose()
    spend = ModelSpend(db, DEFAULT_PRICES, clock=Clock(DEC_7))
    with usage_scope(None):
        for _ in range(10):  # a day of renders: 1,290 image tokens each
            await spend.record(ModelUsage("gemini-3.8-flash-image", "image", 300, 1290, 0, 1))
    figures = await spend.for_month("2026-12")
    dearest = 10 * (300 * 2.0 + 1290 * 120.0) / 1_000_000  # 3 Pro Image's $2/$120, the dearest image price today
    assert figures.estimated == pytest.approx({"gemini-3.8-flash-image": dearest})


async def test_the_choice_follows_the_listing_and_the_operators_price_table_not_ids_in_code(december):
    # The operator's table (it replaces the defaults), not our code, says what each model costs: Argon within the
    # ceiling is taken, Hydrogen over it is not; then ids no code has seen, priced by the operator, the same way.
    cheap_argon = [ModelPrice(match="gemini-4-argon", input_per_million=1.0, output_per_million=5.0),
                   ModelPrice(match="gemini-4-hydrogen", input_per_million=4.0, output_per_million=20.0),
                   ModelPrice(match="gemini-nano-banana-2.1", input_per_million=1.5, output_per_million=30.0)]
    provider = await start(december, prices=cheap_argon)
    assert provider.models.resolved["chat"] == "gemini-4-argon"
    await provider.aclose()
    december.catalog = [listed_model("gemini-9-neon", version="9.0"), listed_model("gemini-9-krypton", version="9.0"),
                        listed_model("gemini-8-radon", version="8.0"),
                        listed_model("gemini-9-banana-pix", display_name="Nano Banana 9", version="9.0")]  # fmt: skip
    future = [ModelPrice(match="gemini-9-neon", input_per_million=2.0, output_per_million=40.0),
              ModelPrice(match="gemini-9-krypton", input_per_million=1.0, output_per_million=6.0),
              ModelPrice(match="gemini-8-radon", input_per_million=0.5, output_per_million=2.0),
              ModelPrice(match="gemini-9-banana-pix", kind="image", input_per_million=1.0, output_per_million=25.0)]
    provider = await start(december, prices=future)
    assert provider.models.resolved == {"chat": "gemini-9-krypton", "image": "gemini-9-banana-pix"}
    await provider.aclose()

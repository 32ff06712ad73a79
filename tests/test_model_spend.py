"""What the bot spends on Gemini: usage recorded per session and render, the month's figures exactly, the day's cap."""

import logging
from datetime import UTC, datetime

import pytest

from bot.accounts import ModelSpend
from bot.config import ModelPrice
from bot.model import ModelUsage, usage_scope
from bot.providers import BudgetReached
from bot.usecases import coach_trouble, render_trouble
from cogs.wording_operator import spend_text

PRICES = [
    ModelPrice(match="image", input_per_million=1.0, output_per_million=40.0),
    ModelPrice(match="flash", input_per_million=0.5, output_per_million=4.0),
]
NOV = datetime(2026, 11, 10, 12, tzinfo=UTC).timestamp()
OCT = datetime(2026, 10, 30, tzinfo=UTC).timestamp()


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def seed(spend: ModelSpend, clock: Clock) -> None:
    clock.now = NOV
    with usage_scope(1):  # session 1: two coach turns, one render and its self-check
        await spend.record(ModelUsage("gemini-7.2-flash", "chat", 1000, 200, 100))
        await spend.record(ModelUsage("gemini-7.2-flash", "extract", 2000, 50, 0))
        with usage_scope(1, render=1):
            await spend.record(ModelUsage("gemini-nano-7.6-image", "image", 500, 1290, 0, images=1))
            await spend.record(ModelUsage("gemini-7.2-flash", "check", 1500, 100, 400))
    with usage_scope(2, render=1):  # session 2: one render
        await spend.record(ModelUsage("gemini-nano-7.6-image", "image", 500, 1290, 0, images=1))
    with usage_scope(None):  # doctor or start-up: no session
        await spend.record(ModelUsage("unpriced-model", "chat", 10, 10, 0))
    clock.now = OCT  # last month: not counted
    with usage_scope(3, render=1):
        await spend.record(ModelUsage("gemini-nano-7.6-image", "image", 500, 1290, 0, images=1))


async def test_a_seeded_month_shows_tokens_and_cost_exactly(db):
    clock = Clock(NOV)
    spend = ModelSpend(db, PRICES, clock=clock)
    await seed(spend, clock)
    s = await spend.for_month("2026-11")
    assert (s.calls, s.prompt_tokens, s.output_tokens, s.thought_tokens, s.images) == (6, 5510, 2940, 500, 2)
    assert (s.sessions, s.renders) == (2, 2)
    # chat 1000*0.5 + 300*4 = 1700; extract 2000*0.5 + 50*4 = 1200; each image 500*1 + 1290*40 = 52100;
    # check 1500*0.5 + 500*4 = 2750; the unpriced model is never free: the highest text price, 10*0.5 + 10*4 = 45
    # (per million tokens), marked as an estimate.
    assert s.cost_usd == pytest.approx((1700 + 1200 + 52100 * 2 + 2750 + 45) / 1e6)
    assert s.per_render == pytest.approx((52100 * 2 + 2750) / 1e6 / 2)
    assert s.per_session == pytest.approx(s.cost_usd / 2)
    assert s.thinking_share == pytest.approx(500 / 3440)
    assert s.by_model == pytest.approx({"gemini-7.2-flash": 5650 / 1e6, "gemini-nano-7.6-image": 104200 / 1e6,
                                        "unpriced-model": 45 / 1e6})  # fmt: skip
    assert set(s.estimated) == {"unpriced-model"}
    text = spend_text(s)
    assert "**Gemini calls:** 6 · 8,950 tokens (prompt 5,510, output 2,940, thinking 500; thinking share 15%)" in text
    assert "**Estimated cost:** $0.1099 · per session $0.0549 (2) · per render $0.0535 (2)" in text
    assert "gemini-nano-7.6-image $0.1042" in text and "unpriced-model $0.0000 (estimate: no price)" in text
    october = await spend.for_month("2026-10")
    assert (october.calls, october.renders, october.images) == (1, 1, 1)


async def test_a_server_manager_sees_only_their_servers_sessions(db, open_session):
    session = await open_session(user_id=5)  # guild 10
    spend = ModelSpend(db, PRICES)
    with usage_scope(session.id, render=1):
        await spend.record(ModelUsage("gemini-nano-7.6-image", "image", 500, 1290, 0, images=1))
    with usage_scope(None):
        await spend.record(ModelUsage("gemini-7.2-flash", "chat", 100, 10, 0))
    month = datetime.now(UTC).strftime("%Y-%m")
    assert (await spend.for_month(month, guild_id=10)).calls == 1
    assert (await spend.for_month(month, guild_id=99)).calls == 0
    assert (await spend.for_month(month)).calls == 2


async def test_the_daily_budget_refuses_once_reached_and_tells_the_operator_once(db, caplog):
    clock = Clock(datetime(2026, 12, 7, 9, tzinfo=UTC).timestamp())
    spend = ModelSpend(db, PRICES, daily_budget_usd=0.10, clock=clock)
    await spend.check_budget()  # nothing spent yet
    with usage_scope(1, render=1):
        await spend.record(ModelUsage("gemini-nano-7.6-image", "image", 500, 1290, 0, images=1))  # $0.0521
    await spend.check_budget()
    with usage_scope(1, render=2):
        await spend.record(ModelUsage("gemini-nano-7.6-image", "image", 500, 1290, 0, images=1))  # $0.1042 in all
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            with pytest.raises(BudgetReached) as refused:
                await spend.check_budget()
    said = render_trouble(refused.value.trouble)
    assert "today's spending limit" in said and "00:00 UTC" in said
    assert "your session stays" in coach_trouble(refused.value.trouble)
    told = [r for r in caplog.records if "daily budget reached" in r.getMessage()]
    assert len(told) == 1 and "gemini.daily_budget_usd" in told[0].getMessage()
    clock.now += 86400  # a new UTC day
    await spend.check_budget()


async def test_the_budget_refuses_the_next_render_once_reached_with_no_model_call(db, fake_gemini):
    from bot.providers.gemini import GeminiProvider
    from tests.conftest import gemini_settings
    from tests.fakes.fake_gemini import december_2026_catalog
    from tests.test_gemini_provider import image_request

    fake_gemini.catalog = december_2026_catalog()
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url), api_key="k-0123456789")
    # One Nano Banana 2.1 image at its default price (1,290 output tokens at $30 per million) is about $0.039: a
    # $0.03 cap is reached by the first render.
    spend = ModelSpend(db, provider._settings.prices, daily_budget_usd=0.03)
    provider.on_usage, provider.budget = spend.record, spend.check_budget
    try:
        with usage_scope(7, render=1):
            assert await provider.generate_image(image_request())
        assert await spend.spent_today() == pytest.approx(0.0387, abs=0.001)
        with usage_scope(7, render=2), pytest.raises(BudgetReached) as refused:
            await provider.generate_image(image_request())
        assert len(fake_gemini.of_kind("image")) == 1  # the refused render never reached Gemini
        assert "credit is safe" in render_trouble(refused.value.trouble)
    finally:
        await provider.aclose()

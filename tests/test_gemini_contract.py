"""Gemini as published: settings learned from the API's 400s, quota errors by their details, every finish reason,
thought signatures sent back, and usageMetadata reported."""

import logging
import time

import pytest

from bot.model import ChatTurn, ModelUsage
from bot.providers.base import DailyQuotaReached, EmptyResult, RateLimited, SafetyBlocked
from bot.providers.gemini import GeminiProvider
from bot.usecases import render_trouble
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import NANO_BANANA, Fault, per_day, per_minute, thinking_of
from tests.test_gemini_provider import HISTORY, collect, context, image_request


async def provider_for(fake_gemini, **overrides) -> GeminiProvider:
    return GeminiProvider(gemini_settings(fake_gemini.base_url, **overrides), api_key="k-0123456789")


async def test_a_flash_that_refuses_minimal_is_asked_once_then_remembered(gemini, fake_gemini, caplog):
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert await collect(gemini)
        fake_gemini.json_reply = lambda r: {"subject": "fox"}
        await gemini.extract_brief("extract", HISTORY, context().brief, "profile_picture")
    # One refused call in the whole process (the first), then LOW for every later call of any kind.
    assert [thinking_of(r) for r in fake_gemini.refused] == [{"thinkingLevel": "MINIMAL"}]
    assert {thinking_of(r)["thinkingLevel"] for r in fake_gemini.requests} == {"LOW"}
    learned = [r.getMessage() for r in caplog.records if "refused a setting" in r.getMessage()]
    assert len(learned) == 1 and "gemini-7.2-flash" in learned[0] and "MINIMAL -> LOW" in learned[0]
    assert gemini.settings_in_use()["gemini-7.2-flash"] == "thinkingLevel LOW, no temperature (learned)"


async def test_pro_wording_of_the_refusal_is_read_too(fake_gemini):
    provider = await provider_for(fake_gemini, chat_model="gemini-7.4-pro")
    try:
        fake_gemini.thinking_levels["gemini-7.4-pro"] = ("MEDIUM", "HIGH")  # refuses the LOW it starts from
        assert await collect(provider)
        assert thinking_of(fake_gemini.of_kind("stream")[0]) == {"thinkingLevel": "MEDIUM"}
    finally:
        await provider.aclose()


async def test_the_image_model_known_by_its_listing_gets_the_least_thinking(gemini, fake_gemini):
    await gemini.generate_image(image_request())
    sent = fake_gemini.of_kind("image")[0]
    assert sent.model == NANO_BANANA and thinking_of(sent) == {"thinkingLevel": "MINIMAL"}
    assert not fake_gemini.refused


async def test_a_per_minute_429_waits_its_retry_delay_and_delivers(gemini, fake_gemini):
    fake_gemini.fail("image", per_minute("1s"))
    started = time.monotonic()
    assert await gemini.generate_image(image_request())
    first, second = fake_gemini.of_kind("image")
    assert first.status == 429 and second.status == 200
    assert second.at - first.at >= 1.0  # never sooner than Google said
    assert time.monotonic() - started < 3


async def test_a_per_minute_429_longer_than_the_deadline_says_when_to_retry(fake_gemini):
    provider = await provider_for(fake_gemini, render_deadline_seconds=5)
    try:
        fake_gemini.fail("image", per_minute("40s"))
        started = time.monotonic()
        with pytest.raises(RateLimited) as info:
            await provider.generate_image(image_request())
        assert time.monotonic() - started < 2 and len(fake_gemini.of_kind("image")) == 1
        said = render_trouble(info.value.trouble)
        assert "per-minute limit" in said and "40 seconds" in said
    finally:
        await provider.aclose()


async def test_a_per_day_429_makes_one_call_and_blocks_the_model_until_the_reset(gemini, fake_gemini, caplog):
    fake_gemini.fail("image", per_day())
    with caplog.at_level(logging.WARNING), pytest.raises(DailyQuotaReached) as info:
        await gemini.generate_image(image_request())
    assert len(fake_gemini.of_kind("image")) == 1  # no retry helps before the reset
    said = render_trouble(info.value.trouble)
    assert "today's Gemini limit" in said and "resets at" in said
    with pytest.raises(DailyQuotaReached):
        await gemini.generate_image(image_request())  # blocked: no call at all
    assert len(fake_gemini.of_kind("image")) == 1
    told = [r for r in caplog.records if "daily quota" in r.getMessage()]
    assert len(told) == 1 and NANO_BANANA in told[0].getMessage()
    assert NANO_BANANA in gemini.describe()["daily_quota_blocked"]


async def test_a_per_day_429_falls_back_to_the_next_image_model_the_operator_listed(fake_gemini):
    provider = await provider_for(fake_gemini, image_models=[NANO_BANANA, "gemini-7.1-flash-image"])
    try:
        fake_gemini.fail("image", per_day())
        assert await provider.generate_image(image_request())
        assert [r.model for r in fake_gemini.of_kind("image")] == [NANO_BANANA, "gemini-7.1-flash-image"]
        assert await provider.generate_image(image_request())
        assert fake_gemini.of_kind("image")[-1].model == "gemini-7.1-flash-image"  # not back to the blocked one
    finally:
        await provider.aclose()


async def test_a_504_storm_ends_within_one_render_deadline(fake_gemini):
    provider = await provider_for(fake_gemini, render_deadline_seconds=1.5, retry_attempts=10)
    try:
        for _ in range(10):
            fake_gemini.fail("image", Fault(status=504, delay=0.4))
        started = time.monotonic()
        with pytest.raises(Exception) as info:
            await provider.generate_image(image_request())
        assert time.monotonic() - started < 2.5, "the deadline is for the whole render, not per attempt"
        assert "credit is safe" in render_trouble(info.value.trouble)
    finally:
        await provider.aclose()


@pytest.mark.parametrize(
    ("fault", "error", "line"),
    [
        (Fault(finish="IMAGE_RECITATION"), SafetyBlocked, "too close to an existing work"),
        (Fault(finish="MODEL_ARMOR"), SafetyBlocked, "safety filter"),
        (Fault(block_reason="JAILBREAK"), SafetyBlocked, "safety filter"),
        (Fault(block_reason="MODEL_ARMOR"), SafetyBlocked, "safety filter"),
        (Fault(finish="MISSING_THOUGHT_SIGNATURE"), EmptyResult, "press Retry"),
        (Fault(finish="MALFORMED_RESPONSE"), EmptyResult, "press Retry"),
    ],
    ids=lambda v: (v.finish or v.block_reason) if isinstance(v, Fault) else None,
)
async def test_newer_finish_reasons_have_their_line(gemini, fake_gemini, fault, error, line):
    fake_gemini.fail("image", fault)
    with pytest.raises(error) as info:
        await gemini.generate_image(image_request())
    assert line in render_trouble(info.value.trouble)


async def test_an_unknown_finish_reason_gets_a_generic_line_and_is_logged_by_name(gemini, fake_gemini, caplog):
    fake_gemini.fail("image", Fault(finish="QUANTUM_INTERFERENCE"))
    with caplog.at_level(logging.WARNING), pytest.raises(EmptyResult) as info:
        await gemini.generate_image(image_request())
    assert "press Retry" in render_trouble(info.value.trouble)
    assert any("QUANTUM_INTERFERENCE" in r.getMessage() for r in caplog.records)


async def test_thought_signatures_go_back_exactly_as_received(gemini, fake_gemini):
    chunks = [c async for c in gemini.stream_reply("SYS", HISTORY, context())]
    signature = chunks[-1].value  # after the text: the signature to keep with the model turn
    assert all(isinstance(c, str) for c in chunks[:-1])
    history = [*HISTORY, ChatTurn("model", "".join(chunks[:-1]), signature=signature), ChatTurn("user", "ok")]
    await collect(gemini, history=history)
    assert fake_gemini.of_kind("stream")[-1].signatures_sent == [signature]


async def test_every_answer_reports_its_usage(gemini, fake_gemini):
    seen: list[ModelUsage] = []

    async def sink(usage: ModelUsage) -> None:
        seen.append(usage)

    gemini.on_usage = sink
    await collect(gemini)
    await gemini.generate_image(image_request())
    chat, image = seen
    assert chat.call == "chat" and chat.prompt_tokens > 0 and chat.output_tokens > 0 and chat.thought_tokens == 96
    assert image.call == "image" and image.images == 1 and image.output_tokens == 1290 and image.thought_tokens == 8

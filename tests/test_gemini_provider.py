import io

import pytest
from PIL import Image

from bot.model.brief import Brief, check_brief
from bot.providers.base import (
    ChatTurn,
    CoachContext,
    EmptyResult,
    ImageRequest,
    ProviderTimeout,
    ProviderUnavailable,
    SafetyBlocked,
)
from bot.providers.gemini import GeminiProvider
from bot.usecases import render_trouble
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import NANO_BANANA, Fault

HISTORY = [ChatTurn("user", "a fox mascot"), ChatTurn("model", "Nice!"), ChatTurn("user", "make it fierce")]


def context(brief: Brief | None = None):
    brief = brief or Brief()
    return CoachContext("profile_picture", "gaming", [], brief, check_brief("profile_picture", brief))


def image_request(prompt="A fox on a perfectly flat, uniform #00ff00 background filling the canvas"):
    return ImageRequest(prompt, "profile_picture", "gaming", Brief(subject="fox"), [], "#00ff00")


async def collect(provider, system="SYS PROMPT", history=HISTORY):
    """The reply's text chunks (the thought signature that may follow them is kept apart)."""
    return [chunk async for chunk in provider.stream_reply(system, history, context()) if isinstance(chunk, str)]


async def test_reply_streams_chunks_with_system_instruction_and_history(gemini, fake_gemini):
    fake_gemini.stream_reply = lambda r: ["One ", "two ", "three."]
    assert await collect(gemini) == ["One ", "two ", "three."]
    sent = fake_gemini.of_kind("stream")[0]
    assert sent.system_text == "SYS PROMPT"
    assert [c["role"] for c in sent.body["contents"]] == ["user", "model", "user"]
    assert sent.model == "gemini-7.2-flash"  # the rule: newest stable Flash text model


async def test_extraction_merges_structured_json_into_the_brief(gemini, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "fox mascot", "mood": "fierce", "shape": None}
    current = Brief(style="gaming", subject="fox")
    brief = await gemini.extract_brief("extract!", HISTORY, current, "profile_picture")
    assert brief == Brief(style="gaming", subject="fox mascot", mood="fierce")
    sent = fake_gemini.of_kind("json")[0]
    assert sent.body["generationConfig"]["responseMimeType"] == "application/json"
    assert "responseSchema" in sent.body["generationConfig"] or "responseJsonSchema" in sent.body["generationConfig"]


async def test_malformed_extraction_keeps_what_was_gathered(gemini, fake_gemini):
    fake_gemini.json_reply = lambda r: "{not json"
    current = Brief(subject="fox", mood="calm")
    assert await gemini.extract_brief("x", HISTORY, current, "profile_picture") == current


async def test_image_comes_back_as_inline_data(gemini, fake_gemini):
    data = await gemini.generate_image(image_request())
    assert Image.open(io.BytesIO(data)).size == (1024, 1024)
    sent = fake_gemini.of_kind("image")[0]
    assert sent.model == NANO_BANANA  # Google's recommended image model, known by its listing
    assert "#00ff00" in sent.user_texts[0]


async def test_429_and_500_are_retried_with_backoff_then_succeed(gemini, fake_gemini):
    fake_gemini.fail("image", Fault(status=429), Fault(status=500))
    data = await gemini.generate_image(image_request())
    assert data.startswith(b"\x89PNG")
    assert len(fake_gemini.of_kind("image")) == 3


async def test_streaming_is_retried_on_429(gemini, fake_gemini):
    fake_gemini.fail("stream", Fault(status=429))
    fake_gemini.stream_reply = lambda r: ["ok"]
    assert await collect(gemini) == ["ok"]
    assert len(fake_gemini.of_kind("stream")) == 2


async def test_persistent_5xx_becomes_provider_unavailable(gemini, fake_gemini):
    fake_gemini.fail("image", *[Fault(status=503)] * 3)
    with pytest.raises(ProviderUnavailable) as info:
        await gemini.generate_image(image_request())
    assert "credit is safe" in render_trouble(info.value.trouble)
    assert len(fake_gemini.of_kind("image")) == 3  # retry_attempts


async def test_safety_blocks_are_typed(gemini, fake_gemini):
    fake_gemini.fail("image", Fault(safety=True))
    with pytest.raises(SafetyBlocked):
        await gemini.generate_image(image_request())
    fake_gemini.fail("stream", Fault(safety=True))
    with pytest.raises(SafetyBlocked) as info:
        await collect(gemini)
    assert "safety filter" in render_trouble(info.value.trouble)


async def test_empty_image_result_is_typed(gemini, fake_gemini):
    fake_gemini.fail("image", Fault(empty=True))
    with pytest.raises(EmptyResult):
        await gemini.generate_image(image_request())


async def test_slow_provider_times_out(fake_gemini):
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url, timeout_seconds=0.2, retry_attempts=1), "k-123")
    fake_gemini.fail("image", Fault(delay=2))
    try:
        with pytest.raises((ProviderTimeout, ProviderUnavailable)):
            await provider.generate_image(image_request())
    finally:
        await provider.aclose()

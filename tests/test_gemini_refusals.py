"""Every refusal and finish shape Google documents maps to a clear line; thoughts never reach the user;
thinking and sampling follow the model family."""

import io

import pytest
from PIL import Image

from bot.model.brief import Brief
from bot.providers.base import EmptyResult, ProviderError, SafetyBlocked
from bot.providers.gemini import GeminiProvider
from bot.render.self_check import SelfChecker
from bot.usecases import coach_trouble, render_trouble
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import Fault, listed_model, thinking_of
from tests.test_gemini_provider import HISTORY, collect, image_request


@pytest.mark.parametrize(
    ("fault", "error", "line"),
    [
        (Fault(block_reason="PROHIBITED_CONTENT"), SafetyBlocked, "safety filter"),  # no candidates at all
        (Fault(finish="IMAGE_SAFETY"), SafetyBlocked, "safety filter"),
        (Fault(finish="IMAGE_PROHIBITED_CONTENT"), SafetyBlocked, "safety filter"),
        (Fault(finish="PROHIBITED_CONTENT"), SafetyBlocked, "safety filter"),
        (Fault(finish="RECITATION"), SafetyBlocked, "too close to an existing work"),
        (Fault(finish="IMAGE_OTHER"), EmptyResult, "no image this time"),
        (Fault(finish="NO_IMAGE"), EmptyResult, "no image this time"),
        (Fault(finish="MAX_TOKENS"), EmptyResult, "no image this time"),
        (Fault(empty=True), EmptyResult, "words instead of an image"),  # an image model answering with text only
    ],
    ids=lambda v: getattr(v, "finish", "") or getattr(v, "block_reason", "") or ("text-only" if v.empty else None)
    if isinstance(v, Fault) else None,
)
async def test_every_image_refusal_shape_has_a_clear_line_and_keeps_the_credit(gemini, fake_gemini, fault, error,
                                                                                 line):  # fmt: skip
    fake_gemini.fail("image", fault)
    with pytest.raises(error) as info:
        await gemini.generate_image(image_request())
    assert line in render_trouble(info.value.trouble) and "credit is safe" in render_trouble(info.value.trouble)


@pytest.mark.parametrize(
    ("fault", "line"),
    [
        (Fault(block_reason="SAFETY"), "safety filter"),
        (Fault(finish="SAFETY"), "safety filter"),
        (Fault(finish="RECITATION"), "repeated existing text"),
    ],
)
async def test_chat_refusals_have_a_clear_line(gemini, fake_gemini, fault, line):
    fake_gemini.fail("stream", fault)
    with pytest.raises(SafetyBlocked) as info:
        await collect(gemini)
    assert line in coach_trouble(info.value.trouble)


async def test_thought_parts_never_reach_the_user(gemini, fake_gemini):
    # Google sends thoughts only when includeThoughts is asked (the bot never asks); here every answer starts with
    # one anyway, as a proxy or an SDK change could let through, and the bot still shows none.
    fake_gemini.send_thoughts = "always"
    fake_gemini.stream_reply = lambda r: ["Visible ", "reply."]
    assert "".join(await collect(gemini)) == "Visible reply."
    fake_gemini.json_reply = lambda r: {"subject": "fox"}
    assert (await gemini.extract_brief("x", HISTORY, Brief(), "profile_picture")).subject == "fox"
    image = Image.open(io.BytesIO(await gemini.generate_image(image_request())))
    assert image.size == (1024, 1024)  # the final image, not the 64 px thought draft


async def test_a_reply_lost_to_max_tokens_is_retried_once_with_more_room(gemini, fake_gemini):
    fake_gemini.fail("stream", Fault(finish="MAX_TOKENS"))
    assert await collect(gemini) == ["Love it! ", "What mood ", "should it have?"]
    budgets = [r.body["generationConfig"]["maxOutputTokens"] for r in fake_gemini.of_kind("stream")]
    assert budgets[1] == 2 * budgets[0] and budgets[0] > 512  # room for thinking on top of the reply

    fake_gemini.fail("stream", Fault(finish="MAX_TOKENS"), Fault(finish="MAX_TOKENS"))
    with pytest.raises(EmptyResult) as info:
        await collect(gemini)
    assert "Send your message again" in coach_trouble(info.value.trouble)


async def test_gemini_3_and_later_start_from_the_least_thinking_and_no_temperature(fake_gemini):
    fake_gemini.catalog = [listed_model("gemini-6.5-flash"), listed_model("gemini-6.5-flash-image", thinking=False)]
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url), api_key="k-0123456789")
    try:
        await collect(provider)
        config = fake_gemini.of_kind("stream")[0].body["generationConfig"]
        assert thinking_of(fake_gemini.of_kind("stream")[0]) == {"thinkingLevel": "MINIMAL"}
        assert "temperature" not in config and not fake_gemini.refused
    finally:
        await provider.aclose()


async def test_gemini_2_5_gets_a_thinking_budget_and_temperature(fake_gemini):
    fake_gemini.catalog = [listed_model("gemini-2.5-flash"), listed_model("gemini-2.5-flash-image", thinking=False)]
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url), api_key="k-0123456789")
    try:
        assert await collect(provider)  # the fake answers 400 to thinkingLevel on a pre-3 model, as Google does
        config = fake_gemini.of_kind("stream")[0].body["generationConfig"]
        assert thinking_of(fake_gemini.of_kind("stream")[0]) == {"thinkingBudget": 0} and config["temperature"] == 0.8
    finally:
        await provider.aclose()


async def test_a_verdict_with_a_missing_field_is_no_verdict_never_a_pass(gemini, fake_gemini):
    fake_gemini.check_reply = lambda r: {"text_read": "KAIZEN"}  # the model left every other field out
    with pytest.raises(ProviderError):
        await gemini.check_render(b"\x89PNG\r\n\x1a\n", "check")
    fake_gemini.check_reply = lambda r: {"text_read": "KAIZEN"}
    assert await SelfChecker(gemini, 5).check(b"\x89PNG\r\n\x1a\n", "streamer_logo", Brief(), True) is None

"""Models are found, not hard-coded: listed from the API, chosen by the documented rule, replaced when withdrawn."""

import logging

import pytest

from bot.providers.base import KeyRefused
from bot.providers.gemini import GeminiProvider
from bot.providers.model_catalog import ModelInfo, pick_chat, pick_image
from bot.providers.model_resolver import ModelNotOffered
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import NANO_BANANA, default_catalog, listed_model
from tests.test_gemini_provider import collect, image_request


def infos(catalog):
    return [
        ModelInfo(
            m["name"].removeprefix("models/"), frozenset(m["supportedGenerationMethods"]), bool(m.get("thinking")),
            m["displayName"], m["description"],
        )
        for m in catalog
    ]


def test_the_rule_prefers_stable_flash_and_never_lite_live_tts_embedding_imagen_or_alias():
    models = infos(default_catalog())
    assert pick_chat(models).id == "gemini-7.2-flash"  # not 7.5 preview, 7.4 Pro, lite, live, tts or the alias
    # Google's recommended image model, known by its listing (Nano Banana), newer than 7.1 Flash Image; not the
    # 7.4 Lite, the 7.3 preview or Pro.
    assert pick_image(models).id == NANO_BANANA
    # Nothing else listed: a preview beats nothing, and lite beats nothing; Imagen (predict) never qualifies.
    assert pick_chat(infos([listed_model("gemini-8.0-flash-preview"), listed_model("gemini-8.0-flash-lite")])).id \
        == "gemini-8.0-flash-preview"
    assert pick_chat(infos([listed_model("gemini-8.0-flash-lite")])).id == "gemini-8.0-flash-lite"
    assert pick_image(infos([listed_model("imagen-9.0-generate-001", ["predict"])])) is None


async def test_start_lists_the_models_on_every_page_and_uses_the_configured_api_version(fake_gemini):
    # More models than one page holds: the chosen ones sit on the last page.
    fake_gemini.catalog = [listed_model(f"gemini-embedding-{i:03}", ["embedContent"]) for i in range(150)]
    fake_gemini.catalog += [listed_model("gemini-8.1-flash"), listed_model("gemini-8.0-flash-image")]
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url), api_key="k-0123456789")
    try:
        assert await provider.prepare() == {"chat": "gemini-8.1-flash", "image": "gemini-8.0-flash-image"}
        assert await collect(provider) and fake_gemini.of_kind("stream")[0].model == "gemini-8.1-flash"
        assert set(fake_gemini.versions) == {"v1beta"}  # chosen explicitly, not the SDK's default v1
        assert provider.describe()["api_version"] == "v1beta"
    finally:
        await provider.aclose()


async def test_a_configured_model_that_is_not_offered_names_the_nearest_ones(fake_gemini):
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url, chat_model="gemini-2.5-flash"), "k-0123456789")
    try:
        with pytest.raises(ModelNotOffered) as info:
            await provider.prepare()
    finally:
        await provider.aclose()
    sentence = info.value.sentence
    assert "'gemini-2.5-flash'" in sentence and "gemini.chat_model" in sentence
    assert "gemini-6.5-flash" in sentence and "image" not in sentence.split("available:")[1]


async def test_a_refused_key_is_caught_at_start(fake_gemini):
    fake_gemini.keys = {"the-real-key-0123456789"}
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url), api_key="a-revoked-key-0123456789")
    try:
        with pytest.raises(KeyRefused):
            await provider.prepare()
    finally:
        await provider.aclose()


async def test_a_model_withdrawn_mid_run_is_replaced_without_a_restart_and_logged_once(fake_gemini, caplog):
    provider = GeminiProvider(gemini_settings(fake_gemini.base_url), api_key="k-0123456789")
    try:
        await provider.prepare()
        fake_gemini.withdraw("gemini-7.2-flash")
        fake_gemini.withdraw("gemini-7.2-flash-001")
        fake_gemini.withdraw("gemini-7.1-flash-image")
        fake_gemini.withdraw(NANO_BANANA)
        with caplog.at_level(logging.WARNING):
            assert await collect(provider) == ["Love it! ", "What mood ", "should it have?"]
            assert await collect(provider)
            data = await provider.generate_image(image_request())
        assert data.startswith(b"\x89PNG")
        answered = [(r.kind, r.model) for r in fake_gemini.requests]  # the fake records what it answered
        assert answered == [("stream", "gemini-6.5-flash"), ("stream", "gemini-6.5-flash"),
                            ("image", "gemini-7.3-flash-image-preview")]  # fmt: skip
        withdrawn = [r.message for r in caplog.records if "answers 404" in r.message]
        assert len(withdrawn) == 2 and "gemini-6.5-flash" in withdrawn[0]
        assert provider.describe()["chat_model"] == "gemini-6.5-flash"
    finally:
        await provider.aclose()

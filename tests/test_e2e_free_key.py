"""End to end on a free Gemini key with the model list of December 2026: create, coach, brief and Generate work;
each model the key cannot use is asked once for the day and the fleet; the render is drawn by the offline design
engine, labelled so, with one sentence (to the user and to the operator) that image models need billing."""

import logging

from bot import app
from bot.usecases import IMAGES_NEED_BILLING
from tests.fakes.fake_gemini import december_2026_catalog
from tests.harness import component_id, deliveries, open_ready_logo, settings_for, start_bot


async def deliver(fake_discord, user, message, prefix, thread_id):
    """Click and wait for the image; the offline engine's first design may take a while on a loaded machine."""
    before = len(deliveries(fake_discord, thread_id))
    await fake_discord.component(user, message, component_id(message, prefix))
    await fake_discord.wait_for(lambda: len(deliveries(fake_discord, thread_id)) > before, 60, f"{prefix} delivered")
    return deliveries(fake_discord, thread_id)[-1]


async def test_a_free_key_coaches_with_gemini_and_renders_offline_saying_why(tmp_path, fake_discord, fake_gemini,
                                                                           caplog):  # fmt: skip
    fake_gemini.catalog = december_2026_catalog()
    fake_gemini.key_mode = "free"
    alice = fake_discord.add_user("alice")
    with caplog.at_level(logging.WARNING):
        bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
        try:
            assert bot.services.provider.models.resolved["chat"] == "gemini-4-hydrogen"
            thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
            assert {r.model for r in fake_gemini.of_kind("stream")} == {"gemini-4-hydrogen"}  # Gemini coached
            first = await deliver(fake_discord, alice, options, "pc:gen:", thread_id)
            second = await deliver(fake_discord, alice, first, "pc:vary:", thread_id)
        finally:
            await app.stop(bot)  # the bot and its services: bot.close() alone left the database's threads running
    for delivered in (first, second):
        assert "offline design" in delivered["content"] and IMAGES_NEED_BILLING in delivered["content"]
        assert "GEMINI_API_KEY" not in delivered["content"] and "minutes" not in delivered["content"]
    assert "Render 2 of 4" in second["content"]
    # One call to each image model the key cannot use, then none: the second render asked Gemini nothing.
    refused = [r.model for r in fake_gemini.requests if r.status == 429]
    assert refused == ["gemini-nano-banana-2.1", "gemini-3.1-flash-lite-image"]
    operator = [r.getMessage() for r in caplog.records if "need billing" in r.getMessage()]
    assert len(operator) == 1 and "offline design engine" in operator[0]


async def test_the_studio_on_a_free_key_coaches_with_gemini_and_says_why_the_render_is_offline(tmp_path, fake_discord,
                                                                                              fake_gemini):  # fmt: skip
    from bot.services import Services
    from tests.harness import GEMINI_KEY, free_port
    from tests.test_web_api import API, CSRF, hosted, login, ready_session
    from web import start_studio

    fake_gemini.catalog = december_2026_catalog()
    fake_gemini.key_mode = "free"
    full = {"subject": "a wolf head", "color_scheme": "teal and black", "shape": "circle"}
    fake_gemini.json_reply = lambda r: full if "circle" in " ".join(r.user_texts) else {"subject": "a wolf head"}
    port = free_port()
    settings = hosted(tmp_path, fake_discord, port, gemini={"base_url": fake_gemini.base_url},
                      gemini_api_key=GEMINI_KEY)  # fmt: skip
    services = await Services.create(settings)
    runner, url = await start_studio(services, "127.0.0.1", port)
    browser = await login(url.rstrip("/"), fake_discord, fake_discord.add_user("alice"))
    try:
        session_id = await ready_session(browser)  # the coach's turns went to Gemini (the key's chat model)
        assert {r.model for r in fake_gemini.of_kind("stream")} == {"gemini-4-hydrogen"}
        async with browser.post(f"{API}/sessions/{session_id}/generate", json={},
                                headers={**CSRF, "Accept": "application/json"}) as answer:  # fmt: skip
            assert answer.status == 200, await answer.text()
            rendered = await answer.json()
        assert rendered["render"]["offline"] is True  # drawn by the offline design engine, labelled so
        assert rendered["notes"][0] == IMAGES_NEED_BILLING  # the user's one sentence, on the studio's render
        assert "offline design" in IMAGES_NEED_BILLING and "minute" not in " ".join(rendered["notes"])
        assert [r.model for r in fake_gemini.requests if r.status == 429] == [
            "gemini-nano-banana-2.1", "gemini-3.1-flash-lite-image"
        ]
    finally:
        await browser.close()
        await runner.cleanup()
        await services.close()

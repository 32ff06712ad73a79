"""The fake Discord answers a deferred interaction as Discord does (docs: Create Followup Message): the first
follow-up after a DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE answer edits the "thinking" message instead of creating one,
keeping the defer's ephemeral state; later follow-ups are new messages, and only those count against the cap."""

import aiohttp

from bot import app
from tests.fakes.fake_discord import EPHEMERAL, LOADING
from tests.harness import settings_for, start_bot


async def test_the_first_follow_up_after_a_deferred_answer_edits_the_thinking_message(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        gallery = await fake_discord.slash(alice, "profile", "gallery")  # deferred (ephemeral, thinking), then one
        await fake_discord.wait_for(lambda: gallery.followups, what="the gallery's answer")
        (answer,) = gallery.followups
        assert gallery.callbacks[0]["type"] == 5
        assert answer is gallery.original and answer["content"]  # no second message: "thinking" became the answer
        assert answer["flags"] & EPHEMERAL and not answer["flags"] & LOADING
        assert gallery.created_followups == 0

        url = f"{fake_discord.api_base}/webhooks/{fake_discord.app_id}/{gallery.token}?wait=true"
        async with aiohttp.ClientSession() as http, http.post(url, json={"content": "and one more"}) as response:
            later = await response.json()
        assert later["id"] != answer["id"] and not later["flags"] & EPHEMERAL  # a new message, as asked
        assert gallery.created_followups == 1
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == []

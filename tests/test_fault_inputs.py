"""Malformed interactions, oversized messages and bad colours get clear, ephemeral errors."""

import pytest

from bot import app
from bot.sessions.create_request import InvalidRequest, parse_create_request
from tests.harness import settings_for, start_bot


async def test_malformed_interactions_are_answered_and_charge_nothing(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        bad_choice = await fake_discord.slash(alice, "profile", "create", {"type": "banner", "style": "anime"})
        missing = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture"})
        too_many = await fake_discord.slash(
            alice, "profile", "create",
            {"type": "streamer_logo", "style": "gaming", "colors": "red, blue, green, gold, pink, navy"},
        )  # fmt: skip
        await fake_discord.wait_for(
            lambda: bad_choice.followups and missing.acked and too_many.followups, what="all answered"
        )
        assert "`type` must be one of profile_picture, streamer_logo" in bad_choice.followups[0]["content"]
        assert missing.ephemeral and "didn't look right" in missing.callbacks[0]["data"]["content"]
        assert "at most 5 colours" in too_many.followups[0]["content"]
        assert all(m["flags"] & 64 for m in (bad_choice.followups[0], too_many.followups[0]))
        assert await bot.services.db.fetchall("SELECT * FROM sessions") == []
        assert await bot.services.db.fetchall("SELECT * FROM monthly_usage WHERE used > 0") == []
    finally:
        await app.stop(bot)


async def test_oversized_thread_message_gets_a_reply_and_is_not_sent_to_the_coach(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "vibrant"})
        await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.say(alice, thread_id, "a" * 3500)  # Nitro users may send up to 4000
        await fake_discord.wait_for(
            lambda: any("too long for the coach" in m["content"] for m in fake_discord.bot_messages(thread_id)),
            what="too-long reply",
        )
        session = await bot.services.sessions.by_thread(thread_id)
        assert [t.role for t in await bot.services.sessions.transcript(session.id)] == ["model"]  # greeting only
    finally:
        await app.stop(bot)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"colors": "#GGHHII"}, "`colors`: `#GGHHII` is not a colour"),
        ({"colors": "ultraviolet"}, "`ultraviolet` is not a colour"),
        ({"description": "x" * 1001}, "keep it under 1000"),
        ({"style": "baroque"}, "`style` must be one of"),
    ],
)
def test_create_request_validation_names_the_option(kwargs, message):
    args = {"creation_type": "streamer_logo", "style": "gaming", "description": None, "colors": None, **kwargs}
    with pytest.raises(InvalidRequest, match=message.replace("(", r"\(")):
        parse_create_request(**args)


def test_valid_colours_are_normalised():
    request = parse_create_request("streamer_logo", "gaming", "  wolf  ", "#9146FF, black #0f0")
    assert request.colors == ["#9146ff", "#000000", "#00ff00"] and request.description == "wolf"

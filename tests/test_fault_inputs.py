"""Malformed interactions, oversized messages and bad colours get clear, ephemeral errors."""

import pytest

from bot import app
from bot.sessions.create_request import InvalidRequest, parse_create_request
from tests.harness import coach_replies, settings_for, start_bot


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


async def test_the_longest_thread_message_discord_allows_reaches_the_coach_whole(tmp_path, fake_discord):
    """Nitro users may send up to 4,000 characters: the coach reads all of them (a longer one is refused by the
    use case, tests/test_usecases.py, though Discord never delivers one)."""
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "vibrant"})
        await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.wait_for(lambda: coach_replies(fake_discord.bot_messages(thread_id)), what="greeting")
        # Looked up once the greeting is in: the thread shows in Discord before the bot has attached it to the session.
        session = await bot.services.sessions.by_thread(thread_id)
        words = ("a fox astronaut, " * 250)[:4000]
        await fake_discord.say(alice, thread_id, words)
        await fake_discord.wait_for(lambda: len(coach_replies(fake_discord.bot_messages(thread_id))) > 1,
                                    within=30, what="the coach answers")  # fmt: skip
        assert words in [t.content for t in await bot.services.sessions.transcript(session.id) if t.role == "user"]
        assert not any("too long" in m["content"] for m in fake_discord.bot_messages(thread_id))
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

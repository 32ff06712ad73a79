"""Issue 12 end to end: labelled choices, /profile help, the brief card edited in place, the transcript cap."""

from bot import app
from tests.harness import settings_for, start_bot


def card_messages(fake, thread_id):
    return [m for m in fake.bot_messages(thread_id) if m.get("embeds")]


async def test_the_picker_shows_labels_and_stores_values(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        profile = next(c for c in fake_discord.commands if c["name"] == "profile")
        create = next(o for o in profile["options"] if o["name"] == "create")
        choices = {o["name"]: [(c["name"], c["value"]) for c in o.get("choices", [])] for o in create["options"]}
        assert choices["type"] == [("Profile picture", "profile_picture"), ("Streamer logo", "streamer_logo")]
        assert ("🎮 Gaming", "gaming") in choices["style"] and ("🎨 Custom", "custom") in choices["style"]
        assert len(choices["style"]) == 7
        opened = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "retro"})
        await fake_discord.wait_for(lambda: opened.followups and fake_discord.threads(), what="session")
        session = await bot.services.sessions.by_thread(int(fake_discord.threads()[0]["id"]))
        assert (session.creation_type, session.style) == ("streamer_logo", "retro")

        shown = await fake_discord.slash(alice, "profile", "help")
        await fake_discord.wait_for(lambda: shown.acked, what="help")
        (embed,) = shown.callbacks[0]["data"]["embeds"]
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert "/profile create" in embed["description"]
        assert "0 of 1 sessions left this month (free tier)" in fields["Your quota"]  # the session just opened
        assert "👾 Retro" in fields["Style presets"] and shown.ephemeral
    finally:
        await app.stop(bot)


async def test_the_brief_card_is_one_message_edited_after_every_turn(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)  # offline coach
    try:
        opened = await fake_discord.slash(
            alice, "profile", "create", {"type": "streamer_logo", "style": "minimal", "colors": "#9146ff, black"}
        )
        await fake_discord.wait_for(lambda: opened.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        (card,) = await fake_discord.wait_for(lambda: card_messages(fake_discord, thread_id), what="card")
        fields = {f["name"]: f["value"] for f in card["embeds"][0]["fields"]}
        assert fields["main element"] == "… still needed" and fields["text or symbols"] == "optional"
        assert "🟪 `#9146ff`" in fields["Brand colours"] and "⬛ `#000000`" in fields["Brand colours"]
        assert card["embeds"][0]["color"] == 0x9146FF

        await fake_discord.say(alice, thread_id, "an owl mascot")  # the thing is the owl ("mascot" reads as a style)
        await fake_discord.wait_for(lambda: "✓ an owl" in str(card_messages(fake_discord, thread_id)),
                                    what="card updated")  # fmt: skip
        await fake_discord.say(alice, thread_id, "flat vector, in a circle")
        await fake_discord.wait_for(
            lambda: "ready" in card_messages(fake_discord, thread_id)[0]["embeds"][0]["title"], what="card ready"
        )
        assert len(card_messages(fake_discord, thread_id)) == 1  # one card, edited in place
        assert card_messages(fake_discord, thread_id)[0].get("edited_timestamp")
    finally:
        await app.stop(bot)


async def test_the_transcript_sent_each_turn_is_capped(tmp_path, fake_discord, fake_gemini):
    fake_gemini.json_reply = lambda r: {}
    alice = fake_discord.add_user("alice")
    settings = settings_for(tmp_path, fake_discord, fake_gemini.base_url, coach={"max_turns": 6},
                            quota={"spend": {"free": {"coach_burst": 20, "coach_turns_per_minute": 120}}})  # fmt: skip
    fake_discord.bucket_size = 100  # this test is about the transcript, not Discord's edit rate
    bot = await start_bot(settings, fake_discord)
    try:
        opened = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "anime"})
        await fake_discord.wait_for(lambda: opened.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        for i in range(8):
            before = len(fake_gemini.of_kind("stream"))
            await fake_discord.say(alice, thread_id, f"idea number {i}")
            await fake_discord.wait_for(lambda b=before: len(fake_gemini.of_kind("stream")) > b, what=f"turn {i}")
        last = fake_gemini.of_kind("stream")[-1]
        assert len(last.body["contents"]) <= 6 and last.user_texts[-1] == "idea number 7"
        assert "idea number 0" not in " ".join(last.user_texts)  # folded away; the brief carries what mattered
    finally:
        await app.stop(bot)

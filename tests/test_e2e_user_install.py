"""Issue 42: the bot installed by a user alone (integration_types user install), end to end on the real discord.py
client against the loopback fake: a whole session in the DM with the bot, and the hand-off from a server that
never installed it."""

import asyncio

from bot import app
from tests.harness import (
    coach_replies,
    component_id,
    deliveries,
    messages_with_components,
    photo,
    scripted_coach,
    settings_for,
    start_bot,
)


async def test_the_profile_commands_are_installable_by_a_user_and_work_in_dms(tmp_path, fake_discord):
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        profile = next(c for c in fake_discord.commands if c["name"] == "profile")
        assert sorted(profile["integration_types"]) == [0, 1]  # GUILD_INSTALL, USER_INSTALL
        assert sorted(profile["contexts"]) == [0, 1, 2]  # GUILD, BOT_DM, PRIVATE_CHANNEL
    finally:
        await app.stop(bot)


async def test_a_whole_session_runs_in_the_dm_with_the_bot(tmp_path, fake_discord, fake_gemini):
    fake_discord.message_content_allowed = False  # DMs with the app carry their content anyway
    scripted_coach(fake_gemini)
    alice = fake_discord.add_user("alice")
    dm = fake_discord.dm_channel(alice)
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create",
                                          {"type": "profile_picture", "style": "anime", "description": "a fox"},
                                          channel_id=dm)  # fmt: skip
        assert create.payload["context"] == 1 and create.payload["authorizing_integration_owners"] == {
            "1": str(alice)}
        await fake_discord.wait_for(lambda: create.followups, what="session opened")
        assert create.ephemeral and "open, right here" in create.followups[0]["content"]
        await fake_discord.wait_for(lambda: coach_replies(fake_discord.bot_messages(dm)), what="the coach greets")
        assert fake_discord.threads() == []  # no thread: the DM is the session

        await fake_discord.say(alice, dm, "fierce, in front of a neon city")  # a plain DM: its text arrives
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, dm), what="options")
        assert fake_gemini.of_kind("json")[-1].user_texts[-1] == "fierce, in front of a neon city"
        await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        (delivery,) = await fake_discord.wait_for(lambda: deliveries(fake_discord, dm), within=60, what="delivered")
        export = await fake_discord.component(alice, delivery, component_id(delivery, "pc:export:"))
        await fake_discord.wait_for(lambda: export.acked, what="export panel")
        go = next(c["custom_id"] for row in export.original["components"] for c in row["components"]
                  if c["custom_id"].endswith(":go"))  # fmt: skip
        get = await fake_discord.component(alice, export.original, go)
        await fake_discord.wait_for(lambda: get.followups and get.followups[0]["attachments"], what="exported")

        # The same user's quota everywhere: the DM's creation counts in the server too.
        quota = await fake_discord.slash(alice, "profile", "quota")
        await fake_discord.wait_for(lambda: quota.acked, what="quota in the server")
        assert "Remaining:** 0" in quota.callbacks[0]["data"]["content"]

        # Done ends the session and says so; the DM stays (a DM has no archive, and nothing asks for one).
        done = await fake_discord.component(alice, delivery, component_id(delivery, "pc:done:"))
        await fake_discord.wait_for(lambda: done.acked, what="done")
        assert "Session closed" in done.callbacks[0]["data"]["content"]
        assert "/profile create** here" in done.callbacks[0]["data"]["content"]
        assert not (await bot.services.sessions.by_thread(dm)).live
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == [] and fake_discord.refused == []


async def test_a_dm_session_expires_and_resumes_in_the_dm_without_archiving_it(tmp_path, fake_discord):
    """Idle in the DM: warned, expired and refunded, with Resume; no archive is asked of the DM (Discord refuses
    one, 403 "Cannot execute action on a DM channel"); Resume reopens it and the coach hears the DM again."""
    alice = fake_discord.add_user("alice")
    dm = fake_discord.dm_channel(alice)
    idle = {"idle_warning_minutes": 0.01, "idle_expiry_minutes": 0.05, "sweep_interval_seconds": 0.1}
    bot = await start_bot(settings_for(tmp_path, fake_discord, sessions=idle), fake_discord)  # offline coach
    try:
        create = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"},
                                          channel_id=dm)  # fmt: skip
        await fake_discord.wait_for(lambda: create.followups, what="session opened")
        expired = await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(dm) if "expired" in m["content"]], what="expiry")
        session = await bot.services.sessions.by_thread(dm)
        assert (session.status, session.credit_state) == ("expired", "refunded")
        await asyncio.sleep(0.3)  # the sweep would have asked for an archive by now
        assert fake_discord.refused == []

        resume = await fake_discord.component(alice, expired[-1], component_id(expired[-1], "pc:resume:"))
        await fake_discord.wait_for(lambda: resume.acked, what="resumed")
        assert "Resumed" in resume.callbacks[0]["data"]["content"]
        assert (await bot.services.sessions.by_thread(dm)).live
        replies = len(coach_replies(fake_discord.bot_messages(dm)))
        await fake_discord.say(alice, dm, "a wolf howling at the moon")
        await fake_discord.wait_for(lambda: len(coach_replies(fake_discord.bot_messages(dm))) > replies,
                                    what="the coach hears the DM again")  # fmt: skip
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == [] and fake_discord.refused == []


async def test_an_older_dm_session_resumed_after_a_newer_one_ended_hears_the_dm(tmp_path, fake_discord):
    """The DM is each session's in turn: a newer session took it, then ended; resuming the older one gives the DM
    back to it (the user's open session), so the coach hears what is written there."""
    alice = fake_discord.add_user("alice")
    dm = fake_discord.dm_channel(alice)
    idle = {"idle_warning_minutes": 0.01, "idle_expiry_minutes": 0.05, "sweep_interval_seconds": 0.1}
    bot = await start_bot(settings_for(tmp_path, fake_discord, sessions=idle), fake_discord)  # offline coach

    def expiries() -> list:
        return [m for m in fake_discord.bot_messages(dm) if "expired" in m["content"]]

    try:
        for ended in (1, 2):  # the older session, then a newer one: each expires in the DM
            await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"},
                                     channel_id=dm)  # fmt: skip
            await fake_discord.wait_for(lambda n=ended: len(expiries()) >= n, what=f"expiry {ended}")
        older = expiries()[0]
        resume = await fake_discord.component(alice, older, component_id(older, "pc:resume:"))
        await fake_discord.wait_for(lambda: resume.acked, what="resumed")
        assert "Resumed" in resume.callbacks[0]["data"]["content"]
        replies = len(coach_replies(fake_discord.bot_messages(dm)))
        await fake_discord.say(alice, dm, "a wolf howling at the moon")
        await fake_discord.wait_for(lambda: len(coach_replies(fake_discord.bot_messages(dm))) > replies,
                                    what="the coach hears the DM")  # fmt: skip
        session = await bot.services.sessions.by_thread(dm)
        assert session.id == int(component_id(older, "pc:resume:").rsplit(":", 1)[1])
        assert any("a wolf howling" in t.content for t in await bot.services.sessions.transcript(session.id))
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == [] and fake_discord.refused == []


async def test_a_server_without_the_bot_hands_off_to_the_dm_in_one_ephemeral_message(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    elsewhere = fake_discord.add_guild("Another Stream", bot=False)
    fake_discord.join(alice, elsewhere)
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"},
                                          channel_id=fake_discord.guild_channel(elsewhere))  # fmt: skip
        assert create.payload["authorizing_integration_owners"] == {"1": str(alice)}  # user-installed only
        await fake_discord.wait_for(lambda: create.followups, what="the hand-off")
        dm = fake_discord.dm_channels[alice]
        (handoff,) = create.followups
        assert create.ephemeral and handoff["flags"] & 64
        assert f"https://discord.com/channels/@me/{dm}" in handoff["content"]
        assert "/profile create" in handoff["content"]
        (opening,) = fake_discord.bot_messages(dm)  # the DM is there, saying what to do
        assert "/profile create" in opening["content"]
        assert fake_discord.threads() == [] and await bot.services.sessions.active_for_user(alice) is None
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == []


async def test_where_use_external_apps_is_off_every_answer_is_private_and_the_flow_holds(
    tmp_path, fake_discord, fake_gemini
):
    """A server that never installed the bot, whose moderators turned "Use External Apps" off: Discord makes every
    answer ephemeral there, sends the bot nothing of that server and refuses the bot's own calls into it. Help,
    quota, Use as reference (to the session in the DM), the gallery, an image from it and its export all work
    there with interaction answers alone."""
    scripted_coach(fake_gemini)
    alice = fake_discord.add_user("alice")
    dm = fake_discord.dm_channel(alice)
    elsewhere = fake_discord.add_guild("Strict Server", bot=False, external_apps=False)
    fake_discord.join(alice, elsewhere)
    there = fake_discord.guild_channel(elsewhere)
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    answered: list = []

    async def ask(interaction):
        await fake_discord.wait_for(lambda: interaction.acked, what="an answer")
        answered.append(interaction)
        return interaction

    try:
        await ask(await fake_discord.slash(alice, "profile", "help", channel_id=there))
        await ask(await fake_discord.slash(alice, "profile", "quota", channel_id=there))
        create = await fake_discord.slash(alice, "profile", "create",
                                          {"type": "profile_picture", "style": "anime", "description": "a fox"},
                                          channel_id=dm)  # fmt: skip
        await fake_discord.wait_for(lambda: coach_replies(fake_discord.bot_messages(dm)), what="the coach greets")
        assert create.followups

        posted = await fake_discord.say(alice, there, "my old avatar", files=[("old.png", photo())])
        used = await ask(await fake_discord.message_command(alice, posted, "Use as reference", channel_id=there))
        assert f"<#{dm}>" in used.original["content"]
        session = await bot.services.sessions.by_thread(dm)

        async def referenced() -> bool:
            return bool(await bot.services.references.for_session(session.id))

        for _ in range(600):  # the untrusted-image workers start with the first image (seconds under load)
            if await referenced():
                break
            await asyncio.sleep(0.05)
        assert await referenced()

        await fake_discord.say(alice, dm, "fierce, in front of a neon city")
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, dm), within=60,
                                              what="options")  # fmt: skip
        await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        await fake_discord.wait_for(lambda: deliveries(fake_discord, dm), within=60, what="delivered")

        gallery = await ask(await fake_discord.slash(alice, "profile", "gallery", channel_id=there))
        await fake_discord.wait_for(lambda: gallery.followups, what="the gallery page")
        page = gallery.followups[-1]
        select = next(c for row in page["components"] for c in row["components"] if c["custom_id"].startswith(
            "pc:gpick:"))  # fmt: skip
        first = [select["options"][0]["value"]]
        picked = await ask(await fake_discord.component(alice, page, select["custom_id"], first))
        image = picked.original
        assert fake_discord.attachments[int(image["id"])]
        export = await ask(await fake_discord.component(alice, image, component_id(image, "pc:export:")))
        go = next(c["custom_id"] for row in export.original["components"] for c in row["components"]
                  if c["custom_id"].endswith(":go"))  # fmt: skip
        get = await ask(await fake_discord.component(alice, export.original, go))
        await fake_discord.wait_for(lambda: get.followups and get.followups[0]["attachments"], what="exported")

        shown = [m for i in answered for m in [i.original, *i.followups] if m is not None]
        assert shown and all(m["flags"] & 64 for m in shown)  # every answer there was private
        assert not fake_discord.messages[there][1:]  # nothing of the bot's in the channel itself
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == [] and fake_discord.refused == []

"""Issue 42: the coach without the Message Content intent, end to end on the real discord.py client against the
loopback fake, which withholds thread messages' content exactly as Discord does when the intent isn't granted."""

import io
import logging

from PIL import Image

from bot import app
from tests.harness import (
    coach_replies,
    component_id,
    decode,
    deliveries,
    inline_images,
    messages_with_components,
    photo,
    scripted_coach,
    settings_for,
    start_bot,
)


async def test_a_streamer_completes_a_session_without_the_intent(tmp_path, fake_discord, fake_gemini, caplog):
    """The bot starts without the intent and names its mode; create → the coach hears a reply and an @mention (a
    plain message gets the hint once, and no model call) → the Reply modal with words and a reference image →
    Generate → Export."""
    fake_discord.message_content_allowed = False
    caplog.set_level(logging.INFO, logger="bot.app")
    scripted_coach(fake_gemini)
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        assert not bot.reads_content and not bot.intents.message_content  # the IDENTIFY did not ask for it
        modes = [r.getMessage() for r in caplog.records if "Message Content intent" in r.getMessage()]
        assert len(modes) == 1 and modes[0].startswith("Message Content intent: not granted"), modes
        create = await fake_discord.slash(
            alice, "profile", "create", {"type": "profile_picture", "style": "anime", "description": "a fox"}
        )
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        session = await bot.services.sessions.by_thread(thread_id)

        def coach_said():
            return [m for m in coach_replies(fake_discord.bot_messages(thread_id)) if "What mood" in m["content"]]

        (greeting,) = await fake_discord.wait_for(coach_said, what="greeting with a Reply button")
        assert component_id(greeting, "pc:reply:") == f"pc:reply:{session.id}"
        await fake_discord.wait_for(lambda: len(fake_gemini.of_kind("json")) == 1, what="the greeting's extraction")

        # A plain thread message arrives without its text: one hint, once per session, and no model call.
        calls = len(fake_gemini.requests)
        await fake_discord.say(alice, thread_id, "fierce please")
        hint = await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if "reply** to one of my" in m["content"]],
            what="the hint",
        )
        await fake_discord.say(alice, thread_id, "hello?")
        await fake_discord.say(alice, thread_id, "", files=[("me.png", photo())])  # withheld too
        # A reply to the coach (a regular bot message, ping on) is delivered whole: the others made no turn.
        await fake_discord.say(alice, thread_id, "fierce, please", reply_to=greeting)
        await fake_discord.wait_for(lambda: len(fake_gemini.of_kind("json")) == 2, what="the reply's turn")
        assert len(hint) == 1 and len([m for m in fake_discord.bot_messages(thread_id)
                                       if "reply** to one of my" in m["content"]]) == 1  # fmt: skip
        turn = fake_gemini.requests[calls:]
        assert {r.kind for r in turn} == {"stream", "json"} and len(turn) == 2  # one turn: the reply's only
        assert turn[-1].user_texts[-1] == "fierce, please"

        # An @mention reaches the coach without the mention.
        await fake_discord.say(alice, thread_id, "a fox with a tiny crown", mention=True)
        await fake_discord.wait_for(lambda: len(fake_gemini.of_kind("json")) == 3, what="the mention's turn")
        assert fake_gemini.of_kind("json")[-1].user_texts[-1] == "a fox with a tiny crown"

        # The Reply button: a modal with a long text input and a File Upload for one image.
        latest = coach_replies(fake_discord.bot_messages(thread_id))[-1]
        click = await fake_discord.component(alice, latest, component_id(latest, "pc:reply:"))
        await fake_discord.wait_for(lambda: click.acked, what="the Reply modal")
        (callback,) = click.callbacks
        assert callback["type"] == 9
        words, image = (label["component"] for label in callback["data"]["components"])
        assert (words["type"], words["style"], words["max_length"]) == (4, 2, 4000)  # as much as Discord allows
        assert (image["type"], image.get("min_values"), image["max_values"], image["required"]) == (19, 0, 1, False)

        submit = await fake_discord.modal_submit(alice, click, {"words": "in front of a neon city"},
                                                 files={"image": [("mood.png", photo())]})  # fmt: skip
        await fake_discord.wait_for(lambda: submit.acked, what="the modal answered")
        assert "in front of a neon city" in submit.callbacks[0]["data"]["content"]  # the words, shown in the thread
        # within 60 s: the first image starts the untrusted-image workers (seconds on a loaded machine)
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), within=60,
                                              what="options (the brief is complete)")  # fmt: skip
        (stored,) = await bot.services.references.for_session(session.id)  # through the untrusted-image path
        assert Image.open(io.BytesIO(stored.data)).size == (320, 240)
        assert inline_images(fake_gemini.of_kind("stream")[-1]) == [stored.data]
        assert fake_gemini.of_kind("json")[-1].user_texts[-1] == "in front of a neon city"

        await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        (delivery,) = await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), within=60,
                                                  what="delivered")  # fmt: skip
        assert inline_images(fake_gemini.of_kind("image")[0]) == [stored.data]

        export = await fake_discord.component(alice, delivery, component_id(delivery, "pc:export:"))
        await fake_discord.wait_for(lambda: export.acked, what="export panel")
        panel = export.original
        go = next(c["custom_id"] for row in panel["components"] for c in row["components"]
                  if c["custom_id"].endswith(":go"))  # fmt: skip
        get = await fake_discord.component(alice, panel, go)
        await fake_discord.wait_for(lambda: get.followups, what="exported file")
        (exported,) = fake_discord.attachments[int(get.followups[0]["id"])]
        assert decode(exported.data).format in ("PNG", "WEBP")
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == [] and fake_discord.rate_limited == 0


async def test_use_as_reference_sends_an_image_posted_anywhere_to_the_open_session(tmp_path, fake_discord):
    """The message context menu: Discord delivers its target whole even without the intent."""
    fake_discord.message_content_allowed = False
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)  # offline coach
    try:
        menu = next(c for c in fake_discord.commands if c["name"] == "Use as reference")
        assert menu["type"] == 3 and sorted(menu["integration_types"]) == [0, 1]
        posted = await fake_discord.say(alice, fake_discord.channel_id, "my old logo", files=[("old.png", photo())])
        early = await fake_discord.message_command(alice, posted, "Use as reference")
        await fake_discord.wait_for(lambda: early.acked, what="no session yet")
        assert early.ephemeral and "/profile create" in early.callbacks[0]["data"]["content"]

        create = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"})
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        session = await bot.services.sessions.by_thread(thread_id)
        await fake_discord.wait_for(lambda: coach_replies(fake_discord.bot_messages(thread_id)), what="greeting")
        replies = len(coach_replies(fake_discord.bot_messages(thread_id)))

        used = await fake_discord.message_command(alice, posted, "Use as reference")
        await fake_discord.wait_for(lambda: used.acked, what="the menu answered")
        assert used.ephemeral and f"<#{thread_id}>" in used.callbacks[0]["data"]["content"]
        await fake_discord.wait_for(lambda: len(coach_replies(fake_discord.bot_messages(thread_id))) > replies,
                                    within=30, what="the coach answers about it in the thread")  # fmt: skip
        (stored,) = await bot.services.references.for_session(session.id)  # through the untrusted-image path
        assert Image.open(io.BytesIO(stored.data)).size == (320, 240)
    finally:
        await app.stop(bot)


async def test_a_reply_of_4000_characters_reaches_the_coach_whole(tmp_path, fake_discord, fake_gemini):
    """The Reply modal takes what Discord allows (4,000 characters); the coach reads every one of them, while what
    the bot posts (the words shown back, the coach's reply) keeps within a message's 2,000 (the fake refuses more)."""
    fake_discord.message_content_allowed = False
    scripted_coach(fake_gemini)
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "anime"})
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        (greeting,) = await fake_discord.wait_for(lambda: coach_replies(fake_discord.bot_messages(thread_id)),
                                                  what="greeting")  # fmt: skip
        click = await fake_discord.component(alice, greeting, component_id(greeting, "pc:reply:"))
        await fake_discord.wait_for(lambda: click.acked, what="the Reply modal")
        # Short lines: quoting each one makes the echo longer than the words, so it must be cut to fit.
        lines = [f"{i:03d} a fox knight, fierce, in a neon city" for i in range(200)]
        words = "\n".join(lines)[:3999] + "!"
        assert len(words) == 4000
        replies = len(fake_gemini.of_kind("stream"))
        submit = await fake_discord.modal_submit(alice, click, {"words": words})
        await fake_discord.wait_for(lambda: len(fake_gemini.of_kind("stream")) > replies, what="the coach's turn")
        assert fake_gemini.of_kind("stream")[-1].user_texts[-1] == words  # intact, to the last character
        await fake_discord.wait_for(lambda: len(coach_replies(fake_discord.bot_messages(thread_id))) > 1,
                                    what="the coach answered")  # fmt: skip
        shown = submit.callbacks[0]["data"]["content"]
        assert len(shown) <= 2000 and shown.endswith("…") and "> 000 a fox knight" in shown
        session = await bot.services.sessions.by_thread(thread_id)
        kept = [t.content for t in await bot.services.sessions.transcript(session.id) if t.role == "user"]
        assert kept[-1] == words  # kept whole in the transcript too
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == [] and fake_discord.rate_limited == 0


async def test_the_hint_is_given_once_per_session_even_across_a_restart(tmp_path, fake_discord):
    """The hint's mark is kept with the session: a restarted bot does not give it again, and still hears replies."""
    fake_discord.message_content_allowed = False
    alice = fake_discord.add_user("alice")
    settings = settings_for(tmp_path, fake_discord)  # offline coach

    def hints(thread_id):
        return [m for m in fake_discord.bot_messages(thread_id) if "reply** to one of my" in m["content"]]

    bot = await start_bot(settings, fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create", {"type": "streamer_logo", "style": "minimal"})
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.wait_for(lambda: coach_replies(fake_discord.bot_messages(thread_id)), what="greeting")
        await fake_discord.say(alice, thread_id, "a wolf, please")
        await fake_discord.wait_for(lambda: hints(thread_id), what="the hint")
    finally:
        await app.stop(bot)

    bot = await start_bot(settings, fake_discord)  # the same database, a new process's memory
    try:
        greeting = coach_replies(fake_discord.bot_messages(thread_id))[0]
        replies = len(coach_replies(fake_discord.bot_messages(thread_id)))
        await fake_discord.say(alice, thread_id, "hello again?")  # withheld: no second hint
        await fake_discord.say(alice, thread_id, "a wolf, please", reply_to=greeting)  # heard, after the one above
        await fake_discord.wait_for(lambda: len(coach_replies(fake_discord.bot_messages(thread_id))) > replies,
                                    within=30, what="the coach answers the reply")  # fmt: skip
        assert len(hints(thread_id)) == 1
    finally:
        await app.stop(bot)
    assert fake_discord.unknown_routes == []

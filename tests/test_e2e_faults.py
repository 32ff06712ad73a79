"""Issue 15 end to end: recovery before interactions, Discord refusing uploads and expired tokens, a refused
thread member, and bounded model spend under a message burst and 10,000 ordinary guild messages."""

import asyncio
import time

from bot import app
from bot.accounts.quota import month_key
from bot.model.brief import initial_brief
from bot.storage import Database
from bot.storage.sessions import SessionRepository
from tests.fakes.fake_gemini import Fault
from tests.harness import (
    TOKEN,
    component_id,
    credits_used,
    deliveries,
    open_ready_logo,
    settings_for,
    start_bot,
)


async def test_recovery_settles_a_crashed_create_before_the_first_interaction(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    settings = settings_for(tmp_path, fake_discord)
    # A previous process died mid-create: alice's session is stuck 'opening', her credit reserved.
    db = await Database.open(settings.database_path)
    await SessionRepository(db).open(
        user_id=alice, guild_id=fake_discord.guild_id, channel_id=fake_discord.channel_id,
        creation_type="profile_picture", style="anime", description="", colors=[],
        brief=initial_brief("anime", []), month=month_key(time.time()), limit=1,
    )  # fmt: skip
    await db.close()
    bot = await app.start(settings, TOKEN)
    try:
        await asyncio.wait_for(fake_discord.gateway_ready.wait(), 10)
        # The very first interaction after READY, before discord.py's on_ready: recovery has already run.
        create = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "anime"})
        await fake_discord.wait_for(lambda: create.followups, what="create answered")
        assert "Your design session is open" in create.followups[0]["content"]
        assert await credits_used(bot.services.db, alice) == 1  # the stuck credit came back, the new one is held
    finally:
        await app.stop(bot)


async def test_upload_refused_with_413_then_posted_again_without_a_model_call(tmp_path, fake_discord, fake_gemini):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
        fake_discord.upload_limit = 1_000  # smaller than any image
        click = await fake_discord.component(alice, options, component_id(options, "pc:gen:"))
        refused = await fake_discord.wait_for(
            lambda: click.original if click.original and "larger than this server allows" in click.original["content"]
            else None,
            what="413 explained",
        )  # fmt: skip
        assert deliveries(fake_discord, thread_id) == [] and component_id(refused, "pc:export:")
        session = await bot.services.sessions.by_thread(thread_id)
        assert (session.status, session.credit_state) == ("active", "spent")  # made, kept, paid for once

        fake_discord.upload_limit = None
        images = len(fake_gemini.of_kind("image"))
        again = await fake_discord.component(alice, refused, component_id(refused, "pc:repost:"))
        await fake_discord.wait_for(lambda: len(deliveries(fake_discord, thread_id)) == 1, what="posted again")
        await fake_discord.wait_for(lambda: again.original and "Posted" in again.original["content"], what="ack")
        assert len(fake_gemini.of_kind("image")) == images  # the kept file, no second render
        assert await bot.services.gallery.undelivered() == []
    finally:
        await app.stop(bot)


async def test_an_expired_interaction_token_mid_render_still_delivers(tmp_path, fake_discord, fake_gemini):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
        fake_gemini.fail("image", Fault(delay=0.5))
        click = await fake_discord.component(alice, options, component_id(options, "pc:gen:"))
        await fake_discord.wait_for(lambda: click.acked and fake_gemini.of_kind("image"), what="render started")
        fake_discord.tokens_expired = True  # every later edit of the interaction's answer gets 401
        await fake_discord.wait_for(lambda: len(deliveries(fake_discord, thread_id)) == 1, what="delivered")
        await fake_discord.wait_for(
            lambda: any("✅ Done" in m["content"] for m in fake_discord.bot_messages(thread_id)),
            what="outcome reported in the thread instead",
        )
        assert (await bot.services.sessions.by_thread(thread_id)).credit_state == "spent"
    finally:
        await app.stop(bot)


async def test_refused_member_add_removes_the_private_thread_and_says_the_new_one_is_public(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    fake_discord.add_member_refused = True
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "anime"})
        await fake_discord.wait_for(lambda: create.followups, what="create answered")
        assert "thread is public: others can read it" in create.followups[0]["content"]
        (thread,) = fake_discord.threads()
        assert thread["type"] == 11 and len(fake_discord.deleted_channels) == 1  # no private thread left behind
        thread_id = int(thread["id"])
        await fake_discord.wait_for(lambda: fake_discord.bot_messages(thread_id), what="greeting")
        assert "public" in fake_discord.bot_messages(thread_id)[0]["content"]
    finally:
        await app.stop(bot)


async def test_a_burst_of_50_messages_costs_a_bounded_number_of_model_calls(tmp_path, fake_discord, fake_gemini):
    alice = fake_discord.add_user("alice")
    burst, per_minute = 2, 20  # after the burst, one turn every 3 s
    settings = settings_for(
        tmp_path, fake_discord, fake_gemini.base_url,
        quota={"spend": {"free": {"coach_burst": burst, "coach_turns_per_minute": per_minute}}},
    )  # fmt: skip
    bot = await start_bot(settings, fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create", {"type": "profile_picture", "style": "anime"})
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.wait_for(lambda: fake_discord.bot_messages(thread_id)[1:], what="greeting")
        session = await bot.services.sessions.by_thread(thread_id)
        coach = bot.get_cog("CoachCog")
        await fake_discord.wait_for(lambda: not bot.session_locks.queued(session.id), what="greeting done")
        before = _coach_calls(fake_gemini)
        started = time.monotonic()
        for i in range(50):  # 50 messages in 5 s
            await fake_discord.say(alice, thread_id, f"idea {i}: a fox")
            await asyncio.sleep(0.1)
        duration = time.monotonic() - started
        said: list[str] = []
        for _ in range(400):  # until every message is in the transcript and no turn is pending
            transcript = await bot.services.sessions.transcript(session.id, limit=500)
            said = [t.content for t in transcript if t.role == "user"]
            if len(said) >= 50 and not coach.gate.pending(session.id):
                break
            await asyncio.sleep(0.05)
        assert [f"idea {i}: a fox" for i in range(50)] == said[-50:]  # nothing dropped, in order
        calls = _coach_calls(fake_gemini) - before
        turns = burst + int(duration * per_minute / 60) + 1
        assert 2 <= calls <= 2 * turns, (calls, turns)  # a turn = one extraction + one streamed reply
        assert len(bot.session_locks) == 0
    finally:
        await app.stop(bot)


async def test_10000_ordinary_guild_messages_touch_no_database_and_leave_no_state(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    # The idle sweeper queries on its own clock (its first pass races this test's start on a loaded machine); it
    # is not what ordinary messages cost, so it is stopped here.
    sweeper = bot.get_cog("LifecycleCog")._task
    sweeper.cancel()
    await asyncio.gather(sweeper, return_exceptions=True)
    statements = []
    await bot.services.db._conn.set_trace_callback(statements.append)  # every SQL statement the bot runs
    coach = bot.get_cog("CoachCog")

    async def chatter(count: int, start: int) -> None:
        for i in range(start, start + count):
            message = fake_discord._message(fake_discord.channel_id, {"content": f"gg {i}"}, [],
                                            author=fake_discord.users[alice])  # fmt: skip
            await fake_discord.dispatch("MESSAGE_CREATE", message)  # not stored by the fake
        marker = fake_discord._message(
            fake_discord.channel_id, {"content": "end"}, [], author=fake_discord.users[alice]
        )
        await fake_discord.dispatch("MESSAGE_CREATE", marker)
        await fake_discord.wait_for(
            lambda: bot.cached_messages and bot.cached_messages[-1].id == int(marker["id"]), within=60, what="all read"
        )

    try:
        await chatter(2_000, 0)  # fills discord.py's bounded message cache
        rss_before = _rss_kib()
        await chatter(10_000, 2_000)
        growth = _rss_kib() - rss_before
        assert statements == []
        assert len(bot.session_locks) == 0 and len(coach.gate) == 0
        assert growth < 8 * 1024, f"RSS grew {growth} KiB over 10,000 messages"
    finally:
        await app.stop(bot)


def _coach_calls(fake_gemini) -> int:
    return len(fake_gemini.of_kind("stream")) + len(fake_gemini.of_kind("json"))


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

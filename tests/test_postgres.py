"""Issue 13: one PostgreSQL database shared by several bot processes (shards)."""

import asyncio
import signal
import sys

from tests.harness import ROOT, TOKEN, launch_bot_process, messages_with_components, settings_for, write_config

RESERVER = """
import asyncio, sys
from bot.config.settings import QuotaSettings
from bot.accounts.quota import QuotaService
from bot.storage.postgres import PostgresDatabase

async def main():
    db = await PostgresDatabase.open(sys.argv[1], max_size=20)
    quota = QuotaService(db, QuotaSettings(limits={"pro": 5}))
    granted = await asyncio.gather(*(quota.reserve(42, "pro") for _ in range(100)))
    print(sum(g is not None for g in granted))
    await db.close()

asyncio.run(main())
"""


async def test_200_reserves_over_two_processes_grant_exactly_the_limit(pg_url):
    from bot.storage.postgres import PostgresDatabase

    await (await PostgresDatabase.open(pg_url)).close()  # migrated once first; both processes find the schema
    processes = [
        await asyncio.create_subprocess_exec(sys.executable, "-c", RESERVER, pg_url, cwd=ROOT,
                                             stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for _ in range(2)
    ]  # fmt: skip
    outputs = [await asyncio.wait_for(p.communicate(), 60) for p in processes]
    granted = [int(out.decode().strip() or -1) for out, _ in outputs]
    assert all(p.returncode == 0 for p in processes), [err.decode()[-500:] for _, err in outputs]
    assert sum(granted) == 5, granted
    db = await PostgresDatabase.open(pg_url)
    row = await db.fetchone("SELECT used FROM monthly_usage WHERE user_id = 42")
    await db.close()
    assert row["used"] == 5


def other_shard_guild(fake) -> int:
    """A guild id on the other of two shards than the main guild ((id >> 22) % 2 differs)."""
    return fake.guild_id + (1 << 22)


async def stop(process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


async def test_two_shard_processes_share_sessions_and_sweep_each_session_once(tmp_path, fake_discord, pg_url):
    main = fake_discord.guild_id
    guild_b = fake_discord.add_guild("Second server", guild_id=other_shard_guild(fake_discord))
    alice, bob = fake_discord.add_user("alice"), fake_discord.add_user("bob")
    fake_discord.join(bob, guild_b)
    shard_of = {g: (g >> 22) % 2 for g in (main, guild_b)}
    assert shard_of[main] != shard_of[guild_b]
    sessions = {"idle_warning_minutes": 0.02, "idle_expiry_minutes": 0.05, "sweep_interval_seconds": 0.2}
    processes = []
    try:
        for shard in (0, 1):
            settings = settings_for(tmp_path, fake_discord, discord={"shard_count": 2, "shard_ids": [shard]},
                                    storage={"url": pg_url}, sessions=sessions)  # fmt: skip
            config = write_config(tmp_path / f"shard{shard}.toml", settings)
            processes.append(await launch_bot_process(config, {"DISCORD_TOKEN": TOKEN}))
        await fake_discord.wait_for(lambda: len(fake_discord._socket_shards) == 2, within=60, what="both shards")
        for user, guild in ((alice, main), (bob, guild_b)):
            create = await fake_discord.slash(user, "profile", "create", {"type": "streamer_logo", "style": "retro"},
                                              channel_id=fake_discord.guild_channel(guild))  # fmt: skip
            await fake_discord.wait_for(lambda c=create: c.followups, within=30, what="session opened")
            assert "session is open" in create.followups[0]["content"]
        threads = [int(t["id"]) for t in fake_discord.threads()]
        assert len(threads) == 2

        def expired(thread_id):
            return [m for m in fake_discord.bot_messages(thread_id) if "expired after being idle" in m["content"]]

        await fake_discord.wait_for(lambda: all(expired(t) for t in threads), within=30, what="both expired")
        await asyncio.sleep(1.0)  # several more sweeps in both processes
        for thread_id in threads:  # two processes sweep the same database, yet each session ends once
            assert len(expired(thread_id)) == 1
            warnings = [m for m in fake_discord.bot_messages(thread_id) if "still there?" in m["content"]]
            assert len(warnings) == 1
    finally:
        for process in processes:
            await stop(process)


async def test_a_session_opened_by_one_process_continues_in_another(tmp_path, fake_discord, pg_url):
    alice = fake_discord.add_user("alice")
    first = settings_for(tmp_path, fake_discord, storage={"url": pg_url})
    process_a = await launch_bot_process(write_config(tmp_path / "a.toml", first), {"DISCORD_TOKEN": TOKEN})
    try:
        await asyncio.wait_for(fake_discord.gateway_ready.wait(), 60)
        create = await fake_discord.slash(
            alice, "profile", "create", {"type": "profile_picture", "style": "anime", "description": "a fox"}
        )
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), within=30, what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        await fake_discord.wait_for(lambda: len(fake_discord.bot_messages(thread_id)) >= 3, within=30, what="greeting")
    finally:
        await stop(process_a)
    # Another process (sharded this time) takes over; the user's next message reaches it.
    second = settings_for(tmp_path / "b", fake_discord, discord={"shard_count": 1, "shard_ids": [0]},
                          storage={"url": pg_url})  # fmt: skip
    process_b = await launch_bot_process(write_config(tmp_path / "b.toml", second), {"DISCORD_TOKEN": TOKEN})
    try:
        await fake_discord.wait_for(lambda: fake_discord._socket_shards, within=60, what="second process")
        await fake_discord.say(alice, thread_id, "fierce, in front of a plain dark background")
        options = await fake_discord.wait_for(
            lambda: messages_with_components(fake_discord, thread_id), within=30,
            what="the brief completed in the second process",
        )  # fmt: skip
        assert "Generate" in str(options[-1]["components"])
    finally:
        await stop(process_b)


async def test_a_session_lock_holds_across_processes(pg_url):
    """Two processes (two pools here) never run a step of the same session at once; other sessions don't wait."""
    from bot.sessions.locks import SessionLocks
    from bot.storage.postgres import PostgresDatabase

    first, second = await PostgresDatabase.open(pg_url), await PostgresDatabase.open(pg_url)
    try:
        locks_a, locks_b = SessionLocks(first.advisory_lock), SessionLocks(second.advisory_lock)
        order: list[str] = []
        entered = asyncio.Event()

        async def step_a() -> None:
            async with locks_a.hold(7):
                order.append("a in")
                entered.set()
                await asyncio.sleep(0.3)
                order.append("a out")

        async def step_b(session_id: int, tag: str) -> None:
            await entered.wait()
            async with locks_b.hold(session_id):
                order.append(tag)

        await asyncio.gather(step_a(), step_b(7, "b same session"), step_b(8, "b other session"))
        assert order.index("b same session") > order.index("a out")  # waited for the other process
        assert order.index("b other session") < order.index("a out")  # a different session did not wait
    finally:
        await first.close()
        await second.close()

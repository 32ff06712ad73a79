from bot.config.settings import SessionSettings
from bot.gallery.store import NewCreation
from bot.model.brief import Brief, initial_brief
from bot.references import ReferenceStore
from bot.sessions.lifecycle import SessionLifecycle
from bot.storage.sessions import SessionRepository


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def usage(db) -> int:
    row = await db.fetchone("SELECT SUM(used) AS n FROM monthly_usage")
    return row["n"] or 0


async def test_recovery_refunds_unopened_releases_generating_and_finds_undelivered(db, sessions, gallery, quota):
    opening = await sessions.open(
        user_id=1, guild_id=1, channel_id=1, creation_type="profile_picture", style="anime", description="",
        colors=[], brief=Brief(), month=quota.current_month(), limit=1,
    )  # fmt: skip
    generating = await sessions.open(
        user_id=2, guild_id=1, channel_id=1, creation_type="streamer_logo", style="minimal", description="",
        colors=[], brief=opening.session.brief, month=quota.current_month(), limit=1,
    )  # fmt: skip
    await sessions.attach_thread(generating.session.id, 555)
    assert await sessions.claim_for_generation(generating.session.id, budget=4, attempts=8)
    posted_late = await gallery.add(
        NewCreation(3, None, "streamer_logo", "minimal", 256, "png", "transparent", "p", False), b"img"
    )
    assert await usage(db) == 2

    report = await SessionLifecycle(sessions, gallery, SessionSettings()).recover()
    assert [s.id for s in report.abandoned] == [opening.session.id]
    assert [s.status for s in report.interrupted] == ["active"]
    assert [c.id for c in report.undelivered] == [posted_late.id]
    assert await usage(db) == 1  # the unopened session's credit came back; the other is still held
    assert (await sessions.get(generating.session.id)).credit_state == "reserved"


async def test_sweep_warns_once_then_expires(db, quota):
    clock = Clock(1_000_000.0)
    sessions = SessionRepository(db, clock)  # activity is stamped with the same simulated clock
    opened = await sessions.open(
        user_id=1, guild_id=1, channel_id=1, creation_type="profile_picture", style="anime", description="",
        colors=[], brief=initial_brief("anime", []), month=quota.current_month(), limit=1,
    )  # fmt: skip
    await sessions.attach_thread(opened.session.id, 777)
    session = opened.session
    lifecycle = SessionLifecycle(
        sessions, None, SessionSettings(idle_warning_minutes=10, idle_expiry_minutes=30), clock=clock
    )
    clock.now += 5 * 60
    assert (await lifecycle.sweep()).warned == []
    clock.now += 6 * 60
    assert [s.id for s in (await lifecycle.sweep()).warned] == [session.id]
    assert (await lifecycle.sweep()).warned == []  # warned once
    clock.now += 20 * 60
    result = await lifecycle.sweep()
    assert [s.status for s in result.expired] == ["expired"]
    assert await usage(db) == 0


def open_in_dm(sessions, quota):
    """User 9's new session in their DM (channel 77)."""
    return sessions.open(
        user_id=9, guild_id=None, channel_id=77, creation_type="profile_picture", style="anime", description="",
        colors=[], brief=Brief(), month=quota.current_month(), limit=3,
    )  # fmt: skip


async def test_a_dm_holds_sessions_one_after_another(db, sessions, quota):
    """Issue 42, on both databases: a DM is the "thread" of each of its user's sessions in turn (a thread belongs to
    one session: the ended one lets go of it); the no-content hint is taken once, by the owner."""
    older = (await open_in_dm(sessions, quota)).session
    assert await sessions.attach_thread(older.id, 77)
    await sessions.end(older.id, "completed")
    newer = (await open_in_dm(sessions, quota)).session
    assert await sessions.attach_thread(newer.id, 77)  # the DM again
    found = await sessions.by_thread(77)
    assert found.id == newer.id and found.in_dm and found.live
    assert (await sessions.get(older.id)).thread_id is None
    assert await sessions.take_content_hint(newer.id, 9) and not await sessions.take_content_hint(newer.id, 9)
    assert not await sessions.take_content_hint(older.id, 8)  # not theirs


async def test_a_dm_session_resumed_after_a_later_one_ended_takes_the_dm_back(db, sessions, quota):
    """On both databases: the DM goes to the user's open session, even when a later one held it and ended."""
    older = (await open_in_dm(sessions, quota)).session
    assert await sessions.attach_thread(older.id, 77)
    await sessions.end(older.id, "expired")
    newer = (await open_in_dm(sessions, quota)).session
    assert await sessions.attach_thread(newer.id, 77)
    await sessions.end(newer.id, "completed")
    resumed = await sessions.resume(older.id, month=quota.current_month(), limit=3, window_seconds=3600)
    assert resumed.name == "RESUMED"
    found = await sessions.by_thread(77)
    assert found.id == older.id and found.in_dm and found.live
    assert sessions.may_be_live_thread(77)


async def test_a_coach_turn_reads_its_session_transcript_and_references_in_one_go(db, sessions, quota, tmp_path):
    opened = (await sessions.open(
        user_id=9, guild_id=None, channel_id=77, creation_type="profile_picture", style="anime", description="",
        colors=[], brief=Brief(), month=quota.current_month(), limit=3,
    )).session  # fmt: skip
    for n in range(5):
        await sessions.add_message(opened.id, "user" if n % 2 == 0 else "model", f"message {n}")
    references = ReferenceStore(db, tmp_path / "refs")
    session, said, (rows,) = await sessions.get_with_transcript(opened.id, 3, references.query_for(opened.id))
    assert session.id == opened.id and [t.content for t in said] == ["message 2", "message 3", "message 4"]
    assert await references.from_rows(rows) == []

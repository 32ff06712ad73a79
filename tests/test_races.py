"""Issue 15: state transitions hold when another task gets in between a SELECT and the UPDATE after it."""

import sqlite3

import pytest

from bot.config.settings import SessionSettings
from bot.gallery.store import NewCreation
from bot.model.brief import initial_brief
from bot.render.store import NewRender
from bot.sessions.lifecycle import SessionLifecycle
from bot.storage import Database
from bot.storage.sessions import OpenOutcome, SessionRepository
from tests.harness import READY_BRIEF, credits_used
from tests.interleave import InterleavingDatabase

MONTH = "2026-11"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def _open(sessions: SessionRepository, user_id: int = 1):
    return await sessions.open(
        user_id=user_id, guild_id=1, channel_id=1, creation_type="profile_picture", style="anime", description="",
        colors=[], brief=initial_brief("anime", []), month=MONTH, limit=1,
    )  # fmt: skip


@pytest.fixture
async def hooked(tmp_path):
    database = await InterleavingDatabase.open(tmp_path / "races.sqlite3")
    yield database
    await database.close()


async def test_generate_between_the_sweeps_select_and_its_expiry_keeps_the_paid_render(hooked):
    clock = Clock(1_000_000.0)
    sessions = SessionRepository(hooked, clock)
    opened = await _open(sessions)
    sid = opened.session.id
    await sessions.attach_thread(sid, 900)
    await sessions.save_brief(sid, READY_BRIEF)
    clock.now += 31 * 60  # idle past expiry
    lifecycle = SessionLifecycle(sessions, None, SessionSettings(), clock=clock)
    # The user presses Generate just after the sweep has listed the session as idle.
    claimed = []
    hooked.after("status = 'active' AND last_activity_at", lambda: _claim(sessions, sid, claimed))

    result = await lifecycle.sweep()

    assert claimed == [True] and result.expired == []
    during = await sessions.get(sid)
    assert (during.status, during.credit_state) == ("generating", "reserved")
    render = NewRender(sid, 1, "generate", "a" * 64, "x.png", "p", None, True, 1.0, None)
    creation = NewCreation(1, sid, "profile_picture", "anime", 512, "png", "transparent", "p", False)
    await sessions.complete(during, render, creation, "b" * 64, "y.png")  # the image is recorded, not lost
    after = await sessions.get(sid)
    assert (after.status, after.credit_state) == ("active", "spent")
    assert await credits_used(hooked, 1) == 1


async def _claim(sessions: SessionRepository, sid: int, out: list[bool]) -> None:
    out.append(await sessions.claim_for_generation(sid, 4, 8))


async def test_recovery_during_a_create_does_not_leave_the_user_stuck(db, gallery):
    sessions = SessionRepository(db)
    opened = await _open(sessions)
    # A restart-recovery pass cancels the 'opening' session while its create is still opening the thread.
    await SessionLifecycle(sessions, gallery, SessionSettings()).recover()
    assert await sessions.attach_thread(opened.session.id, 901) is False  # the create learns it lost
    cancelled = await sessions.get(opened.session.id)
    assert (cancelled.status, cancelled.credit_state) == ("cancelled", "refunded")
    again = await _open(sessions)  # the user can start over at once, with their credit back
    assert again.outcome is OpenOutcome.OPENED and await credits_used(db, 1) == 1


async def test_a_session_stuck_opening_is_swept_and_refunded(db):
    clock = Clock(2_000_000.0)
    sessions = SessionRepository(db, clock)
    opened = await _open(sessions)
    lifecycle = SessionLifecycle(sessions, None, SessionSettings(opening_timeout_seconds=120), clock=clock)
    clock.now += 60
    assert (await lifecycle.sweep()).abandoned == []  # a create still in flight is left alone
    clock.now += 61
    swept = await lifecycle.sweep()
    assert [s.id for s in swept.abandoned] == [opened.session.id]
    assert (await sessions.get(opened.session.id)).credit_state == "refunded"
    assert await credits_used(db, 1) == 0
    assert (await _open(sessions)).outcome is OpenOutcome.OPENED


async def test_a_failed_commit_is_rolled_back_and_the_connection_stays_usable(tmp_path):
    deferred = (
        "CREATE TABLE parent (id INTEGER PRIMARY KEY); "
        "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
    )
    db = await Database.open(tmp_path / "c.sqlite3", migrations=[(1, "0001_deferred.sql", deferred)])
    try:
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO child (parent_id) VALUES (42)")  # fails only at COMMIT
        async with db.transaction() as conn:  # a new BEGIN works: nothing was left open
            await conn.execute("INSERT INTO parent (id) VALUES (1)")
        assert (await db.fetchone("SELECT COUNT(*) AS n FROM child"))["n"] == 0
        assert (await db.fetchone("SELECT COUNT(*) AS n FROM parent"))["n"] == 1
    finally:
        await db.close()

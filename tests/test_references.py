"""References are kept for the session and its resume window only, at most N per session."""

import io

from PIL import Image

from bot.config.settings import SessionSettings
from bot.model.brief import Brief
from bot.references.intake import clean_reference
from bot.references.store import ReferenceStore
from bot.sessions.lifecycle import REFERENCE_PURGE_SECONDS, SessionLifecycle
from bot.storage.sessions import SessionRepository
from tests.test_races import Clock


def photo(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), colour).save(out, "PNG")
    return out.getvalue()


async def test_the_oldest_reference_drops_out_beyond_the_limit(db, open_session, tmp_path):
    store = ReferenceStore(db, tmp_path / "refs")
    session = await open_session()
    for index in range(4):
        added = await store.add(session.id, 1, clean_reference(photo((index * 60, 0, 0))), "message", 3)
    assert added.dropped == 1
    kept = await store.for_session(session.id)
    reds = [Image.open(io.BytesIO(r.data)).getpixel((1, 1))[0] for r in kept]
    assert len(kept) == 3 and min(reds) > 30  # the first (red 0) is gone
    assert len(list((tmp_path / "refs").rglob("*.*"))) == 3  # and so is its file


async def test_the_sweep_deletes_references_once_a_session_cannot_continue(db, tmp_path):
    clock = Clock(3_000_000.0)
    sessions = SessionRepository(db, clock)
    store = ReferenceStore(db, tmp_path / "refs", clock)
    settings = SessionSettings(resume_days=1)
    lifecycle = SessionLifecycle(sessions, None, settings, clock=clock, references=store)
    ids = []
    for user in (1, 2, 3):
        opened = await sessions.open(user_id=user, guild_id=1, channel_id=1, creation_type="profile_picture",
                                     style="anime", description="", colors=[], brief=Brief(), month="2026-11",
                                     limit=1)  # fmt: skip
        await sessions.attach_thread(opened.session.id, 5000 + user)
        await store.add(opened.session.id, user, clean_reference(photo((9, 9, 9))), "upload", 3)
        ids.append(opened.session.id)
    done, expired, active = ids
    await sessions.end(done, "completed")
    await sessions.end(expired, "expired")
    assert (await lifecycle.sweep()).references_deleted == 1  # the finished session's; the expired may resume
    clock.now += 2 * 86400  # past the resume window (the active one is expired by idleness now too)
    await sessions.add_message(active, "user", "still here")  # activity stamped now: it stays live
    await lifecycle.sweep()
    assert await store.count(done) == 0 and await store.count(expired) == 0
    assert await store.count(active) == 1


async def test_a_finished_sessions_references_go_at_the_next_purge_within_ten_minutes(db, tmp_path):
    clock = Clock(3_000_000.0)
    sessions = SessionRepository(db, clock)
    store = ReferenceStore(db, tmp_path / "refs", clock)
    lifecycle = SessionLifecycle(sessions, None, SessionSettings(), clock=clock, references=store)
    opened = await sessions.open(user_id=1, guild_id=1, channel_id=1, creation_type="profile_picture", style="anime",
                                 description="", colors=[], brief=Brief(), month="2026-11", limit=1)  # fmt: skip
    await sessions.attach_thread(opened.session.id, 5001)
    await store.add(opened.session.id, 1, clean_reference(photo((9, 9, 9))), "upload", 3)
    assert (await lifecycle.sweep()).references_deleted == 0  # live: kept (this pass looked)
    await sessions.end(opened.session.id, "completed")
    clock.now += 60
    assert (await lifecycle.sweep()).references_deleted == 0  # the next minute's pass does not look again
    assert await store.count(opened.session.id) == 1
    clock.now += REFERENCE_PURGE_SECONDS
    assert (await lifecycle.sweep()).references_deleted == 1
    assert await store.count(opened.session.id) == 0 and not list((tmp_path / "refs").rglob("*.*"))

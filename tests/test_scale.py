"""Issue 47: the operator's stats, forget-me and the sweeps cost what they touch, through indexes, and an operator's
scan never holds up a user's step (the planner is asked on both databases; the data stays small)."""

from __future__ import annotations

import asyncio
import os
import re
import time
from datetime import UTC, datetime

import pytest

from bot.accounts import OperatorStats, PrivacyService, QueryTimedOut, QuotaService
from bot.config.settings import QuotaSettings, SessionSettings
from bot.gallery.orphans import OrphanFiles
from bot.references import ReferenceStore
from bot.sessions.lifecycle import SessionLifecycle
from bot.storage import Database, SessionRepository
from bot.storage.database import bundled_migrations
from tests.conftest import fresh_schema_url
from tests.test_stats import NOV, seed

# Tables that grow with history: a statement of stats, forget-me or a sweep pass must never walk one of them whole.
HISTORY = {"sessions", "creations", "renders", "ratings", "session_messages", "render_failures", "brand_kits",
           "brand_kit_art", "model_usage", "kept_kits", "kept_kit_files"}  # fmt: skip
ALIASES = {"s": "sessions", "c": "creations", "r": "renders", "g": "ratings", "f": "render_failures",
           "k": "brand_kits", "a": "brand_kit_art", "kk": "kept_kits", "kf": "kept_kit_files"}  # fmt: skip


async def seed_more(db, images) -> None:
    """test_stats' month plus what forget-me deletes: a transcript, a kit with its art, a login, shared files."""
    await seed(db)
    await db.execute("INSERT INTO session_messages (session_id, role, content, created_at) VALUES (1, 'user', 'hi', ?)",
                     (NOV,))  # fmt: skip
    owner = "(SELECT user_id FROM sessions WHERE sessions.id = {}.session_id)"
    await db.execute(
        f"UPDATE creations SET relative_path = 'ab/' || id || '.png', user_id = {owner.format('creations')}"
    )
    await db.execute(f"UPDATE renders SET source_path = 'cd/' || id || '.png', user_id = {owner.format('renders')}")
    await db.execute("UPDATE ratings SET user_id = (SELECT user_id FROM renders WHERE renders.id = ratings.render_id)")
    await db.execute("INSERT INTO brand_kits (id, render_id, user_id, art, image_calls, credit_month, created_at) "
                     "VALUES (1, 1, 1, '{\"wide\": \"ef/wide.png\"}', 1, '2026-11', ?)", (NOV,))  # fmt: skip
    await db.execute("INSERT INTO brand_kit_art (kit_id, path) VALUES (1, 'ef/wide.png')")
    await db.execute("INSERT INTO kept_kits (id, render_id, user_id, variant, matte, titles, files, zip_bytes, "
                     "charged, created_at) VALUES (1, 1, 1, '[]', 'dark', '[]', 30, 1, 0, ?)", (NOV,))  # fmt: skip
    await db.execute("INSERT INTO kept_kit_files (kit_id, role, position, filename, path) "
                     "VALUES (1, 'zip', 0, 'kit.zip', 'ef/kit.zip')")  # fmt: skip
    await db.execute("INSERT INTO web_logins (token_hash, user_id, expires_at) VALUES ('t', 1, ?)", (NOV,))
    for sid in (1, 4):  # one finished session's references (the sweep's purge takes them), one live session's
        await db.execute(
            "INSERT INTO session_references (session_id, user_id, source, relative_path, mime, created_at) "
            "VALUES (?, 1, 'upload', ?, 'image/png', ?)", (sid, f"{sid}/r.png", NOV),
        )  # fmt: skip
    for name in ("ab/1.png", "cd/1.png", "ef/wide.png", "ef/kit.zip"):
        (images / name).parent.mkdir(parents=True, exist_ok=True)
        (images / name).write_bytes(b"x")


async def operator_statements(tmp_path) -> list[str]:
    """Every statement (parameters filled in) that stats, a sweep pass and forget-me run on a seeded SQLite file."""
    images = tmp_path / "images"
    db = await Database.open(tmp_path / "plans.sqlite3")
    try:
        await seed_more(db, images)
        seen: list[str] = []
        await db.scan("SELECT 1")  # the operator's connection exists, so both connections can be traced
        for conn in (db._conn, db._reader):  # traced on each connection's own thread (sqlite3's rule)
            await conn._execute(conn._conn.set_trace_callback, seen.append)
        sessions = SessionRepository(db)
        references = ReferenceStore(db, tmp_path / "references")
        await OperatorStats(db).for_month("2026-11")
        await OperatorStats(db).for_month("2026-11", guild_id=10)
        await SessionLifecycle(sessions, None, SessionSettings(), references=references).sweep()
        await PrivacyService(db, sessions, references, images).forget(1)
        for conn in (db._conn, db._reader):
            await conn._execute(conn._conn.set_trace_callback, None)
    finally:
        await db.close()
    return list(dict.fromkeys(s for s in seen if re.match(r"\s*(SELECT|DELETE|UPDATE|WITH)\b", s, re.IGNORECASE)))


async def test_sqlite_plans_use_indexes_for_stats_forget_and_the_sweep(tmp_path):
    statements = await operator_statements(tmp_path)
    assert any("creations c" in s for s in statements) and any("DELETE FROM ratings" in s for s in statements)
    db = await Database.open(tmp_path / "plans.sqlite3")
    try:
        for statement in statements:
            plan = [row["detail"] for row in await db.fetchall(f"EXPLAIN QUERY PLAN {statement}")]
            walked = {ALIASES.get(m[1], m[1]) for d in plan if (m := re.match(r"SCAN (\w+)", d))}
            # An index range with no lower end (created_at<?) walks all history before a point. One from a point on
            # (created_at>?: stats' rows from the month's start) reads that month and the few since, never the past.
            walked |= {ALIASES.get(m[1], m[1]) for d in plan if (m := re.match(r"SEARCH (\w+) .*\(\w+<\?\)$", d))}
            assert not walked & HISTORY, f"{statement}\n" + "\n".join(plan)
        # The ON DELETE rules look up each child row by its parent: every foreign key column leads an index.
        for table in HISTORY | {"session_references"}:
            indexed = {(await db.fetchall(f"PRAGMA index_info('{row['name']}')"))[0]["name"]
                       for row in await db.fetchall(f"PRAGMA index_list('{table}')")}  # fmt: skip
            indexed |= {row["name"] for row in await db.fetchall(f"PRAGMA table_info('{table}')") if row["pk"] == 1}
            for key in await db.fetchall(f"PRAGMA foreign_key_list('{table}')"):
                assert key["from"] in indexed, f"{table}.{key['from']} has no index"
    finally:
        await db.close()


async def test_postgres_plans_use_indexes_for_the_same_statements(tmp_path, pg_url):
    import asyncpg

    from bot.storage.postgres import PostgresDatabase

    statements = await operator_statements(tmp_path)
    await (await PostgresDatabase.open(pg_url)).close()  # the schema, all migrations
    conn = await asyncpg.connect(pg_url)
    try:
        async with conn.transaction():
            await conn.execute("SET LOCAL enable_seqscan = off")  # a sequential scan then means: no usable index
            for statement in statements:
                plan = "\n".join(row[0] for row in await conn.fetch(f"EXPLAIN {statement}"))
                walked = set(re.findall(r"Seq Scan on (\w+)", plan))
                assert not walked & HISTORY, f"{statement}\n{plan}"
    finally:
        await conn.close()


async def test_forget_keeps_a_file_another_users_kit_still_uses(tmp_path, db):
    images = tmp_path / "images"
    await seed_more(db, images)
    await db.execute("INSERT INTO brand_kits (id, render_id, user_id, art, image_calls, credit_month, created_at) "
                     "VALUES (2, 4, 3, '{\"tall\": \"ab/1.png\"}', 1, '2026-11', ?)", (NOV,))  # fmt: skip
    await db.execute("INSERT INTO brand_kit_art (kit_id, path) VALUES (2, 'ab/1.png')")
    sessions = SessionRepository(db)
    report = await PrivacyService(db, sessions, ReferenceStore(db, tmp_path / "refs"), images).forget(1)
    assert (report.kits, report.ratings, report.renders, report.sessions) == (1, 2, 3, 2)
    # User 1's creation file is the other user's kit art: it stays; user 1's own kit art and sources go.
    assert (images / "ab/1.png").exists()
    assert not (images / "ef/wide.png").exists() and not (images / "cd/1.png").exists()
    assert await db.fetchone("SELECT 1 FROM brand_kit_art WHERE kit_id = 1") is None  # went with the kit


async def test_kits_kept_before_the_index_table_are_found_by_name(tmp_path, backend, request):
    """The scale migration copies the art of kits kept before it into brand_kit_art."""
    ours = next(version for version, name, _ in bundled_migrations() if name.endswith("_scale_indexes.sql"))
    before = [m for m in bundled_migrations() if m[0] < ours]
    if backend == "postgres":
        from bot.storage.postgres import PostgresDatabase, postgres_migrations

        url = await fresh_schema_url(request.getfixturevalue("postgres_server"))
        db = await PostgresDatabase.open(url, [m for m in postgres_migrations() if m[0] < ours])
        again = lambda: PostgresDatabase.open(url)  # noqa: E731
    else:
        db = await Database.open(tmp_path / "old.sqlite3", before)
        again = lambda: Database.open(tmp_path / "old.sqlite3")  # noqa: E731
    await seed(db)
    await db.execute("INSERT INTO brand_kits (id, render_id, user_id, art, image_calls, credit_month, created_at) "
                     "VALUES (1, 1, 1, '{\"wide\": \"ef/w.png\", \"tall\": \"ef/t.png\", \"square\": \"ef/w.png\"}', "
                     "2, '2026-11', ?)", (NOV,))  # fmt: skip
    await db.close()
    db = await again()
    try:
        rows = await db.fetchall("SELECT path FROM brand_kit_art WHERE kit_id = 1 ORDER BY path")
        assert [row["path"] for row in rows] == ["ef/t.png", "ef/w.png"]
    finally:
        await db.close()


async def test_a_slow_operator_scan_never_holds_up_a_users_step(db, backend):
    never_ends = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT MAX(x) AS m FROM c"
    if backend == "postgres":
        never_ends = "SELECT pg_sleep(60) AS m"
    scan = asyncio.create_task(db.scan(never_ends, what="Counting the figures of 2026-11", limit_seconds=2))
    await asyncio.sleep(0.3)  # the scan is under way
    quota = QuotaService(db, QuotaSettings())
    sessions = SessionRepository(db)
    started = time.perf_counter()
    for user in range(10):  # a user's steps: the quota, a reserve, a session lookup
        await quota.status(user, "free")
        await quota.reserve(user, "free")
        await sessions.active_for_user(user)
    took = time.perf_counter() - started
    assert not scan.done(), "the users' steps waited for the operator's scan"
    assert took < 1.5
    with pytest.raises(QueryTimedOut, match=r"^Counting the figures of 2026-11 took longer than 2 s and was stopped$"):
        await scan
    assert (await db.scan("SELECT 1 AS one"))[0]["one"] == 1  # the operator's connection is usable again


async def test_an_ended_month_is_counted_once(db):
    await seed(db)
    stats = OperatorStats(db, clock=lambda: datetime(2026, 12, 2, tzinfo=UTC).timestamp())
    before = await stats.for_month("2026-11")
    await db.execute("UPDATE sessions SET credit_state = 'refunded' WHERE id = 1")
    assert await stats.for_month("2026-11") == before  # November is over: its figures were kept
    during = OperatorStats(db, clock=lambda: NOV + 86400)
    assert (await during.for_month("2026-11")).refunds == 2
    await db.execute("UPDATE sessions SET credit_state = 'refunded' WHERE id = 2")
    assert (await during.for_month("2026-11")).refunds == 3  # the month is still running: counted again


async def test_the_orphan_sweep_compares_one_folder_at_a_time(tmp_path, db):
    images, refs = tmp_path / "images", tmp_path / "references"
    await seed_more(db, images)
    await db.execute("INSERT INTO session_references (session_id, user_id, source, relative_path, mime, created_at) "
                     "VALUES (2, 1, 'upload', '2/kept.png', 'image/png', ?)", (NOV,))  # fmt: skip
    old = time.time() - 7200
    files = {"ab/1.png": True, "ab/stray.png": False, "cd/1.png": True, "ef/wide.png": True, "loose.png": False,
             "ab/new.png": True}  # fmt: skip
    references = {"2/kept.png": True, "2/gone.png": False, "9/other.png": False}
    for root, named in ((images, files), (refs, references)):
        for name in named:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(b"x")
            if name != "ab/new.png":  # written a moment ago: its row may be on its way
                os.utime(root / name, (old, old))
    assert await OrphanFiles(db, images, refs).sweep(3600) == 4
    for root, named in ((images, files), (refs, references)):
        assert {name for name in named if (root / name).exists()} == {n for n, keep in named.items() if keep}


async def test_the_orphan_sweep_goes_on_from_where_its_last_pass_stopped(tmp_path, db):
    """A pass compares about its share of files and records where it stopped: the next pass goes on from there, the
    walk wraps around at the end, and every stray is found within a round; named files stay."""
    images, refs = tmp_path / "images", tmp_path / "references"
    await seed_more(db, images)  # names ab/1.png, cd/1.png, ef/wide.png
    old = time.time() - 7200
    strays = ["loose.png", "ab/stray.png", "cd/stray.png", "ef/stray.png"]
    for name in strays:
        (images / name).parent.mkdir(parents=True, exist_ok=True)
        (images / name).write_bytes(b"x")
    (refs / "9").mkdir(parents=True)
    (refs / "9" / "gone.png").write_bytes(b"x")  # no session 9: nothing names it
    for path in [*images.rglob("*.png"), refs / "9" / "gone.png"]:
        os.utime(path, (old, old))
    orphans = OrphanFiles(db, images, refs)
    # Two files a pass: the images' own files and ab/ (3 files) first, then cd/, then ef/, then the references.
    assert await orphans.sweep(3600, files_per_pass=2) == 2  # loose.png, ab/stray.png
    assert (images / "cd/stray.png").exists() and (refs / "9/gone.png").exists()  # not this pass's folders
    assert await orphans.sweep(3600, files_per_pass=2) == 1  # cd/ (2 files): its stray
    assert (images / "ef/stray.png").exists()
    assert await orphans.sweep(3600, files_per_pass=2) == 1  # ef/
    assert await orphans.sweep(3600, files_per_pass=2) == 1  # the references: 9/gone.png
    assert not any((images / name).exists() for name in strays) and not (refs / "9/gone.png").exists()
    assert all((images / name).exists() for name in ("ab/1.png", "cd/1.png", "ef/wide.png"))
    # The walk wraps around: a stray left since in a folder it has passed is found within the next round.
    (images / "ab" / "late.png").write_bytes(b"x")
    os.utime(images / "ab" / "late.png", (old, old))
    assert sum([await orphans.sweep(3600, files_per_pass=2) for _ in range(4)]) == 1
    assert not (images / "ab/late.png").exists()
    # A pass with room for everything compares everything, as one round.
    (images / "ef" / "again.png").write_bytes(b"x")
    os.utime(images / "ef" / "again.png", (old, old))
    assert await orphans.sweep(3600) == 1

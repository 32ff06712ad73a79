import asyncio
import sqlite3

import pytest

from bot.storage import Database, SchemaError, UniqueViolation
from bot.storage.database import bundled_migrations


async def test_fresh_database_is_wal_with_foreign_keys_and_latest_schema(tmp_path):
    db = await Database.open(tmp_path / "a.sqlite3")
    try:
        assert await db.schema_version() == len(bundled_migrations())
        assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
    finally:
        await db.close()


async def test_migrations_upgrade_an_existing_database_and_keep_its_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    first = bundled_migrations()[:1]
    old = await Database.open(path, migrations=first)
    await old.execute("INSERT INTO monthly_usage (user_id, month, used) VALUES (1, '2026-11', 3)")
    assert await old.schema_version() == 1
    await old.close()

    db = await Database.open(path)
    try:
        assert await db.schema_version() == len(bundled_migrations())
        row = await db.fetchone("SELECT used FROM monthly_usage WHERE user_id = 1")
        assert row["used"] == 3
        # The tables of the later migration now exist.
        assert await db.fetchall("SELECT * FROM creations") == []
    finally:
        await db.close()
    # Opening again applies nothing twice.
    again = await Database.open(path)
    rows = await again.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == list(range(1, len(bundled_migrations()) + 1))
    await again.close()


async def test_database_from_a_newer_bot_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    await (await Database.open(path)).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at REAL)"
    )
    conn.execute("INSERT INTO schema_migrations VALUES (99, '0099_future.sql', 0)")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        await Database.open(path)


async def test_failed_migration_rolls_back_and_leaves_version(tmp_path):
    path = tmp_path / "broken.sqlite3"
    broken = [
        *bundled_migrations()[:1],
        (2, "0002_broken.sql", "CREATE TABLE t (x INTEGER); SELECT * FROM nope"),
    ]
    with pytest.raises(sqlite3.OperationalError):
        await Database.open(path, migrations=broken)
    db = await Database.open(path, migrations=bundled_migrations()[:1])
    assert await db.schema_version() == 1
    assert await db.fetchone("SELECT name FROM sqlite_master WHERE name = 't'") is None
    await db.close()


async def test_statements_arriving_together_share_a_hop_and_keep_their_own_outcomes(tmp_path):
    """Many users at once: their statements go to the connection's thread together, each as it would alone. A refused
    insert fails only for its caller, a transaction rolls back only itself, and a turn limit still holds."""
    db = await Database.open(tmp_path / "a.sqlite3")
    hops = 0
    execute = db._conn._execute

    async def counted(fn, *args):
        nonlocal hops
        hops += 1
        return await execute(fn, *args)

    db._conn._execute = counted  # type: ignore[method-assign]
    try:
        await db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        await db.execute("CREATE TABLE quota (id INTEGER PRIMARY KEY, used INTEGER NOT NULL)")
        await db.execute("INSERT INTO quota (id, used) VALUES (1, 0)")
        hops = 0
        take = "UPDATE quota SET used = used + 1 WHERE id = 1 AND used < 5"
        outcomes = await asyncio.gather(
            *(db.execute_insert("INSERT INTO t (k) VALUES (?)", (k,)) for k in (1, 2, 2, 3)),
            db.execute_together([("INSERT INTO t (k) VALUES (9)", ()), ("INSERT INTO t (k) VALUES (1)", ())]),
            *(db.execute(take) for _ in range(8)),
            return_exceptions=True,
        )
        assert [type(o) for o in outcomes[:5]] == [int, int, UniqueViolation, int, UniqueViolation]
        assert sorted(outcomes[5:]) == [0, 0, 0, 1, 1, 1, 1, 1]  # exactly the limit, however they were grouped
        assert [r["k"] for r in await db.fetchall("SELECT k FROM t ORDER BY k")] == [1, 2, 3]  # 9 rolled back
        assert hops <= 3  # 13 statements, not 13 hops
    finally:
        await db.close()

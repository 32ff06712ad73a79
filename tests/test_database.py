import sqlite3

import pytest

from bot.storage import Database, SchemaError
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

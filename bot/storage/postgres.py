"""PostgreSQL through asyncpg, behind the same interface as the SQLite ``Database``.

The repositories write portable SQL with ``?`` placeholders; here they become ``$1..$n``. An INSERT gets
``RETURNING *`` so ``rowcount`` (inserted or updated by an upsert) and ``lastrowid`` mean what they mean in
SQLite. Migrations are the same numbered files, translated for PostgreSQL (types), or replaced by a file of the
same number under ``migrations_postgres/`` where the SQL differs. Several processes may share one database:
migrations take an advisory lock, and ``advisory_lock`` gives a per-session lock that holds across processes.
The operator's scans (``scan``) take connections from a small pool of their own, each under a statement timeout, so
they never use up the pool the users' statements wait on.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import asyncpg

from bot.storage.database import (
    SCAN_TIMEOUT_SECONDS,
    QueryTimedOut,
    UniqueViolation,
    bundled_migrations,
    refuse_newer_schema,
)

_MIGRATION_LOCK = 7_250_001  # advisory lock key: one process migrates at a time
_SCAN_CONNECTIONS = 2  # the operator's scans, apart from the users' pool
CLOSE_GRACE_SECONDS = 5.0

log = logging.getLogger(__name__)


async def _keep_session(conn: asyncpg.Connection) -> None:
    """A pool's reset between uses, without the round trip of asyncpg's default (advisory unlock, CLOSE, UNLISTEN,
    RESET ALL): nothing here leaves such state on a connection once its block has ended. An open transaction is
    still rolled back (asyncpg does that before this), and ``advisory_lock`` drops a connection whose lock it could
    not release."""


def to_postgres_ddl(sql: str) -> str:
    """SQLite DDL to PostgreSQL: snowflake-sized integers, serial ids, double precision times, and a JSON text
    column's values (SQLite's json_each) as PostgreSQL's json_each_text."""
    sql = re.sub(r"\bjson_each\(([\w.]+)\)", r"json_each_text(\1::json)", sql)
    sql = re.sub(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b", "BIGSERIAL PRIMARY KEY", sql)
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)


def postgres_migrations() -> list[tuple[int, str, str]]:
    overrides = {}
    folder = resources.files("bot.storage") / "migrations_postgres"
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name.endswith(".sql"):
                overrides[int(entry.name[:4])] = entry.read_text(encoding="utf-8")
    return [(v, name, overrides.get(v, to_postgres_ddl(sql))) for v, name, sql in bundled_migrations()]


def to_postgres(sql: str) -> str:
    counter = iter(range(1, 10_000))
    converted = re.sub(r"\?", lambda _: f"${next(counter)}", sql)
    if converted.lstrip().upper().startswith("INSERT") and "RETURNING" not in converted.upper():
        converted += " RETURNING *"
    return converted


class _Cursor:
    def __init__(self, rows: list[asyncpg.Record], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount
        self.lastrowid = rows[0]["id"] if rows and "id" in rows[0].keys() else None

    async def fetchone(self) -> asyncpg.Record | None:
        return self._rows[0] if self._rows else None

    async def fetchall(self) -> list[asyncpg.Record]:
        return list(self._rows)

    async def __aenter__(self) -> _Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


async def _run(conn: asyncpg.Connection, sql: str, params: Sequence[Any]) -> _Cursor:
    statement = to_postgres(sql)
    try:
        verb = statement.lstrip().split(None, 1)[0].upper()
        if verb in ("SELECT", "WITH", "INSERT") or "RETURNING" in statement.upper():
            rows = await conn.fetch(statement, *params)
            return _Cursor(rows, len(rows))
        status = await conn.execute(statement, *params)
        count = status.rsplit(" ", 1)[-1]
        return _Cursor([], int(count) if count.isdigit() else 0)
    except asyncpg.UniqueViolationError as exc:
        raise UniqueViolation(str(exc)) from exc


class _Statement:
    """``await conn.execute(...)`` or ``async with conn.execute(...) as cur``, as aiosqlite allows."""

    def __init__(self, conn: asyncpg.Connection, sql: str, params: Sequence[Any]) -> None:
        self._pending = _run(conn, sql, params)
        self._cursor: _Cursor | None = None

    def __await__(self):  # type: ignore[no-untyped-def]
        return self._pending.__await__()

    async def __aenter__(self) -> _Cursor:
        self._cursor = await self._pending
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        return None


class _Connection:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Statement:
        return _Statement(self._conn, sql, params)


class PostgresDatabase:
    dialect = "postgres"

    def __init__(self, pool: asyncpg.Pool, url: str = "") -> None:
        self._pool = pool
        self._url = url
        self._scan_pool: asyncpg.Pool | None = None  # made at the first scan
        self._scan_pool_made = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        url: str,
        migrations: Iterable[tuple[int, str, str]] | None = None,
        *,
        max_size: int = 10,
    ) -> PostgresDatabase:
        # Server settings (a test's search_path, say) come as query parameters of the URL; asyncpg passes them on.
        pool = await asyncpg.create_pool(url, min_size=1, max_size=max_size, reset=_keep_session)
        db = cls(pool, url)
        try:
            await db.migrate(postgres_migrations() if migrations is None else list(migrations))
        except BaseException:
            await pool.close()
            raise
        return db

    async def close(self) -> None:
        """Close both pools. asyncpg's close waits for every connection to come back, so one held by a task that
        never ends would hold the process at shutdown for ever: past a few seconds the pools are terminated."""
        pools = [p for p in (self._scan_pool, self._pool) if p is not None]
        try:
            async with asyncio.timeout(CLOSE_GRACE_SECONDS):
                for pool in pools:
                    await pool.close()
        except TimeoutError:
            log.warning("PostgreSQL connections still in use %.0f s after shutdown began: closed", CLOSE_GRACE_SECONDS)
            for pool in pools:
                pool.terminate()

    async def optimize(self) -> None:
        """Autovacuum keeps PostgreSQL's planner statistics fresh."""

    async def scan(
        self, sql: str, params: Sequence[Any] = (), *, what: str = "an operator query",
        limit_seconds: float = SCAN_TIMEOUT_SECONDS,
    ) -> list[asyncpg.Record]:  # fmt: skip
        """An operator's read on a connection of the scans' own pool, stopped by the server after ``limit_seconds``
        (the connections' own statement_timeout: one round trip; another limit is set for that statement alone)."""
        async with self._scan_pool_made:
            if self._scan_pool is None:
                # Session defaults from the startup packet: they hold for the connection's life.
                self._scan_pool = await asyncpg.create_pool(
                    self._url, min_size=0, max_size=_SCAN_CONNECTIONS, reset=_keep_session, server_settings={
                        "statement_timeout": str(int(SCAN_TIMEOUT_SECONDS * 1000)),
                        "default_transaction_read_only": "on",  # the operator's scans only read
                    },
                )  # fmt: skip
        async with self._scan_pool.acquire() as conn:
            try:
                if limit_seconds == SCAN_TIMEOUT_SECONDS:
                    return await (await _run(conn, sql, params)).fetchall()
                async with conn.transaction():
                    await conn.execute(f"SET LOCAL statement_timeout = {int(limit_seconds * 1000)}")
                    return await (await _run(conn, sql, params)).fetchall()
            except asyncpg.QueryCanceledError:
                raise QueryTimedOut(what, limit_seconds) from None

    async def migrate(self, migrations: Sequence[tuple[int, str, str]]) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)"
            )
            current = await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            refuse_newer_schema(current, migrations)
            for version, name, sql in migrations:
                if version > current:
                    await conn.execute(sql)  # one migration, many statements: PostgreSQL runs them in order
                    await conn.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                        version, name, time.time(),
                    )  # fmt: skip

    async def schema_version(self) -> int:
        row = await self.fetchone("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
        return int(row["v"]) if row else 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Connection]:
        async with self._pool.acquire() as conn, conn.transaction():
            try:
                yield _Connection(conn)
            except asyncpg.UniqueViolationError as exc:
                raise UniqueViolation(str(exc)) from exc

    async def execute_together(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[int]:
        async with self._pool.acquire() as conn, conn.transaction():
            return [(await _run(conn, sql, params)).rowcount for sql, params in statements]  # _run translates

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._pool.acquire() as conn:
            return (await _run(conn, sql, params)).rowcount

    async def execute_insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._pool.acquire() as conn:
            return int((await _run(conn, sql, params)).lastrowid or 0)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> asyncpg.Record | None:
        async with self._pool.acquire() as conn:
            return await (await _run(conn, sql, params)).fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[asyncpg.Record]:
        async with self._pool.acquire() as conn:
            return await (await _run(conn, sql, params)).fetchall()

    async def fetch_together(self, queries: Sequence[tuple[str, Sequence[Any]]]) -> list[list[asyncpg.Record]]:
        """Several reads on one connection in one read-only transaction (one state of the database)."""
        async with self._pool.acquire() as conn, conn.transaction(readonly=True):
            return [await (await _run(conn, sql, params)).fetchall() for sql, params in queries]

    @asynccontextmanager
    async def advisory_lock(self, key: int) -> AsyncIterator[None]:
        """Held on one connection until the block ends: serialises one session's steps across processes."""
        async with self._pool.acquire() as conn:
            released = False
            try:
                await conn.execute("SELECT pg_advisory_lock($1)", key)
                try:
                    yield
                finally:
                    await conn.execute("SELECT pg_advisory_unlock($1)", key)
                    released = True
            finally:
                if not released:  # the lock may still be held (a cancelled lock or unlock): the server frees it
                    conn.terminate()  # with the connection, and the pool opens a new one

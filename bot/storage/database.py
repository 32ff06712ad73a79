"""One aiosqlite connection in WAL mode, with numbered migrations applied at open.

All statements go through one asyncio lock: a shared connection has a single
transaction, so an unrelated statement must never slip into another task's
BEGIN IMMEDIATE ... COMMIT. The operator's scans (stats, housekeeping's look-ups,
the orphan walk) use ``scan`` instead: a read-only connection of their own, which
WAL lets read beside the writer, so a long one never holds the users' lock.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class SchemaError(Exception):
    """The database file was written by a newer version of the bot."""


class UniqueViolation(Exception):
    """A UNIQUE constraint refused a row (the same on SQLite and PostgreSQL)."""


class QueryTimedOut(Exception):
    """An operator's scan ran past its statement timeout and was stopped (no user waited for it)."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"{what} took longer than {seconds:g} s and was stopped")
        self.what = what
        self.seconds = seconds


SCAN_TIMEOUT_SECONDS = 20.0  # an operator's scan is stopped after this; users never wait for one


def bundled_migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped with the package, in order."""
    folder = resources.files("bot.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise SchemaError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def refuse_newer_schema(current: int, migrations: Sequence[tuple[int, str, str]]) -> None:
    """A database written by a newer bot is never opened by an older one (either backend)."""
    newest = max((version for version, _, _ in migrations), default=0)
    if current > newest:
        raise SchemaError(
            f"database schema version {current} is newer than this bot knows ({newest}); "
            "upgrade the bot or restore a backup"
        )


class Database:
    dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path | str = ":memory:") -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        # Statements waiting for the connection, run together in one hop by ``_drain`` (see ``_one_hop``).
        self._waiting: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any]]] = []
        self._drainer: asyncio.Task[None] | None = None
        self._path = str(path)
        # The operator's read-only connection, by URI (mode=ro); an in-memory database has only the one connection.
        self._reader_uri = None if self._path == ":memory:" else f"{Path(self._path).absolute().as_uri()}?mode=ro"
        self._reader: aiosqlite.Connection | None = None  # opened at the first scan
        self._reader_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, migrations: Iterable[tuple[int, str, str]] | None = None) -> Database:
        if str(path) != ":memory:":
            await asyncio.to_thread(Path(path).parent.mkdir, parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so writers queue on
        # SQLite's lock up front instead of failing on upgrade from a read lock.
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
        # analysis_limit bounds what PRAGMA optimize (housekeeping, close) reads per index: milliseconds at any size.
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=10000", "synchronous=NORMAL",
                       "analysis_limit=400"):  # fmt: skip
            await conn.execute(f"PRAGMA {pragma}")
        db = cls(conn, path)
        try:
            await db.migrate(bundled_migrations() if migrations is None else list(migrations))
        except BaseException:
            await conn.close()
            raise
        return db

    async def close(self) -> None:
        async with self._reader_lock:
            if self._reader is not None:
                await self._reader.close()
                self._reader = None
        async with self._lock:
            try:  # SQLite's advice: before closing, let it refresh the planner's statistics that have gone stale
                await self._conn.execute("PRAGMA optimize")
            finally:
                await self._conn.close()

    async def optimize(self) -> None:
        """Refresh the planner's statistics where they have gone stale (bounded by analysis_limit); hourly."""
        await self.execute("PRAGMA optimize")

    async def scan(
        self, sql: str, params: Sequence[Any] = (), *, what: str = "an operator query",
        limit_seconds: float = SCAN_TIMEOUT_SECONDS,
    ) -> list[sqlite3.Row]:  # fmt: skip
        """An operator's read, on a read-only connection of its own: the users' connection and lock stay free
        while it runs. Stopped after ``limit_seconds`` with QueryTimedOut."""
        if self._reader_uri is None:
            return await self.fetchall(sql, params)  # nothing else can open it: the one connection reads
        async with self._reader_lock:
            if self._reader is None:
                self._reader = await aiosqlite.connect(self._reader_uri, uri=True)
                self._reader.row_factory = aiosqlite.Row
                # A month's scan touches pages all over a large file: mapped reads and a larger cache spare it a
                # system call per page (the users' connection keeps SQLite's defaults).
                for pragma in ("busy_timeout=10000", "mmap_size=1073741824", "cache_size=-65536"):
                    await self._reader.execute(f"PRAGMA {pragma}")
            reader = self._reader
            # sqlite3_interrupt is safe from another thread: the timer stops the statement where it is.
            timer = asyncio.get_running_loop().call_later(limit_seconds, reader._conn.interrupt)
            try:
                return await reader._execute(
                    lambda: _closing(reader._conn.execute(sql, params), sqlite3.Cursor.fetchall)
                )
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    # A fresh connection for the next scan: the interrupted one can keep refusing statements.
                    self._reader = None
                    await reader.close()
                    raise QueryTimedOut(what, limit_seconds) from None
                raise
            finally:
                timer.cancel()

    async def migrate(self, migrations: Sequence[tuple[int, str, str]]) -> None:
        async with self._lock:
            await self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)"
            )
            async with self._conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") as cur:
                row = await cur.fetchone()
            current = int(row[0]) if row else 0
            refuse_newer_schema(current, migrations)
            for version, name, sql in migrations:
                if version <= current:
                    continue
                # executescript would COMMIT first; run statements one by one in our transaction.
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _split_sql(sql):
                        await self._conn.execute(statement)
                    await self._conn.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        (version, name, time.time()),
                    )
                    await self._conn.execute("COMMIT")
                except BaseException:
                    await self._conn.execute("ROLLBACK")
                    raise

    async def schema_version(self) -> int:
        row = await self.fetchone("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
        return int(row["v"]) if row else 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (cancellation included)."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                # COMMIT can fail too (deferred constraints, I/O errors): it must be inside the try, or the shared
                # connection stays in the transaction and every later BEGIN fails.
                await self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                _raise_unique_violation(exc)
                raise

    @asynccontextmanager
    async def advisory_lock(self, key: int) -> AsyncIterator[None]:
        """One process owns an SQLite file: the in-process session lock is enough."""
        yield

    async def _one_hop(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` on the connection's own thread. Calls that arrive while the connection is busy are run
        together in the next hop, each as it would alone (in order, under the same lock as a transaction): with
        many sessions at once, each hop waited for a whole turn of a busy event loop, and a coach reply's request
        waited behind the hops of every session ahead of it (bench.coach_latency: 3 per turn, 60 for 20 turns)."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((fn, future))
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.create_task(self._drain())
        try:
            return await future
        except sqlite3.IntegrityError as exc:
            _raise_unique_violation(exc)
            raise

    async def _drain(self) -> None:
        batch: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any]]] = []
        try:
            while self._waiting:
                async with self._lock:
                    batch, self._waiting = [(f, w) for f, w in self._waiting if not w.cancelled()], []
                    try:  # aiosqlite's own queue; see the lock file's pin
                        outcomes = await self._conn._execute(_each, self._conn._conn, [f for f, _ in batch])
                    except Exception as exc:  # the connection itself failed (closed): every caller hears it
                        outcomes = [(False, exc)] * len(batch)
                for (_, waiter), (ok, value) in zip(batch, outcomes, strict=True):
                    if not waiter.done():
                        waiter.set_result(value) if ok else waiter.set_exception(value)
                batch = []
        except BaseException:  # cancelled (the loop is ending): nobody is left waiting for ever
            for _, waiter in [*batch, *self._waiting]:
                waiter.cancel()
            raise

    async def execute_together(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[int]:
        """Several writes in one BEGIN IMMEDIATE ... COMMIT, in one round trip; returns each one's changed rows."""

        def run(conn: sqlite3.Connection) -> list[int]:
            conn.execute("BEGIN IMMEDIATE")
            try:
                changed = [_closing(conn.execute(sql, params), lambda cur: cur.rowcount) for sql, params in statements]
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return changed

        return await self._one_hop(run)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement in autocommit mode; returns the number of rows changed."""
        return await self._one_hop(lambda c: _closing(c.execute(sql, params), lambda cur: cur.rowcount))

    async def execute_insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one INSERT in autocommit mode; returns the new row's id."""
        return await self._one_hop(lambda c: _closing(c.execute(sql, params), lambda cur: int(cur.lastrowid or 0)))

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        return await self._one_hop(lambda c: _closing(c.execute(sql, params), sqlite3.Cursor.fetchone))

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return await self._one_hop(lambda c: _closing(c.execute(sql, params), sqlite3.Cursor.fetchall))

    async def fetch_together(self, queries: Sequence[tuple[str, Sequence[Any]]]) -> list[list[sqlite3.Row]]:
        """Several reads in one round trip and one read transaction (each hop waits its turn at the lock, and
        with many sessions at once the queue of hops was most of the time before a reply's request)."""

        def run(conn: sqlite3.Connection) -> list[list[sqlite3.Row]]:
            conn.execute("BEGIN")
            try:
                return [_closing(conn.execute(sql, params), sqlite3.Cursor.fetchall) for sql, params in queries]
            finally:
                conn.execute("COMMIT")

        return await self._one_hop(run)


def _each(conn: sqlite3.Connection, fns: list[Callable[[sqlite3.Connection], Any]]) -> list[tuple[bool, Any]]:
    """Each call on its own: one failing does not touch the others (each opens and ends its own transaction)."""
    outcomes: list[tuple[bool, Any]] = []
    for fn in fns:
        try:
            outcomes.append((True, fn(conn)))
        except Exception as exc:
            outcomes.append((False, exc))
    return outcomes


def _raise_unique_violation(exc: BaseException) -> None:
    """A UNIQUE constraint failure as the storage layer's own UniqueViolation (PostgreSQL's is translated too)."""
    if isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc):
        raise UniqueViolation(str(exc)) from exc


def _closing(cursor: sqlite3.Cursor, read: Callable[[sqlite3.Cursor], T]) -> T:
    try:
        return read(cursor)
    finally:
        cursor.close()


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements (our migrations hold no ';' inside literals)."""
    without_comments = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [part.strip() for part in without_comments.split(";") if part.strip()]

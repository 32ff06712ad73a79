"""Quota ledger throughput: reserves/s with 200 concurrent tasks, and double spends (must be 0), for SQLite and
for PostgreSQL side by side (a throwaway PostgreSQL server is started for it, as the tests do)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.stats import report
from bot.accounts.quota import QuotaService
from bot.config.settings import QuotaSettings
from bot.storage import Database
from bot.storage.postgres import PostgresDatabase
from tests.postgres_server import PostgresServer

TASKS = 200
CALLS_PER_TASK = 25
USERS = 400
LIMIT = 5


async def run(db: object, label: str) -> None:
    quota = QuotaService(db, QuotaSettings(limits={"pro": LIMIT}))  # type: ignore[arg-type]
    granted: Counter[int] = Counter()

    async def worker(task: int) -> None:
        for call in range(CALLS_PER_TASK):
            user = (task * CALLS_PER_TASK + call) % USERS
            if await quota.reserve(user, "pro") is not None:
                granted[user] += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker(t) for t in range(TASKS)))
    elapsed = time.perf_counter() - start
    rows = await db.fetchall("SELECT user_id, used FROM monthly_usage")
    await db.close()
    calls = TASKS * CALLS_PER_TASK
    over_limit = sum(max(n - LIMIT, 0) for n in granted.values())
    mismatched = sum(1 for row in rows if row["used"] != granted[row["user_id"]])
    double_spends = over_limit + mismatched
    print(f"quota ({label}): {TASKS} concurrent tasks, {calls} reserves over {USERS} users, limit {LIMIT}")
    print(report("  reserves per second", calls / elapsed, "/s", ">= 2000", calls / elapsed >= 2000))
    print(report("  double spends (granted > limit or != ledger)", double_spends, "count", "0", double_spends == 0))


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        await run(await Database.open(Path(folder) / "bench.sqlite3"), "SQLite")
    try:
        server = PostgresServer.start()
    except Exception as exc:
        print(f"quota (PostgreSQL): not measured: {exc}")
        return
    try:
        await run(await PostgresDatabase.open(server.url, max_size=20), "PostgreSQL, pool of 20")
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())

"""Costs as the data grows (issue 47): the product's own classes over 1k, 10k and 100k users' six months of history,
on SQLite and on PostgreSQL (a throwaway server, as the tests start one).

Prints each operation's p50/p95 per size and its growth from the smallest to the largest, then a markdown table for
docs/performance.md. Also a user's coach message (its storage work before the model call: the user's line recorded,
the transcript read) while the operator's monthly stats query runs.

    python -m bench.scale                       # 1k, 10k, 100k on both databases (populating takes minutes)
    python -m bench.scale --users 1000 --backends sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.scale_data import History, load_postgres, load_sqlite, write_files
from bench.stats import percentile
from bot.accounts import ModelSpend, OperatorStats, PrivacyService, QuotaService
from bot.config.settings import QuotaSettings, SessionSettings
from bot.gallery import GalleryStore
from bot.gallery.orphans import OrphanFiles
from bot.model.brief import initial_brief
from bot.references import ReferenceStore
from bot.sessions.lifecycle import FILE_SWEEP_SECONDS, SessionLifecycle
from bot.storage import Database, SessionRepository
from bot.storage.liveness import Liveness
from bot.storage.postgres import PostgresDatabase

MONTH = "2026-11"
GOALS = {  # at the largest size, p50 unless named
    "monthly stats": 1000.0, "forget-me": 20.0, "idle sweep pass": 30.0, "reserve": 5.0, "open session": 5.0,
    "coach message": 5.0, "gallery page": 5.0, "/profile quota": 5.0, "coach message during stats (p95)": 50.0,
}  # fmt: skip
Results = dict[str, list[float]]  # operation -> milliseconds


async def timed(samples: list[float], step: Awaitable[Any]) -> Any:
    started = time.perf_counter()
    answer = await step
    samples.append((time.perf_counter() - started) * 1000)
    return answer


async def measure(db: Any, history: History, root: Path, users: int) -> Results:
    rng = random.Random(47)
    out: Results = {}
    images, refs = root / "images", root / "references"
    quota = QuotaService(db, QuotaSettings())
    sessions = SessionRepository(db)
    gallery = GalleryStore(db, images)
    references = ReferenceStore(db, refs)
    liveness = Liveness(db, sessions.holder, 180)
    orphans = OrphanFiles(db, images, refs)
    lifecycle = SessionLifecycle(sessions, gallery, SessionSettings(), references=references, liveness=liveness,
                                 orphans=orphans)  # fmt: skip
    await liveness.take_lease("orphan-files", FILE_SWEEP_SECONDS)  # the pass below is the every-minute one
    live = dict(history.live)
    idle = [u for u in rng.sample(range(1, users + 1), min(users, 600)) if u not in live]
    per_user = 200 if users <= 10_000 else 150

    async def coach_message(session_id: int, sample: list[float]) -> None:
        """What a user's message waits on before the model is asked: its line recorded, the transcript read. (The
        coach's line is stored after its reply has streamed, seconds later: not timed.)"""

        async def turn() -> None:
            await sessions.add_message(session_id, "user", "make the crown gold and the name bigger please")
            await sessions.transcript(session_id)

        await timed(sample, turn())
        await sessions.add_message(session_id, "model", "Gold crown, bigger name: shall I render it?")

    live_ids = list(live.values())
    for name, step in (
        ("reserve", lambda u: quota.reserve(u, "studio")),
        ("/profile quota", lambda u: quota.status(u, "free")),
        ("gallery page", lambda u: gallery.list_page(u, 1)),
    ):
        out[name] = []
        for user in idle[:per_user]:
            await timed(out[name], step(user))
    out["open session"] = []
    opened: list[int] = []
    for user in idle[:per_user]:
        result = await timed(out["open session"], sessions.open(
            user_id=user, guild_id=1000, channel_id=5000, creation_type="streamer_logo", style="gaming",
            description="", colors=[], brief=initial_brief("gaming", []), month=quota.current_month(), limit=10,
        ))  # fmt: skip
        if result.session is not None:
            opened.append(result.session.id)
    out["coach message"] = []
    for session_id in (live_ids + opened)[:per_user]:
        await coach_message(session_id, out["coach message"])

    runs = 10 if users <= 10_000 else 5
    out["monthly stats"], out["monthly stats, one server"] = [], []
    for _ in range(runs):  # a new OperatorStats each time: the first ask, never the kept figures
        await timed(out["monthly stats"], OperatorStats(db).for_month(MONTH))
        await timed(out["monthly stats, one server"], OperatorStats(db).for_month(MONTH, 1000 + rng.randrange(50)))
    out["monthly model spend"] = []
    for _ in range(runs):
        await timed(out["monthly model spend"], ModelSpend(db, []).for_month(MONTH))
    out["coach message during stats (p95)"] = []
    for _ in range(3 if users <= 10_000 else 2):
        stats = asyncio.create_task(OperatorStats(db).for_month(MONTH))
        while not stats.done():
            await coach_message(rng.choice(live_ids + opened), out["coach message during stats (p95)"])
            await asyncio.sleep(0.005)
        await stats

    out["idle sweep pass"] = []
    for _ in range(20):
        await timed(out["idle sweep pass"], lifecycle.sweep())
    out["reference purge (every 10 min)"] = []  # the first sweep pass above purged; each look still reads them all
    for _ in range(10):
        await timed(out["reference purge (every 10 min)"], references.purge_finished(time.time() - 86400 * 7))
    out["forget-me"] = []
    for user in idle[per_user : per_user + (50 if users <= 10_000 else 30)]:
        await timed(out["forget-me"], PrivacyService(db, sessions, references, images).forget(user))
    out["orphan-file sweep pass"] = []
    for _ in range(5):  # each pass its share of the files (FILES_PER_PASS), whatever their age, from its cursor
        await timed(out["orphan-file sweep pass"], orphans.sweep(0))
    return out


def show(label: str, users: int, results: Results) -> None:
    print(f"\n{label}, {users:,} users")
    for name, values in results.items():
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"  {name:<36} p50 {p50:9.2f} ms   p95 {p95:9.2f} ms   ({len(values)} runs)")


async def run_size(backend: str, users: int, root: Path, server: Any) -> Results:
    now = time.time()
    data = root / f"{users}"
    history = History(users, now)
    started = time.perf_counter()
    db: Any
    if backend == "sqlite":
        path = data / "bot.sqlite3"
        data.mkdir(parents=True, exist_ok=True)
        await (await Database.open(path)).close()  # every migration, then the rows in bulk
        await asyncio.to_thread(load_sqlite, path, history)
        if not (data / "images").exists():
            await asyncio.to_thread(write_files, data, history)
        db = await Database.open(path)
    else:
        from tests.conftest import fresh_schema_url

        url = await fresh_schema_url(server)
        await (await PostgresDatabase.open(url)).close()
        await load_postgres(url, history)
        if not (data / "images").exists():
            await asyncio.to_thread(write_files, data, history)
        db = await PostgresDatabase.open(url)
    print(f"{backend}: {users:,} users populated in {time.perf_counter() - started:.0f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    try:
        return await measure(db, history, data, users)
    finally:
        print(f"{backend}: {users:,} users measured; load average {os.getloadavg()[0]:.1f}")
        await db.close()


def table(found: dict[tuple[str, int], Results], sizes: list[int], backends: list[str]) -> str:
    head = ["operation"]
    for backend in backends:
        head += [f"{backend} {n // 1000}k" for n in sizes] + [f"{backend} growth"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    names = list(next(iter(found.values())))
    for name in names:
        cells = [name]
        for backend in backends:
            p50s = []
            for n in sizes:
                values = found[(backend, n)][name]
                q = 95 if "p95" in name else 50
                p50s.append(percentile(values, q))
                cells.append(f"{p50s[-1]:.1f}" + ("" if "p95" in name else f" ({percentile(values, 95):.1f})"))
            cells.append(f"×{p50s[-1] / p50s[0]:.1f}" if len(p50s) > 1 and p50s[0] else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(found: dict[tuple[str, int], Results], largest: int, backends: list[str]) -> list[str]:
    lines = []
    for backend in backends:
        for name, goal in GOALS.items():
            value = percentile(found[(backend, largest)][name], 95 if "p95" in name else 50)
            lines.append(f"{backend} {largest:,} users: {name} {value:.1f} ms, goal < {goal:g} ms: "
                         f"{'met' if value < goal else 'missed'}")  # fmt: skip
    return lines


async def main(sizes: list[int], backends: list[str], keep: bool) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    server = None
    found: dict[tuple[str, int], Results] = {}
    try:
        if "postgres" in backends:
            from tests.postgres_server import PostgresServer

            server = PostgresServer.start()
        for users in sizes:
            for backend in backends:
                found[(backend, users)] = await run_size(backend, users, root, server)
                show(backend, users, found[(backend, users)])
        print("\nms, p50 (p95); growth = p50 at the largest size / p50 at the smallest\n")
        print(table(found, sizes, backends))
        print()
        print("\n".join(verdicts(found, sizes[-1], backends)))
    finally:
        if server is not None:
            server.stop()
        if keep:
            print(f"data kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def cli(argv: list[str] | None = None, run: Callable[..., Awaitable[None]] = main) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--keep", action="store_true", help="keep the populated databases and files")
    args = parser.parse_args(argv)
    asyncio.run(run([int(n) for n in args.users.split(",")], args.backends.split(","), args.keep))


if __name__ == "__main__":
    cli()

"""Where gallery images live with several processes: a shared filesystem path (chosen) or PostgreSQL bytea.

Stores and reads back 40 renders' files (a 1024 px source and a delivered 1024 px PNG, about 1-2 MB each) both
ways, and reports the time per render and how much the database grows, to back the choice in the README.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
import time
from pathlib import Path

from bench.stats import percentile, report
from bot.gallery.store import GalleryStore
from bot.imaging.output import OutputOptions, process_image
from bot.storage import Database
from bot.storage.postgres import PostgresDatabase
from tests.matting_set import make_case
from tests.postgres_server import PostgresServer

RENDERS = 40


async def main() -> None:
    files = []
    for seed in range(RENDERS):
        source = make_case("radial_gradient", "text", 1024, 3000 + seed).data
        files.append((source, process_image(source, OutputOptions(size=1024))))
    megabytes = sum(len(a) + len(b) for a, b in files) / RENDERS / 1e6
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "g.sqlite3")
        store = GalleryStore(db, Path(folder) / "images")
        on_disk = []
        for source, delivered in files:
            start = time.perf_counter()
            _, first = await store.store_file(source, "png")
            _, second = await store.store_file(delivered, "png")
            await store.read_path(first)
            await store.read_path(second)
            on_disk.append((time.perf_counter() - start) * 1000)
        await db.close()
    server = PostgresServer.start()
    try:
        pg = await PostgresDatabase.open(server.url)
        await pg.execute("CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, data BYTEA NOT NULL)")
        before = (await pg.fetchone("SELECT pg_database_size(current_database()) AS n"))["n"]
        in_db = []
        for source, delivered in files:
            start = time.perf_counter()
            for data in (source, delivered):
                digest = hashlib.sha256(data).hexdigest()
                await pg.execute("INSERT INTO blobs (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING",
                                 (digest, data))  # fmt: skip
                await pg.fetchone("SELECT data FROM blobs WHERE sha256 = ?", (digest,))
            in_db.append((time.perf_counter() - start) * 1000)
        after = (await pg.fetchone("SELECT pg_database_size(current_database()) AS n"))["n"]
        await pg.close()
    finally:
        server.stop()
    print(f"gallery store: {RENDERS} renders, {megabytes:.2f} MB of files each (source + delivered 1024 px PNG)")
    print(report("  shared filesystem path: store + read, p50", percentile(on_disk, 50), "ms", "-", True))
    print(report("  PostgreSQL bytea: store + read, p50", percentile(in_db, 50), "ms", "-", True))
    print(report("  PostgreSQL growth per render", (after - before) / RENDERS / 1e6, "MB", "-", True))


if __name__ == "__main__":
    asyncio.run(main())

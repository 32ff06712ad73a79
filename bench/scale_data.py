"""Six months of a bot's history for ``bench.scale``, the same rows on SQLite and PostgreSQL.

Per user: 3 sessions of 10 messages, 2 renders with their creations (delivered) and source files, about half of
them rated, a failure in one session of ten, a kept brand kit for one user of ten, model usage per call, monthly
credits and coach turns, a studio login for one in five; 1.5 % of users have a live session (with a reference), a
few of them idle. Rows go in through the schema (all migrations), in bulk: executemany in one transaction on
SQLite, COPY then VACUUM ANALYZE on PostgreSQL. Ids are fixed, so both databases hold the same rows. Files are
empty (their names are what the sweeps and forget-me compare).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

START = datetime(2026, 6, 1, tzinfo=UTC).timestamp()
SPAN = datetime(2026, 12, 1, tzinfo=UTC).timestamp() - START  # June to November
STYLES = ("gaming", "minimal", "retro", "anime", "professional", "vibrant")
KINDS = ("unavailable", "timeout", "safety", "empty", "other")
GUILDS = 50
ROLES = ("user", "model")
TEXTS = [f"{who} a {style} logo, colours {n}, the name in bold letters, a crown over it" * 2
         for who in ("I want", "The coach suggests") for style in ("gaming", "retro", "minimal") for n in range(7)]
COLUMNS: dict[str, tuple[str, ...]] = {
    "sessions": ("id", "user_id", "guild_id", "channel_id", "thread_id", "creation_type", "style", "status",
                 "credit_state", "credit_month", "created_at", "last_activity_at", "ended_at", "tier",
                 "renders_used", "attempts_used"),
    "session_messages": ("id", "session_id", "role", "content", "created_at"),
    "renders": ("id", "session_id", "user_id", "kind", "source_sha256", "source_path", "prompt", "created_at",
                "check_verdict", "auto_fixes"),
    "creations": ("id", "user_id", "session_id", "sha256", "relative_path", "creation_type", "style", "size",
                  "format", "background", "prompt", "offline", "created_at", "delivered_at", "render_id"),
    "ratings": ("render_id", "user_id", "stars", "rated_at"),
    "render_failures": ("id", "session_id", "kind", "at"),
    "brand_kits": ("id", "render_id", "user_id", "art", "image_calls", "credit_month", "created_at"),
    "brand_kit_art": ("kit_id", "path"),
    "model_usage": ("id", "session_id", "render_number", "model", "call", "prompt_tokens", "output_tokens",
                    "thought_tokens", "images", "cost_usd", "at"),
    "monthly_usage": ("user_id", "month", "used"),
    "coach_usage": ("user_id", "day", "turns"),
    "web_logins": ("token_hash", "user_id", "expires_at"),
    "session_references": ("id", "session_id", "user_id", "source", "relative_path", "mime", "created_at"),
}  # fmt: skip
SERIAL = ("sessions", "session_messages", "renders", "creations", "render_failures", "brand_kits", "model_usage",
          "session_references")  # fmt: skip


def _month(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m")


def _day(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d")


def image_path(seed: str) -> tuple[str, str]:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return digest, f"{digest[:2]}/{digest}.png"


class History:
    """The rows of users 1..n, table by table, and the files they name."""

    def __init__(self, users: int, now: float) -> None:
        self.users = users
        self.now = now
        self.files: list[str] = []  # under images/
        self.reference_files: list[str] = []  # under references/
        self.live: list[tuple[int, int]] = []  # (user, session id) of live sessions
        self._next = dict.fromkeys(SERIAL, 0)

    def _id(self, table: str) -> int:
        self._next[table] += 1
        return self._next[table]

    def rows(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        for user in range(1, self.users + 1):
            yield from self._user(user, random.Random(user))

    def _user(self, user: int, rng: random.Random) -> Iterator[tuple[str, tuple[Any, ...]]]:
        guild = 1000 + rng.randrange(GUILDS)
        months: dict[str, int] = {}
        days: dict[str, int] = {}
        times = sorted(START + rng.random() * SPAN for _ in range(3))
        kit_left = rng.random() < 0.1
        for k, created in enumerate(times):
            sid = self._id("sessions")
            tier = rng.choices(("free", "pro", "studio"), (7, 2, 1))[0]
            kind = rng.choice(("profile_picture", "streamer_logo"))
            style = rng.choice(STYLES)
            done = k < 2  # two sessions delivered a render each; the third expired or was cancelled
            status = "completed" if done else rng.choice(("expired", "cancelled"))
            ended = created + 1800
            yield "sessions", (sid, user, guild, 5000 + guild, 10_000_000 + sid, kind, style, status,
                               "spent" if done else "refunded", _month(created), created, ended - 600, ended, tier,
                               int(done), int(done))  # fmt: skip
            months[_month(created)] = months.get(_month(created), 0) + 1
            days[_day(created)] = days.get(_day(created), 0) + 5
            first = self._next["session_messages"]
            self._next["session_messages"] += 10
            for i in range(10):
                yield "session_messages", (first + i + 1, sid, ROLES[i % 2], TEXTS[(user + i) % len(TEXTS)],
                                           created + 30 * i)  # fmt: skip
            yield "model_usage", (self._id("model_usage"), sid, None, "gemini-x-flash", "chat", 900, 120, 40, 0,
                                  0.0004, created + 60)  # fmt: skip
            if rng.random() < 0.1:
                yield "render_failures", (self._id("render_failures"), sid, rng.choice(KINDS), created + 400)
            if not done:
                if rng.random() < 0.02:  # a reference left from a session that can no longer continue
                    yield from self._reference(sid, user, created)
                continue
            rid = self._id("renders")
            at = created + 600
            source_sha, source = image_path(f"source-{rid}")
            shared = rng.random() < 0.01  # the same bytes as another user's image: one file for both
            sha, path = image_path(f"common-{rng.randrange(100)}" if shared else f"image-{rid}")
            self.files += [source, path]
            yield "renders", (rid, sid, user, "generate", source_sha, source, f"a {style} {kind}", at, "pass",
                              int(rng.random() < 0.1))  # fmt: skip
            yield "creations", (self._id("creations"), user, sid, sha, path, kind, style, 512, "png", "transparent",
                                f"a {style} {kind}", 0, at, at + 2, rid)  # fmt: skip
            if rng.random() < 0.5:
                yield "ratings", (rid, user, rng.randint(1, 5), at + 60)
            for call in ("image", "check"):
                yield "model_usage", (self._id("model_usage"), sid, 1, "gemini-x-image", call, 300, 1290, 0,
                                      int(call == "image"), 0.039, at)  # fmt: skip
            if kit_left:
                kit_left = False
                kid = self._id("brand_kits")
                art = {aspect: image_path(f"kit-{kid}-{aspect}")[1] for aspect in ("wide", "tall")}
                self.files += list(art.values())
                yield "brand_kits", (kid, rid, user, json.dumps(art), 2, _month(at), at + 100)
                for art_path in art.values():
                    yield "brand_kit_art", (kid, art_path)
        if rng.random() < 0.015:  # a live session: most active a moment ago, a few idle past the warning
            sid = self._id("sessions")
            last = self.now - (rng.random() * 300 if rng.random() < 0.9 else 1200 + rng.random() * 400)
            yield "sessions", (sid, user, guild, 5000 + guild, 10_000_000 + sid, "streamer_logo", "gaming",
                               "active", "reserved", _month(self.now), last - 60, last, None, "free", 0, 0)  # fmt: skip
            months[_month(self.now)] = 1
            self.live.append((user, sid))
            yield from self._reference(sid, user, last)
        for month, used in months.items():
            yield "monthly_usage", (user, month, used)
        for day, turns in days.items():
            yield "coach_usage", (user, day, turns)
        if rng.random() < 0.2:
            yield "web_logins", (hashlib.sha256(f"login-{user}".encode()).hexdigest(), user, self.now + 86400)

    def _reference(self, sid: int, user: int, at: float) -> Iterator[tuple[str, tuple[Any, ...]]]:
        path = f"{sid}/ref-{sid}.png"
        self.reference_files.append(path)
        yield "session_references", (self._id("session_references"), sid, user, "upload", path, "image/png", at)

    def serial_ends(self) -> dict[str, int]:
        return dict(self._next)


def _batches(history: History, size: int = 50_000) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    pending: dict[str, list[tuple[Any, ...]]] = {table: [] for table in COLUMNS}
    for table, row in history.rows():
        pending[table].append(row)
        if len(pending[table]) >= size:
            yield table, pending[table]
            pending[table] = []
    for table, rows in pending.items():
        if rows:
            yield table, rows


def _insert_sql(table: str) -> str:
    return f"INSERT INTO {table} ({', '.join(COLUMNS[table])}) VALUES ({', '.join('?' * len(COLUMNS[table]))})"


def load_sqlite(path: Path, history: History) -> None:
    """Bulk rows into a migrated SQLite file (no ANALYZE: as a real install)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    for table, rows in _batches(history):
        conn.executemany(_insert_sql(table), rows)
    conn.execute("COMMIT")
    conn.close()


async def load_postgres(url: str, history: History) -> None:
    """COPY the same rows into a migrated PostgreSQL database, then move the id sequences past them."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        # The batches arrive table by table (messages may come before their session): foreign keys are checked by
        # the rows' construction here, not by the server.
        await conn.execute("SET session_replication_role = replica")
        for table, rows in _batches(history):
            await conn.copy_records_to_table(table, records=rows, columns=list(COLUMNS[table]))
        for table, last in history.serial_ends().items():
            if last:
                await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
        # Autovacuum vacuums and analyses a table soon after a bulk load (an insert-driven vacuum marks the pages
        # all-visible, which reads from an index alone need); the bench does not wait for it.
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def write_files(root: Path, history: History) -> None:
    """Empty files under their names (the sweeps and forget-me compare names, never bytes)."""
    for folder, names in (("images", history.files), ("references", history.reference_files)):
        made: set[Path] = set()
        for name in names:
            path = root / folder / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.touch()
        for n in range(100):  # files no row names: what the orphan sweep is for
            stray = root / folder / f"{n % 256:02x}" / f"stray-{n}.png"
            stray.parent.mkdir(parents=True, exist_ok=True)
            stray.touch()

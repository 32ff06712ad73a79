"""Writes that must share one transaction with a session's own row: taking or giving back a credit, and recording a
delivered render with its gallery entry. They live in storage so the repositories need no services above them."""

from __future__ import annotations

import time

import aiosqlite

from bot.model import NewCreation, NewRender

RESERVE_SQL = """
INSERT INTO monthly_usage (user_id, month, used) SELECT CAST(? AS BIGINT), CAST(? AS TEXT), 1 WHERE ? > 0
ON CONFLICT (user_id, month) DO UPDATE SET used = monthly_usage.used + 1 WHERE monthly_usage.used < ?
"""
REFUND_SQL = "UPDATE monthly_usage SET used = used - 1 WHERE user_id = ? AND month = ? AND used > 0"


async def reserve_in(conn: aiosqlite.Connection, user_id: int, month: str, limit: int) -> bool:
    """Take one credit inside the caller's transaction; False when the limit is reached."""
    async with conn.execute(RESERVE_SQL, (user_id, month, limit, limit)) as cur:
        return cur.rowcount == 1


async def refund_in(conn: aiosqlite.Connection, user_id: int, month: str) -> None:
    async with conn.execute(REFUND_SQL, (user_id, month)):
        pass


async def insert_render_in(conn: aiosqlite.Connection, new: NewRender) -> int:
    """Adds the render inside the caller's transaction (the one that records the delivered file)."""
    async with conn.execute(
        "INSERT INTO renders (session_id, user_id, kind, source_sha256, source_path, prompt, change_request, "
        "counted, cutout_confidence, note, created_at, check_verdict, auto_fixes, billing_fallback) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.session_id, new.user_id, new.kind, new.source_sha256, new.source_path, new.prompt,
            new.change_request, int(new.counted), new.cutout_confidence, new.note, time.time(),
            new.check_verdict, new.auto_fixes, int(new.billing_fallback),
        ),
    ) as cur:  # fmt: skip
        return int(cur.lastrowid or 0)


async def insert_creation_in(
    conn: aiosqlite.Connection, new: NewCreation, digest: str, relative: str, render_id: int | None = None
) -> int:
    """Adds the gallery row inside the caller's transaction (it also spends the credit)."""
    async with conn.execute(
        "INSERT INTO creations (user_id, session_id, sha256, relative_path, creation_type, style, size, "
        "format, background, prompt, offline, created_at, render_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.user_id, new.session_id, digest, relative, new.creation_type, new.style, new.size,
            new.format, new.background, new.prompt, int(new.offline), time.time(), render_id,
        ),
    ) as cur:  # fmt: skip
        return int(cur.lastrowid or 0)

"""Persistence: SQLite (embedded default) or PostgreSQL, the same migrations and repositories."""

from __future__ import annotations

from pathlib import Path

from bot.storage.database import Database, SchemaError, UniqueViolation
from bot.storage.ledger import REFUND_SQL, insert_creation_in, reserve_in
from bot.storage.sessions import OpenOutcome, ResumeOutcome, Session, SessionRepository

__all__ = [
    "REFUND_SQL",
    "Database",
    "OpenOutcome",
    "ResumeOutcome",
    "SchemaError",
    "Session",
    "SessionRepository",
    "UniqueViolation",
    "insert_creation_in",
    "open_database",
    "reserve_in",
]


async def open_database(url: str, sqlite_path: Path) -> Database:
    """``postgresql://…`` opens PostgreSQL; anything else (or empty) the SQLite file."""
    if url.startswith(("postgresql://", "postgres://")):
        from bot.storage.postgres import PostgresDatabase

        return await PostgresDatabase.open(url)  # type: ignore[return-value]
    return await Database.open(Path(url) if url else sqlite_path)

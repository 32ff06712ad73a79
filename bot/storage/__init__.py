"""Persistence: SQLite (embedded default) or PostgreSQL, the same migrations and repositories."""

from __future__ import annotations

from pathlib import Path

from bot.storage.database import Database, SchemaError, UniqueViolation

__all__ = ["Database", "SchemaError", "UniqueViolation", "open_database"]


async def open_database(url: str, sqlite_path: Path) -> Database:
    """``postgresql://…`` opens PostgreSQL; anything else (or empty) the SQLite file."""
    if url.startswith(("postgresql://", "postgres://")):
        from bot.storage.postgres import PostgresDatabase

        return await PostgresDatabase.open(url)  # type: ignore[return-value]
    return await Database.open(Path(url) if url else sqlite_path)

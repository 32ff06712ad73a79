"""Persistence: SQLite (embedded default) or PostgreSQL, the same migrations and repositories."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bot.storage.database import Database, QueryTimedOut, SchemaError, UniqueViolation
from bot.storage.ledger import REFUND_SQL, insert_creation_in, reserve_in
from bot.storage.sessions import OpenOutcome, ResumeOutcome, Session, SessionRepository

__all__ = [
    "REFUND_SQL",
    "Database",
    "DatabaseUnreachable",
    "OpenOutcome",
    "QueryTimedOut",
    "ResumeOutcome",
    "SchemaError",
    "Session",
    "SessionRepository",
    "UniqueViolation",
    "insert_creation_in",
    "open_database",
    "reserve_in",
]


class DatabaseUnreachable(Exception):
    """The configured database server did not answer; ``where`` names it without its password."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def _without_password(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url).split("?", 1)[0]


async def open_database(url: str, sqlite_path: Path, *, wait_seconds: float = 10.0) -> Database:
    """``postgresql://…`` opens PostgreSQL; anything else (or empty) the SQLite file."""
    if url.startswith(("postgresql://", "postgres://")):
        from bot.storage.postgres import PostgresDatabase

        try:
            async with asyncio.timeout(wait_seconds):
                return await PostgresDatabase.open(url)  # type: ignore[return-value]
        except (OSError, TimeoutError) as exc:  # refused, unreachable, no such host, or silent
            reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or type(exc).__name__)
            raise DatabaseUnreachable(_without_password(url), reason) from None
    return await Database.open(Path(url) if url else sqlite_path)

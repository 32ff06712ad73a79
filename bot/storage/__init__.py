"""SQLite persistence: connection, migrations and repositories."""

from bot.storage.database import Database, SchemaError

__all__ = ["Database", "SchemaError"]

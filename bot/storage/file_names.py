"""Which image files rows still name, asked by exact name through the path indexes (never ``LIKE '%…%'``).

Images are content-addressed, so two users' identical bytes share one file: forget-me keeps a file another row
still names, and the orphan sweep deletes only files no row names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
CHUNK = 300  # names per statement: well under SQLite's and asyncpg's parameter limits


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def named_query(paths: Sequence[str]) -> tuple[str, list[str]]:
    """The statement (and its parameters) returning those of ``paths`` that a creation, a render's source, a
    brand kit's kept art or a kept kit's files name; each part is an index lookup per name."""
    marks = ", ".join("?" * len(paths))
    sql = (
        f"SELECT relative_path AS p FROM creations WHERE relative_path IN ({marks}) "
        f"UNION SELECT source_path AS p FROM renders WHERE source_path IN ({marks}) "
        f"UNION SELECT path AS p FROM brand_kit_art WHERE path IN ({marks}) "
        f"UNION SELECT path AS p FROM kept_kit_files WHERE path IN ({marks})"
    )
    return sql, [*paths, *paths, *paths, *paths]

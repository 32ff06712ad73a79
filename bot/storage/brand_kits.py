"""The ``brand_kits.art`` column: the kit's art files by aspect family, as JSON (one format for every reader)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def art_json(paths: dict[str, str]) -> str:
    return json.dumps(paths)


def art_of(row: Mapping[str, Any]) -> dict[str, str]:
    """Aspect family -> the file's path relative to the images folder."""
    return json.loads(row["art"])


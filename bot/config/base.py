"""What every settings section shares: the tiers, the error that names a key, the strict base model."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Tier = Literal["free", "pro", "studio"]
TIERS: tuple[Tier, ...] = ("free", "pro", "studio")


class ConfigError(Exception):
    """A configuration key is missing or wrong; the message names the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

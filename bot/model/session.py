"""A coaching session as every layer sees it, and the outcomes of the transitions that may be refused (storage
writes and reads it; front ends present it)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from bot.model.brief import Brief
from bot.model.creation_types import CreationType
from bot.model.options import OutputOptions
from bot.model.presets import StyleName

Status = Literal["opening", "active", "generating", "completed", "expired", "cancelled"]
LIVE_STATUSES = ("opening", "active", "generating")
# Transcript turns replayed to the model; older ones are summarised by the brief anyway.
HISTORY_LIMIT = 40


@dataclass(frozen=True)
class Session:
    id: int
    user_id: int
    guild_id: int | None
    channel_id: int
    thread_id: int | None
    creation_type: CreationType
    style: StyleName
    description: str
    colors: list[str]
    brief: Brief
    options: OutputOptions
    status: Status
    credit_state: Literal["reserved", "spent", "refunded"]
    credit_month: str
    created_at: float
    last_activity_at: float
    warned_at: float | None
    renders_used: int = 0
    ended_at: float | None = None
    tier: str = "free"  # the tier when opened: it fixes the session's model-attempt allowance
    attempts_used: int = 0
    card_message_id: int | None = None  # the brief card, edited in place
    held_by: str | None = None  # the process that opened it or is rendering it (bot.storage.liveness)
    content_hint_at: float | None = None  # when the owner was told how to reach the coach without the intent

    @property
    def live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def in_dm(self) -> bool:
        """Run in the DM with the bot (a user-installed app): its "thread" is the DM channel, which has no archive."""
        return self.thread_id is not None and self.guild_id is None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Session:
        data = dict(row)
        data["colors"] = json.loads(data["colors"])
        data["brief"] = Brief.model_validate_json(data["brief"])
        data["options"] = OutputOptions(**json.loads(data["options"]))  # "{}" (the column default) = defaults
        return cls(**data)


class ResumeOutcome(Enum):
    RESUMED = "resumed"
    NOT_RESUMABLE = "not_resumable"
    TOO_LATE = "too_late"
    NO_QUOTA = "no_quota"
    ALREADY_ACTIVE = "already_active"


class OpenOutcome(Enum):
    OPENED = "opened"
    NO_QUOTA = "no_quota"
    ALREADY_ACTIVE = "already_active"


@dataclass(frozen=True)
class OpenResult:
    outcome: OpenOutcome
    session: Session | None

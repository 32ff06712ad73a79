"""Session housekeeping: idle sweep and recovery, per-session locks, validating a create request."""

from bot.sessions.create_request import MAX_DESCRIPTION, CreateRequest, InvalidRequest, parse_create_request
from bot.sessions.lifecycle import RecoveryReport, Report, SessionLifecycle, SweepResult
from bot.sessions.locks import SessionLocks

__all__ = [
    "MAX_DESCRIPTION",
    "CreateRequest",
    "InvalidRequest",
    "RecoveryReport",
    "Report",
    "SessionLifecycle",
    "SessionLocks",
    "SweepResult",
    "parse_create_request",
]

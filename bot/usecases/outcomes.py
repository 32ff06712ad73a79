"""What a use case reports: facts, never sentences. Each front end words them in its own module
(cogs/wording.py, web/wording.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.accounts import QuotaStatus
from bot.model import ImageProblem, ImageProblemKind, Session


@dataclass(frozen=True)
class TurnsUsedUp:
    """Today's coach turns are used up for this tier."""

    tier: str
    per_day: int
    resets_at: datetime


@dataclass(frozen=True)
class NoCredits:
    """No creation left this month (``source``: where the tier came from)."""

    status: QuotaStatus
    source: str


@dataclass(frozen=True)
class AlreadyOpen:
    """Another design session of this user is open (``session`` None: it closed meanwhile)."""

    session: Session | None


@dataclass(frozen=True)
class ImageUnusable:
    """A reference image was refused before anything was reserved (``problem``: why)."""

    problem: ImageProblem

    @property
    def too_many(self) -> bool:
        """The user's rate of images read is used up for now (the file itself may be fine)."""
        return self.problem.kind is ImageProblemKind.TOO_MANY


@dataclass(frozen=True)
class PlaceFailed:
    """The front end could not open the session's place (a Discord thread); the credit was given back."""

    detail: str


@dataclass(frozen=True)
class SettledWhileOpening:
    """The session was settled (swept as stuck) while its place opened; the credit is already back."""


@dataclass(frozen=True)
class Opened:
    session: Session
    references: int  # reference images stored with it


@dataclass(frozen=True)
class NoSuchSession:
    """No session by that id is the caller's (someone else's reads exactly like one that does not exist)."""


@dataclass(frozen=True)
class SessionEnded:
    """The session was closed, expired or settled."""


@dataclass(frozen=True)
class NotYours:
    """No such render for this user (someone else's answers exactly like one that does not exist)."""

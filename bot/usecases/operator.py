"""The operator's readings (/profile-admin audit, stats, status): who may read what is decided here. The bot's
owners read every server; a server's managers read their own; anyone else reads nothing. The front end says who
asks (``AdminRole``), as for a tier override."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.accounts import GLOBAL, AuditEntry, BadMonth, MonthStats, QueryTimedOut, SpendFigures
from bot.services import Services
from bot.usecases.tiers import AdminRole

__all__ = ["GLOBAL", "AuditShown", "ModelsShown", "MonthRefused", "MonthShown", "NotAnAdmin", "SpendShown",
           "model_status", "month_figures", "studio_spend", "tier_audit"]  # fmt: skip


@dataclass(frozen=True)
class NotAnAdmin:
    """Neither an owner of the bot nor a manager of this server: nothing was read."""


@dataclass(frozen=True)
class AuditShown:
    entries: tuple[AuditEntry, ...]  # newest first
    everywhere: bool  # every server's changes (an owner); else this server's


@dataclass(frozen=True)
class MonthShown:
    figures: MonthStats
    spend: SpendFigures


@dataclass(frozen=True)
class MonthRefused:
    """``bad_month``: not YYYY-MM; ``timed_out``: the count ran past its statement timeout on the operator's own
    connection and was stopped (no user waited for it)."""

    reason: Literal["bad_month", "timed_out"]
    month: str
    seconds: float = 0.0  # timed_out: the statement timeout


@dataclass(frozen=True)
class SpendShown:
    spend: SpendFigures


@dataclass(frozen=True)
class ModelsShown:
    models: dict[str, str]  # the provider's description: models, API version, settings learned, quotas


def _scope(role: AdminRole, guild_id: int | None) -> int | None:
    return None if role == "owner" else guild_id


async def tier_audit(services: Services, role: AdminRole, guild_id: int | None) -> AuditShown | NotAnAdmin:
    """Recent tier changes: all of them for an owner, this server's for its managers."""
    if role is None:
        return NotAnAdmin()
    entries = await services.tiers.audit(guild_id=_scope(role, guild_id))
    return AuditShown(tuple(entries), role == "owner")


async def month_figures(
    services: Services, role: AdminRole, guild_id: int | None, month: str | None = None
) -> MonthShown | MonthRefused | NotAnAdmin:
    """A month's adoption, completion, satisfaction and spend (default: this month, UTC)."""
    if role is None:
        return NotAnAdmin()
    month = month or services.quota.current_month()
    scope = _scope(role, guild_id)
    try:
        return MonthShown(await services.stats.for_month(month, scope), await services.spend.for_month(month, scope))
    except BadMonth:
        return MonthRefused("bad_month", month)
    except QueryTimedOut as exc:
        return MonthRefused("timed_out", month, exc.seconds)


async def model_status(services: Services, role: AdminRole) -> ModelsShown | NotAnAdmin:
    """The models and API version this process uses now."""
    if role is None:
        return NotAnAdmin()
    return ModelsShown(services.provider.describe())


async def studio_spend(services: Services, user_id: int | None) -> SpendShown | MonthRefused | NotAnAdmin:
    """This month's Gemini spend, for the studio's operators (web.operator_ids; the local user when there is no
    sign-in); anyone else reads nothing."""
    if not services.settings.web.is_operator(user_id):
        return NotAnAdmin()
    month = services.quota.current_month()
    try:
        return SpendShown(await services.spend.for_month(month))
    except QueryTimedOut as exc:
        return MonthRefused("timed_out", month, exc.seconds)

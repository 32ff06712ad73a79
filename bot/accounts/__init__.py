"""Accounts: monthly credits, tiers and their sources, daily coach turns, ratings, operator stats, forget."""

from bot.accounts.heavy_rate import HeavyRate
from bot.accounts.model_spend import ModelSpend, SpendFigures, estimate_cost, usage_costing
from bot.accounts.privacy import ForgetReport, PrivacyService
from bot.accounts.quota import QuotaService, QuotaStatus
from bot.accounts.ratings import NotYours, RatingStore
from bot.accounts.spend import CoachAllowance
from bot.accounts.stats import BadMonth, MonthStats, OperatorStats
from bot.accounts.tiers import (
    GLOBAL,
    AuditEntry,
    EntitlementInfo,
    OverrideRefused,
    TierContext,
    TierDecision,
    TierService,
)
from bot.accounts.web_logins import LOGIN_SECONDS, WebLogins
from bot.storage import QueryTimedOut  # an operator's figures took too long: front ends say so

__all__ = [
    "GLOBAL",
    "LOGIN_SECONDS",
    "AuditEntry",
    "BadMonth",
    "CoachAllowance",
    "EntitlementInfo",
    "ForgetReport",
    "HeavyRate",
    "ModelSpend",
    "MonthStats",
    "NotYours",
    "OperatorStats",
    "OverrideRefused",
    "PrivacyService",
    "QueryTimedOut",
    "QuotaService",
    "QuotaStatus",
    "RatingStore",
    "SpendFigures",
    "TierContext",
    "TierDecision",
    "TierService",
    "WebLogins",
    "estimate_cost",
    "usage_costing",
]

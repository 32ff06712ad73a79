"""Accounts: monthly credits, tiers and their sources, daily coach turns, ratings, operator stats, forget."""

from bot.accounts.heavy_rate import SLOW_DOWN, HeavyRate
from bot.accounts.privacy import ForgetReport, PrivacyService
from bot.accounts.quota import QuotaService, QuotaStatus
from bot.accounts.ratings import NotYours, RatingStore
from bot.accounts.spend import CoachAllowance
from bot.accounts.stats import BadMonth, MonthStats, OperatorStats
from bot.accounts.tiers import GLOBAL, EntitlementInfo, OverrideRefused, TierContext, TierDecision, TierService

__all__ = [
    "GLOBAL",
    "SLOW_DOWN",
    "BadMonth",
    "CoachAllowance",
    "EntitlementInfo",
    "ForgetReport",
    "HeavyRate",
    "MonthStats",
    "NotYours",
    "OperatorStats",
    "OverrideRefused",
    "PrivacyService",
    "QuotaService",
    "QuotaStatus",
    "RatingStore",
    "TierContext",
    "TierDecision",
    "TierService",
]

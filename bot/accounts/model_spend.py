"""What the bot spends on Gemini: every call's usageMetadata priced from the config, per session and render, the
month's figures for the operator, and the day's cap (``gemini.daily_budget_usd``).

Costs are estimates: tokens times the price per million in effect on the call's day (thinking billed as output, as
Google bills it). A model no price row names is costed at the highest price in effect for its kind, never cheaper,
and the row says it is an estimate. The cap is checked before each paid call; past it, new renders and coach turns
are refused in one sentence and the operator is told once a day in the log. Credit rules are unchanged (a refused
call was never billed).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.accounts.ended_months import EndedMonths
from bot.accounts.stats import month_bounds
from bot.config import Costing, ModelPrice, costing, day_of
from bot.model import USAGE_SCOPE, ModelUsage
from bot.model.provider_errors import BudgetReached
from bot.observability import NO_METRICS, Metrics
from bot.storage import Database

log = logging.getLogger(__name__)


def usage_costing(usage: ModelUsage, prices: Sequence[ModelPrice], at: float) -> Costing:
    """The price ``usage`` is costed at on its day; an image call is priced as an image model even when unnamed."""
    return costing(usage.model, prices, day_of(at), "image" if usage.call == "image" else None)


def estimate_cost(usage: ModelUsage, prices: Sequence[ModelPrice], at: float | None = None) -> float:
    """USD for one call at the prices in effect at ``at`` (now by default)."""
    price = usage_costing(usage, prices, time.time() if at is None else at)
    return price.cost(usage.prompt_tokens, usage.output_tokens + usage.thought_tokens)


@dataclass(frozen=True)
class SpendFigures:
    month: str
    calls: int
    prompt_tokens: int
    output_tokens: int
    thought_tokens: int
    images: int
    cost_usd: float
    sessions: int
    renders: int
    by_model: dict[str, float] = field(default_factory=dict)
    image_cost: float = 0.0  # image and self-check calls: what renders cost
    # Models no price row named this month: their cost is the highest price of their kind (an estimate).
    estimated: dict[str, float] = field(default_factory=dict)

    @property
    def thinking_share(self) -> float:
        """Thought tokens over all output billed (visible + thoughts)."""
        billed = self.output_tokens + self.thought_tokens
        return self.thought_tokens / billed if billed else 0.0

    @property
    def per_session(self) -> float:
        return self.cost_usd / self.sessions if self.sessions else 0.0

    @property
    def per_render(self) -> float:
        return self.image_cost / self.renders if self.renders else 0.0


class ModelSpend:
    def __init__(
        self, db: Database, prices: Sequence[ModelPrice], daily_budget_usd: float = 0.0,
        metrics: Metrics = NO_METRICS, clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self._db = db
        self._prices = list(prices)
        self._budget = daily_budget_usd
        self._metrics = metrics
        self._clock = clock
        self._told_for: str | None = None
        self._ended: EndedMonths[SpendFigures] = EndedMonths(clock)

    def _day_start(self) -> float:
        now = datetime.fromtimestamp(self._clock(), UTC)
        return now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()

    async def record(self, usage: ModelUsage) -> None:
        """One call's usage, in the session and render the calling task works for (USAGE_SCOPE)."""
        scope = USAGE_SCOPE.get()
        now = self._clock()
        price = usage_costing(usage, self._prices, now)
        cost = price.cost(usage.prompt_tokens, usage.output_tokens + usage.thought_tokens)
        await self._db.execute(
            "INSERT INTO model_usage (session_id, render_number, model, call, prompt_tokens, output_tokens, "
            "thought_tokens, images, cost_usd, at, estimated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (scope.session_id if scope else None, scope.render if scope else None, usage.model, usage.call,
             usage.prompt_tokens, usage.output_tokens, usage.thought_tokens, usage.images, cost, now,
             int(price.estimate)),
        )  # fmt: skip
        self._metrics.model_tokens(usage.model, usage.call, usage.prompt_tokens, usage.output_tokens,
                                   usage.thought_tokens, cost)  # fmt: skip

    async def spent_today(self) -> float:
        row = await self._db.fetchone("SELECT SUM(cost_usd) AS cost FROM model_usage WHERE at >= ?",
                                      (self._day_start(),))  # fmt: skip
        return float(row["cost"] or 0.0) if row else 0.0

    async def check_budget(self) -> None:
        """Raises BudgetReached once today's estimated spend reaches the cap; the operator is told once a day."""
        if self._budget <= 0:
            return
        spent = await self.spent_today()
        if spent < self._budget:
            return
        resets = self._day_start() + timedelta(days=1).total_seconds()
        day = datetime.fromtimestamp(self._clock(), UTC).date().isoformat()
        if self._told_for != day:
            self._told_for = day
            log.warning(
                "Gemini daily budget reached: estimated $%.4f of $%.2f (gemini.daily_budget_usd) on %s; new renders "
                "and coach turns are refused until 00:00 UTC.", spent, self._budget, day,
            )  # fmt: skip
        raise BudgetReached(f"daily budget ${self._budget:.2f} reached (${spent:.4f})", resets)

    async def for_month(self, month: str, guild_id: int | None = None) -> SpendFigures:
        """The month's figures, on the operator's own connection under a statement timeout (QueryTimedOut); a month
        that has ended is counted once per process."""
        month_bounds(month)  # a bad month is refused before anything is counted
        return await self._ended.get(month, guild_id, lambda start, end: self._count(month, guild_id, start, end))

    async def _count(self, month: str, guild_id: int | None, start: float, end: float) -> SpendFigures:
        scope, params = "u.at >= ? AND u.at < ?", [start, end]
        if guild_id is not None:  # a server's managers see their server's sessions only
            scope += " AND u.session_id IN (SELECT id FROM sessions WHERE guild_id = ?)"
            params.append(guild_id)
        what = f"Counting the model spend of {month}"
        row = (await self._db.scan(
            "SELECT COUNT(*) AS calls, SUM(prompt_tokens) AS p, SUM(output_tokens) AS o, SUM(thought_tokens) AS t, "
            "SUM(images) AS images, SUM(cost_usd) AS cost, COUNT(DISTINCT session_id) AS sessions, "
            "SUM(CASE WHEN call IN ('image', 'check') THEN cost_usd ELSE 0 END) AS image_cost "
            f"FROM model_usage u WHERE {scope}",
            tuple(params), what=what,
        ))[0]  # fmt: skip
        renders = (await self._db.scan(
            "SELECT COUNT(*) AS n FROM (SELECT DISTINCT session_id, render_number FROM model_usage u "
            f"WHERE {scope} AND render_number IS NOT NULL) AS numbered",
            tuple(params), what=what,
        ))[0]  # fmt: skip
        models = await self._db.scan(
            f"SELECT model, SUM(cost_usd) AS cost, MAX(estimated) AS estimated FROM model_usage u WHERE {scope} "
            "GROUP BY model ORDER BY model",
            tuple(params), what=what,
        )  # fmt: skip
        return SpendFigures(
            month=month, calls=int(row["calls"]), prompt_tokens=int(row["p"] or 0), output_tokens=int(row["o"] or 0),
            thought_tokens=int(row["t"] or 0), images=int(row["images"] or 0), cost_usd=float(row["cost"] or 0.0),
            sessions=int(row["sessions"] or 0), renders=int(renders["n"] or 0),
            by_model={r["model"]: float(r["cost"] or 0.0) for r in models}, image_cost=float(row["image_cost"] or 0.0),
            estimated={r["model"]: float(r["cost"] or 0.0) for r in models if r["estimated"]},
        )  # fmt: skip

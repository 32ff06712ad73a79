import asyncio
from datetime import UTC, datetime

from bot.accounts.quota import QuotaService
from bot.config.settings import QuotaSettings
from bot.storage import Database


class FakeClock:
    def __init__(self, when: datetime) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now


async def test_200_concurrent_reserves_grant_exactly_the_limit(db):
    quota = QuotaService(db, QuotaSettings(limits={"pro": 5}))
    results = await asyncio.gather(*(quota.reserve(42, "pro") for _ in range(200)))
    assert sum(r is not None for r in results) == 5
    status = await quota.status(42, "pro")
    assert (status.used, status.remaining) == (5, 0)


async def test_concurrent_reserves_over_separate_connections_never_double_spend(tmp_path):
    path = tmp_path / "shared.sqlite3"
    databases = [await Database.open(path) for _ in range(4)]
    try:
        services = [QuotaService(d, QuotaSettings(limits={"pro": 5})) for d in databases]
        results = await asyncio.gather(*(services[i % 4].reserve(7, "pro") for i in range(200)))
        assert sum(r is not None for r in results) == 5
        assert (await services[0].status(7, "pro")).used == 5
    finally:
        for d in databases:
            await d.close()


async def test_usage_resets_at_the_utc_month_boundary(db):
    clock = FakeClock(datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC))
    quota = QuotaService(db, QuotaSettings(), clock)
    assert await quota.reserve(1, "free") == "2026-11"
    assert await quota.reserve(1, "free") is None
    status = await quota.status(1, "free")
    assert status.resets_at == datetime(2026, 12, 1, tzinfo=UTC)
    clock.now = datetime(2026, 12, 1, 0, 0, 0, tzinfo=UTC).timestamp()
    assert (await quota.status(1, "free")).remaining == 1
    assert await quota.reserve(1, "free") == "2026-12"


async def test_refund_returns_credit_to_the_month_it_came_from(db):
    clock = FakeClock(datetime(2026, 11, 15, tzinfo=UTC))
    quota = QuotaService(db, QuotaSettings(), clock)
    month = await quota.reserve(5, "free")
    assert (await quota.status(5, "free")).remaining == 0
    await quota.refund(5, month)
    assert (await quota.status(5, "free")).remaining == 1
    # A refund never drives usage negative.
    await quota.refund(5, month)
    assert (await quota.status(5, "free")).used == 0
    # A November reservation refunded in December frees November, not December.
    await quota.reserve(5, "free")
    clock.now = datetime(2026, 12, 2, tzinfo=UTC).timestamp()
    await quota.reserve(5, "free")
    await quota.refund(5, "2026-11")
    assert (await quota.status(5, "free")).used == 1


async def test_zero_limit_grants_nothing(db):
    quota = QuotaService(db, QuotaSettings(limits={"free": 0}))
    assert await quota.reserve(9, "free") is None
    assert (await quota.status(9, "free")).used == 0

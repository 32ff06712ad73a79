"""The operator's monthly figures match a seeded database exactly."""

from datetime import UTC, datetime

import pytest

from bot.accounts.stats import BadMonth, OperatorStats

NOV = datetime(2026, 11, 10, tzinfo=UTC).timestamp()
OCT = datetime(2026, 10, 20, tzinfo=UTC).timestamp()
A, B = 10, 20  # two servers


async def seed(db) -> None:
    sessions = [  # (id, user, guild, created, tier, credit_state, status)
        (1, 1, A, NOV, "free", "spent", "completed"),
        (2, 1, A, NOV + 10, "pro", "spent", "active"),  # user 1's tier rose within the month
        (3, 2, A, NOV + 20, "free", "refunded", "expired"),
        (4, 3, B, NOV + 30, "studio", "spent", "active"),
        (5, 4, B, NOV + 40, "pro", "reserved", "active"),  # a render failed, nothing delivered yet
        (6, 4, B, OCT, "free", "spent", "completed"),  # last month: not counted, and not a "rise" for user 4
    ]
    for sid, user, guild, created, tier, credit, status in sessions:
        await db.execute(
            "INSERT INTO sessions (id, user_id, guild_id, channel_id, creation_type, style, status, credit_state, "
            "credit_month, created_at, last_activity_at, tier) VALUES (?, ?, ?, 1, 'streamer_logo', 'gaming', ?, ?, "
            "'2026-11', ?, ?, ?)",
            (sid, user, guild, status, credit, created, created, tier),
        )
    renders = [(1, 1), (2, 1), (3, 2), (4, 4), (5, 4), (6, 4), (7, 6)]  # (render id, session id)
    for rid, sid in renders:
        await db.execute(
            "INSERT INTO renders (id, session_id, user_id, kind, source_sha256, source_path, prompt, created_at) "
            "VALUES (?, ?, 1, 'generate', 'x', 'x', 'p', ?)",
            (rid, sid, NOV),
        )
        await db.execute(
            "INSERT INTO creations (user_id, session_id, sha256, relative_path, creation_type, style, size, format, "
            "background, prompt, created_at, delivered_at, render_id) VALUES (1, ?, 'x', 'x', 'streamer_logo', "
            "'gaming', 512, 'png', 'transparent', 'p', ?, ?, ?)",
            (sid, NOV, None if rid == 3 else NOV, rid),  # render 3 was recorded but never delivered
        )
    await db.execute("UPDATE renders SET auto_fixes = 1 WHERE id IN (2, 5, 7)")  # 7 is October's
    for rid, stars in [(1, 5), (2, 3), (4, 4), (7, 1)]:
        await db.execute("INSERT INTO ratings (render_id, user_id, stars, rated_at) VALUES (?, 1, ?, ?)",
                         (rid, stars, NOV))  # fmt: skip
    for sid, kind in [(5, "safety"), (5, "timeout"), (3, "unavailable"), (1, "empty"), (6, "safety")]:
        await db.execute("INSERT INTO render_failures (session_id, kind, at) VALUES (?, ?, ?)", (sid, kind, NOV))


async def test_all_servers(db):
    await seed(db)
    s = await OperatorStats(db).for_month("2026-11")
    # Completed: sessions 1 and 4 (session 2's only render was never delivered).
    assert (s.started, s.users, s.completed, s.renders, s.refunds) == (5, 4, 2, 6, 1)
    assert s.completion_rate == 2 / 5 and s.renders_per_session == 6 / 5
    assert (s.rating_mean, s.rating_count) == (4.0, 3)  # 5, 3, 4 (render 7 is October's)
    assert s.failures == {"unavailable": 1, "timeout": 1, "safety": 1, "empty": 1, "other": 0}
    assert s.tier_mix == {"free": 2, "pro": 2, "studio": 1} and s.tier_rose == 1 and s.renders_fixed == 2


async def test_one_server_and_a_bad_month(db):
    await seed(db)
    s = await OperatorStats(db).for_month("2026-11", guild_id=B)
    assert (s.started, s.users, s.completed, s.renders, s.refunds) == (2, 2, 1, 3, 0)
    assert (s.rating_mean, s.rating_count) == (4.0, 1)
    assert s.failures["safety"] == 1 and s.failures["timeout"] == 1 and s.tier_rose == 0
    with pytest.raises(BadMonth, match="YYYY-MM"):
        await OperatorStats(db).for_month("November")


async def test_rows_are_counted_for_their_sessions_month_whenever_they_were_stamped(db):
    """Stats find renders, deliveries and failures from the month's start on: a November session resumed in December
    still counts its December rows for November, October's session counts none of its November rows, and a render
    stamped before its session (another process's clock, an hour behind) is still its session's."""
    await seed(db)
    dec = datetime(2026, 12, 3, tzinfo=UTC).timestamp()

    async def render(rid: int, sid: int, at: float, delivered: float | None, stars: int | None) -> None:
        await db.execute(
            "INSERT INTO renders (id, session_id, user_id, kind, source_sha256, source_path, prompt, created_at, "
            "auto_fixes) VALUES (?, ?, 1, 'generate', 'x', 'x', 'p', ?, 1)", (rid, sid, at),
        )  # fmt: skip
        await db.execute(
            "INSERT INTO creations (user_id, session_id, sha256, relative_path, creation_type, style, size, format, "
            "background, prompt, created_at, delivered_at, render_id) VALUES (1, ?, 'x', 'x', 'streamer_logo', "
            "'gaming', 512, 'png', 'transparent', 'p', ?, ?, ?)", (sid, at, delivered, rid),
        )  # fmt: skip
        if stars is not None:
            await db.execute("INSERT INTO ratings (render_id, user_id, stars, rated_at) VALUES (?, 1, ?, ?)",
                             (rid, stars, at))  # fmt: skip

    await render(8, 5, dec, dec, 2)  # session 5 (November, nothing delivered) resumed and delivered in December
    await db.execute("INSERT INTO render_failures (session_id, kind, at) VALUES (5, 'other', ?)", (dec,))
    await render(9, 6, NOV + 50, NOV + 50, 5)  # October's session, a November render: October's
    await render(10, 2, NOV + 10 - 3600, None, None)  # session 2's render, stamped an hour before it opened
    s = await OperatorStats(db).for_month("2026-11")
    assert (s.started, s.users, s.completed, s.renders, s.refunds) == (5, 4, 3, 8, 1)
    assert (s.rating_mean, s.rating_count) == (3.5, 4)  # 5, 3, 4 and December's 2
    assert s.failures == {"unavailable": 1, "timeout": 1, "safety": 1, "empty": 1, "other": 1}
    assert s.renders_fixed == 4 and s.tier_rose == 1
    b = await OperatorStats(db).for_month("2026-11", guild_id=B)
    assert (b.completed, b.renders, b.rating_count, b.failures["other"]) == (2, 4, 2, 1)
    december = await OperatorStats(db).for_month("2026-12")
    assert (december.started, december.completed, december.renders, december.rating_count) == (0, 0, 0, 0)
    assert sum(december.failures.values()) == 0
    october = await OperatorStats(db).for_month("2026-10")
    assert (october.started, october.completed, october.renders, october.rating_count) == (1, 1, 2, 2)

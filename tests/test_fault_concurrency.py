"""Provider errors and timeouts injected across 50 concurrent sessions lose no credit."""

import asyncio

from bot.providers.gemini import GeminiProvider
from bot.render.generation import GenerationFailed, GenerationService
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import Fault
from tests.harness import READY_BRIEF as READY


async def test_faults_across_50_concurrent_sessions_lose_no_credit(
    db, sessions, gallery, renders, fake_gemini, open_session
):
    provider = GeminiProvider(
        gemini_settings(fake_gemini.base_url, timeout_seconds=5, retry_attempts=1), api_key="k-0123456789"
    )
    ids = []
    for user in range(50):
        session = await open_session(user_id=1000 + user)
        await sessions.save_brief(session.id, READY)
        ids.append(session.id)
    # First round: a mix of 500s, 429s, safety blocks, empty results and timeouts for 30 of the 50.
    faults = [Fault(status=500), Fault(status=429), Fault(safety=True), Fault(empty=True), Fault(delay=12)] * 6
    fake_gemini.fail("image", *faults)
    service = GenerationService(sessions, gallery, renders, provider, max_concurrent=50, renders_per_credit=4)
    try:
        first = await asyncio.gather(*(service.render(i) for i in ids), return_exceptions=True)
        failed = [i for i, outcome in zip(ids, first, strict=True) if isinstance(outcome, BaseException)]
        assert len(failed) == 30
        assert all(isinstance(o, GenerationFailed) for o in first if isinstance(o, BaseException))
        for session_id in failed:
            session = await sessions.get(session_id)
            assert (session.status, session.credit_state) == ("active", "reserved")
        # Retry: everyone ends with exactly one delivered image and exactly one credit spent.
        second = await asyncio.gather(*(service.render(i) for i in failed), return_exceptions=True)
        assert not [o for o in second if isinstance(o, BaseException)]
    finally:
        await provider.aclose()
    rows = await db.fetchall("SELECT user_id, used FROM monthly_usage WHERE user_id >= 1000")
    assert len(rows) == 50 and all(row["used"] == 1 for row in rows)
    spent = await db.fetchone("SELECT COUNT(*) AS n FROM sessions WHERE credit_state = 'spent'")
    creations = await db.fetchone("SELECT COUNT(*) AS n FROM creations")
    assert spent["n"] == creations["n"] == 50

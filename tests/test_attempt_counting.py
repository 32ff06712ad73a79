"""Every image call counts against the credit's attempts (repaints and self-check fixes included), and a timeout
counts as spent: worst case per credit = attempts_per_credit image calls (fails on the code before issue 21)."""

import pytest

from bot.config import GenerationSettings, QuotaSettings
from bot.render import GenerationFailed, GenerationService
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import Fault, verdict
from tests.test_self_check import KAIZEN


def _quota(attempts: int) -> QuotaSettings:
    spend = {"coach_turns_per_day": 40, "coach_turns_per_minute": 6, "coach_burst": 3, "attempts_per_credit": attempts}
    return QuotaSettings(renders_per_credit=1, spend={t: spend for t in ("free", "pro", "studio")})


@pytest.fixture
async def logo(sessions, open_session):
    session = await open_session(creation_type="streamer_logo", style="minimal")
    await sessions.save_brief(session.id, KAIZEN)
    return await sessions.get(session.id)


async def test_a_self_check_fix_takes_an_attempt_and_none_is_made_without_one(sessions, gallery, renders, gemini,
                                                                              fake_gemini, logo):  # fmt: skip
    fake_gemini.check_reply = lambda r: verdict("KAIZFN")  # the lettering always reads wrong
    checks = GenerationSettings(self_check=True, max_auto_fixes=1)
    service = GenerationService(sessions, gallery, renders, gemini, 2, 1, _quota(1), self_check=checks)
    result = await service.render(logo.id)
    assert len(fake_gemini.of_kind("image")) == 1  # the one attempt went to the render: no fix beyond it
    assert "KAIZFN" in (result.render.note or "")
    assert (await sessions.get(logo.id)).attempts_used == 1


async def test_with_attempts_left_the_fix_is_counted(sessions, gallery, renders, gemini, fake_gemini, logo):
    fake_gemini.check_reply = lambda r: verdict("KAIZFN")
    checks = GenerationSettings(self_check=True, max_auto_fixes=1)
    service = GenerationService(sessions, gallery, renders, gemini, 2, 1, _quota(3), self_check=checks)
    await service.render(logo.id)
    assert len(fake_gemini.of_kind("image")) == 2
    assert (await sessions.get(logo.id)).attempts_used == 2  # the render and its fix, one attempt each


async def test_a_timeout_counts_as_spent(sessions, gallery, renders, fake_gemini, logo):
    from bot.providers import GeminiProvider

    slow = GeminiProvider(gemini_settings(fake_gemini.base_url, timeout_seconds=0.2, retry_attempts=1), "k-0123456")
    try:
        fake_gemini.fail("image", Fault(delay=2))
        service = GenerationService(sessions, gallery, renders, slow, 2, 1, _quota(3),
                                    self_check=GenerationSettings(self_check=False))  # fmt: skip
        with pytest.raises(GenerationFailed):
            await service.render(logo.id)
        assert (await sessions.get(logo.id)).attempts_used == 1  # Gemini may have billed it: it is not handed back
    finally:
        await slow.aclose()

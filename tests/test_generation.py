import asyncio
import io

import numpy as np
import pytest
from PIL import Image

from bot.imaging.output import OutputOptions
from bot.model import TroubleKind
from bot.providers.offline import OfflineProvider
from bot.render.generation import GenerationFailed, GenerationRefused, GenerationService, Stage
from bot.usecases import render_trouble
from tests.fakes.fake_gemini import Fault
from tests.harness import READY_BRIEF as READY
from tests.harness import credits_used, ready_session


async def test_gemini_generation_delivers_exact_transparent_image_and_spends_credit(
    db, sessions, gallery, renders, gemini, fake_gemini, open_session
):
    session = await ready_session(sessions, open_session)
    await sessions.set_options(session.id, OutputOptions(size=256, format="webp", background="transparent"))
    stages = []

    async def progress(stage):
        stages.append(stage)

    result = await GenerationService(sessions, gallery, renders, gemini, 2, 4).render(session.id, progress=progress)
    assert stages == [Stage.QUEUED, Stage.GENERATING, Stage.FINISHING]
    image = Image.open(io.BytesIO(result.data))
    assert (image.format, image.mode, image.size) == ("WEBP", "RGBA", (256, 256))
    alpha = np.asarray(image)[..., 3]
    assert alpha[0, 0] == 0 and alpha[128, 128] == 0 and alpha[60, 128] == 255  # hole stays open
    done = await sessions.get(session.id)
    assert (done.status, done.credit_state, done.renders_used) == ("active", "spent", 1)
    assert await credits_used(db, 1) == 1
    page = await gallery.list_page(1)
    assert [c.id for c in page.items] == [result.creation.id]
    assert await gallery.read(page.items[0]) == result.data
    assert "#00ff00" in fake_gemini.of_kind("image")[0].user_texts[0]


async def test_provider_failure_keeps_the_credit_and_retry_succeeds(
    db, sessions, gallery, renders, gemini, fake_gemini, open_session
):
    session = await ready_session(sessions, open_session)
    service = GenerationService(sessions, gallery, renders, gemini, 2, 4)
    fake_gemini.fail("image", *[Fault(status=500)] * 3)
    with pytest.raises(GenerationFailed) as failed:
        await service.render(session.id)
    assert "credit is safe" in render_trouble(failed.value.trouble)
    after = await sessions.get(session.id)
    assert (after.status, after.credit_state) == ("active", "reserved")
    assert await credits_used(db, 1) == 1  # reserved once, not spent twice, not lost

    fake_gemini.fail("image", Fault(safety=True))
    with pytest.raises(GenerationFailed) as failed:
        await service.render(session.id)
    assert "safety filter" in render_trouble(failed.value.trouble)

    result = await service.render(session.id)
    assert result.creation.session_id == session.id
    assert (await sessions.get(session.id)).credit_state == "spent"
    assert await credits_used(db, 1) == 1


async def test_double_click_runs_one_generation(sessions, gallery, renders, open_session):
    session = await ready_session(sessions, open_session)
    service = GenerationService(sessions, gallery, renders, OfflineProvider(), 2, 4)
    outcomes = await asyncio.gather(*(service.render(session.id) for _ in range(5)), return_exceptions=True)
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    assert all(isinstance(o, GenerationRefused) for o in outcomes if isinstance(o, BaseException))
    assert (await gallery.list_page(1)).total == 1


async def test_incomplete_brief_cannot_generate(sessions, gallery, renders, open_session):
    session = await open_session()
    with pytest.raises(GenerationRefused) as refused:
        await GenerationService(sessions, gallery, renders, OfflineProvider(), 1, 4).render(session.id)
    assert refused.value.reason == "not_ready"


async def test_cancelled_generation_releases_the_session(sessions, gallery, renders, gemini, fake_gemini, open_session):
    session = await ready_session(sessions, open_session)
    fake_gemini.fail("image", Fault(delay=5))
    task = asyncio.create_task(GenerationService(sessions, gallery, renders, gemini, 1, 4).render(session.id))
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    after = await sessions.get(session.id)
    assert (after.status, after.credit_state) == ("active", "reserved")


@pytest.mark.parametrize("creation_type", ["profile_picture", "streamer_logo"])
@pytest.mark.parametrize("style", ["gaming", "minimal", "vibrant", "retro"])
async def test_offline_renderer_makes_real_labelled_designs(
    sessions, gallery, renders, open_session, creation_type, style
):
    session = await ready_session(sessions, open_session, creation_type=creation_type, style=style, colors=["#ff8800"])
    await sessions.save_brief(session.id, READY.model_copy(update={"shape": "hexagon", "color_scheme": "orange"}))
    await sessions.set_options(session.id, OutputOptions(size=512, format="png", background="#ffffff"))
    result = await GenerationService(sessions, gallery, renders, OfflineProvider(), 1, 4).render(session.id)
    image = Image.open(io.BytesIO(result.data))
    assert image.size == (512, 512) and image.info["Software"].endswith("(offline renderer)")
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    assert (pixels == 255).all(axis=1).mean() > 0.1, "background replaced by the solid white"
    assert len(np.unique(pixels, axis=0)) > 3, "a design, not a blank canvas"
    assert result.creation.offline and result.creation.filename.endswith("-offline.png")


async def test_expiry_refunds_an_unspent_credit_once(db, sessions, open_session):
    session = await open_session()
    assert await credits_used(db, 1) == 1
    ended = await sessions.end(session.id, "expired")
    assert (ended.status, ended.credit_state) == ("expired", "refunded")
    assert await credits_used(db, 1) == 0
    assert await sessions.end(session.id, "expired") is None
    assert await credits_used(db, 1) == 0


async def test_one_live_session_per_user(sessions, open_session):
    first = await open_session(limit=5)
    second = await open_session(limit=5)
    assert second.outcome.value == "already_active" and second.session.id == first.id


async def test_retries_after_paid_failures_are_bounded_but_outages_are_free(
    db, sessions, gallery, renders, gemini, fake_gemini, open_session
):
    from bot.config.settings import QuotaSettings

    session = await ready_session(sessions, open_session)
    quota = QuotaSettings(renders_per_credit=1, spend={"free": {"attempts_per_credit": 2}})
    service = GenerationService(sessions, gallery, renders, gemini, 1, 1, quota)
    fake_gemini.fail("image", *[Fault(status=503)] * 9)  # three renders (3 tries each)' worth of outages: none count
    for _ in range(3):
        with pytest.raises(GenerationFailed) as failed:
            await service.render(session.id)
        assert failed.value.trouble.kind is TroubleKind.UNAVAILABLE
    fake_gemini.fail("image", Fault(safety=True), Fault(safety=True))
    for _ in range(2):
        with pytest.raises(GenerationFailed) as failed:
            await service.render(session.id)
        assert failed.value.trouble.kind is TroubleKind.SAFETY
    with pytest.raises(GenerationRefused) as refused:
        await service.render(session.id)
    assert (refused.value.reason, refused.value.attempts) == ("attempts_used", 2)
    assert len(fake_gemini.of_kind("image")) == 11  # the refused Retry made no model call
    assert (await sessions.get(session.id)).credit_state == "reserved"  # still refunded if it expires

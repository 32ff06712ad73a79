"""A session is a series of renders: budget, edits with the kept source, the doubtful cut-out, resume."""

import io

import numpy as np
import pytest
from PIL import Image

from bot.providers.offline import OfflineProvider
from bot.render.generation import GenerationFailed, GenerationRefused, GenerationService, Stage
from bot.storage.sessions import ResumeOutcome
from tests.fakes.fake_gemini import Fault, key_colored_design
from tests.harness import READY_BRIEF as READY
from tests.harness import credits_used, inline_images, ready_session


def busy_scene(size: int = 1024) -> bytes:
    """What a model that ignores "flat background" paints: a detailed scene behind the design."""
    rng = np.random.default_rng(5)
    image = Image.fromarray(rng.integers(0, 256, (24, 24, 3), dtype=np.uint8)).resize((size, size))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


async def test_four_renders_then_a_refusal_and_one_credit_used(db, sessions, gallery, renders, open_session):
    session = await ready_session(sessions, open_session)
    service = GenerationService(sessions, gallery, renders, OfflineProvider(), 1, 4)
    numbers = []
    for kind in ("generate", "vary", "edit", "vary"):
        result = await service.render(session.id, kind, change="thicker letters" if kind == "edit" else "")
        numbers.append(result.number)
    assert numbers == [1, 2, 3, 4]
    with pytest.raises(GenerationRefused) as refused:
        await service.render(session.id, "vary")
    assert refused.value.reason == "renders_used" and refused.value.budget_used
    after = await sessions.get(session.id)
    assert (after.status, after.credit_state, after.renders_used) == ("active", "spent", 4)
    assert await credits_used(db, 1) == 1
    assert await renders.count(session.id) == 4


async def test_failed_render_does_not_use_the_budget(db, sessions, gallery, renders, gemini, fake_gemini, open_session):
    session = await ready_session(sessions, open_session)
    service = GenerationService(sessions, gallery, renders, gemini, 1, 4)
    await service.render(session.id)
    fake_gemini.fail("image", Fault(safety=True))
    with pytest.raises(GenerationFailed):
        await service.render(session.id, "vary")
    fake_gemini.fail("image", *[Fault(status=503)] * 3)
    with pytest.raises(GenerationFailed):
        await service.render(session.id, "vary")
    after = await sessions.get(session.id)
    assert (after.status, after.renders_used) == ("active", 1)
    assert (await service.render(session.id, "vary")).number == 2


async def test_edit_sends_the_previous_source_and_the_change(
    sessions, gallery, renders, gemini, fake_gemini, open_session
):
    session = await ready_session(sessions, open_session)
    service = GenerationService(sessions, gallery, renders, gemini, 1, 4)
    first = await service.render(session.id)
    kept_source = await gallery.read_path(first.render.source_path)
    edited = await service.render(session.id, "edit", change="make the fox blue")
    request = fake_gemini.of_kind("image")[-1]
    assert inline_images(request) == [kept_source]
    assert "make the fox blue" in " ".join(request.user_texts)
    assert edited.render.kind == "edit" and edited.render.change_request == "make the fox blue"
    assert edited.number == 2


async def test_doubtful_cut_out_asks_once_for_a_flat_background(
    sessions, gallery, renders, gemini, fake_gemini, open_session
):
    session = await ready_session(sessions, open_session)
    calls = []

    def reply(recorded):
        calls.append(recorded)
        # The first render ignores the key colour; the repaint follows it.
        return busy_scene() if len(calls) == 1 else key_colored_design("uniform #00ff00 background")

    fake_gemini.image_reply = reply
    stages = []

    async def progress(stage):
        stages.append(stage)

    result = await GenerationService(sessions, gallery, renders, gemini, 1, 4).render(session.id, progress=progress)
    assert Stage.REPAINTING in stages and len(calls) == 2
    repaint = calls[1]
    assert inline_images(repaint) == [busy_scene()] and "repaint only its background" in repaint.user_texts[-1]
    image = Image.open(io.BytesIO(result.data))
    assert image.mode == "RGBA" and np.asarray(image)[2, 2, 3] == 0
    assert result.render.counted and result.number == 1 and result.render.note is None


async def test_still_doubtful_delivers_the_designed_background_uncounted(
    db, sessions, gallery, renders, gemini, fake_gemini, open_session
):
    session = await ready_session(sessions, open_session)
    fake_gemini.image_reply = lambda recorded: busy_scene()
    result = await GenerationService(sessions, gallery, renders, gemini, 1, 4).render(session.id)
    assert len(fake_gemini.of_kind("image")) == 2  # the render and one repaint, no more
    image = Image.open(io.BytesIO(result.data))
    assert image.mode == "RGB" and result.creation.background == "scene"
    assert not result.render.counted and "didn't count" in result.render.note
    after = await sessions.get(session.id)
    assert after.renders_used == 0 and after.credit_state == "spent" and await credits_used(db, 1) == 1


async def test_resume_within_the_window_re_reserves_a_refunded_credit(db, sessions, open_session, quota):
    session = await ready_session(sessions, open_session)
    await sessions.end(session.id, "expired")
    assert await credits_used(db, 1) == 0
    month = quota.current_month()
    outcome = await sessions.resume(session.id, month=month, limit=1, window_seconds=3600)
    assert outcome is ResumeOutcome.RESUMED
    resumed = await sessions.get(session.id)
    assert (resumed.status, resumed.credit_state, resumed.brief) == ("active", "reserved", READY)
    assert await credits_used(db, 1) == 1
    assert await sessions.resume(session.id, month=month, limit=1, window_seconds=3600) is (ResumeOutcome.NOT_RESUMABLE)


async def test_resume_refusals(db, sessions, open_session, quota):
    session = await ready_session(sessions, open_session)
    await sessions.end(session.id, "expired")
    month = quota.current_month()
    assert await sessions.resume(session.id, month=month, limit=1, window_seconds=-1) is ResumeOutcome.TOO_LATE
    other = await open_session(user_id=1, limit=5)  # a new session took the user's one open slot
    assert other.status == "active"
    assert await sessions.resume(session.id, month=month, limit=5, window_seconds=60) is ResumeOutcome.ALREADY_ACTIVE
    await sessions.end(other.id, "cancelled")
    assert await sessions.resume(session.id, month=month, limit=0, window_seconds=60) is ResumeOutcome.NO_QUOTA
    assert (await sessions.get(session.id)).status == "expired"


async def test_a_render_drawn_offline_for_billing_carries_the_fact_and_older_ones_read_the_same(tmp_path):
    """Why the offline engine drew a render (the key's image models need billing) is a fact on the render, worded by
    the front ends; renders kept before, whose note was that sentence, read as the fact and say the same words."""
    from bot.model import initial_brief
    from bot.render.store import RenderStore
    from bot.storage import Database, SessionRepository
    from bot.storage.database import bundled_migrations
    from bot.usecases import IMAGES_NEED_BILLING, render_notes

    path = tmp_path / "old.sqlite3"
    old = await Database.open(path, migrations=[m for m in bundled_migrations() if m[0] <= 17])
    opened = await SessionRepository(old).open(
        user_id=1, guild_id=10, channel_id=20, creation_type="streamer_logo", style="minimal", description="",
        colors=[], brief=initial_brief("minimal", []), month="2026-12", limit=1,
    )  # fmt: skip
    for note in (IMAGES_NEED_BILLING, "Self-check fixed the lettering before delivery."):
        await old.execute(
            "INSERT INTO renders (session_id, user_id, kind, source_sha256, source_path, prompt, note, created_at) "
            "VALUES (?, 1, 'generate', 'abc', 'abc.png', 'a logo', ?, 1.0)", (opened.session.id, note),
        )  # fmt: skip
    await old.close()
    db = await Database.open(path)
    try:
        billing, checked = await RenderStore(db).for_session(opened.session.id)
        assert (billing.billing_fallback, billing.note) == (True, None)
        assert render_notes(billing) == [IMAGES_NEED_BILLING]
        assert not checked.billing_fallback
        assert render_notes(checked) == ["Self-check fixed the lettering before delivery."]
    finally:
        await db.close()

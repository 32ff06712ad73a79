"""Issue 16: the model looks at its own render before delivery; one free corrective edit; never blocks delivery."""

import json

import pytest

from bot.config.settings import GenerationSettings
from bot.model.brief import Brief
from bot.providers.offline import OfflineProvider
from bot.render.generation import GenerationService, Stage
from tests.fakes.fake_gemini import Fault, verdict
from tests.harness import inline_images

KAIZEN = Brief(subject="a fox head", style="flat vector", color_scheme="orange and black", shape="circle",
               text="KAIZEN")  # fmt: skip


@pytest.fixture
async def logo(sessions, open_session):
    session = await open_session(creation_type="streamer_logo", style="minimal")
    await sessions.save_brief(session.id, KAIZEN)
    return await sessions.get(session.id)


def service(sessions, gallery, renders, provider, **check):
    settings = GenerationSettings(**{"self_check": True, "max_auto_fixes": 1, **check})
    return GenerationService(sessions, gallery, renders, provider, 2, 4, self_check=settings)


def reads(*texts):
    answers = iter(texts)
    return lambda recorded: verdict(next(answers))


async def test_a_misspelled_logo_gets_exactly_one_free_corrective_edit(
    sessions, gallery, renders, gemini, fake_gemini, logo
):
    fake_gemini.check_reply = reads("KAIZFN", "KAIZEN")
    stages = []

    async def progress(stage):
        stages.append(stage)

    result = await service(sessions, gallery, renders, gemini).render(logo.id, progress=progress)
    _, fix = fake_gemini.of_kind("image")
    assert len(fake_gemini.of_kind("image")) == 2 and len(fake_gemini.of_kind("check")) == 2
    assert inline_images(fix)[0] == inline_images(fake_gemini.of_kind("check")[0])[0]  # the render it checked
    assert "spell the text exactly KAIZEN" in " ".join(fix.user_texts)
    assert Stage.CHECKING in stages and Stage.FIXING_TEXT in stages
    assert result.render.auto_fixes == 1 and "fixed the lettering" in result.render.note
    assert json.loads(result.render.check_verdict)["text_read"] == "KAIZEN"
    assert (await sessions.get(logo.id)).renders_used == 1  # the fix cost the user nothing


async def test_a_check_that_keeps_failing_delivers_once_with_an_honest_line(
    sessions, gallery, renders, gemini, fake_gemini, logo
):
    fake_gemini.check_reply = reads("KAIZFN", "KAlZEN")
    result = await service(sessions, gallery, renders, gemini).render(logo.id)
    assert len(fake_gemini.of_kind("image")) == 2  # one fix, no more
    assert (
        "reads “KAIZFN” instead of “KAIZEN”" in result.render.note and "spell it exactly KAIZEN" in result.render.note
    )
    assert result.render.auto_fixes == 1 and (await sessions.get(logo.id)).renders_used == 1


@pytest.mark.parametrize("fault", [Fault(status=500), Fault(delay=3)], ids=["500", "timeout"])
async def test_a_failing_check_never_blocks_delivery(sessions, gallery, renders, gemini, fake_gemini, logo, fault):
    fake_gemini.fail("check", *[fault] * 3)
    result = await service(sessions, gallery, renders, gemini, self_check_timeout_seconds=0.5).render(logo.id)
    assert result.creation.id and result.render.check_verdict is None and result.render.auto_fixes == 0
    assert len(fake_gemini.of_kind("image")) == 1 and (await sessions.get(logo.id)).renders_used == 1


async def test_offline_the_renderer_reports_what_it_drew(sessions, gallery, renders, logo):
    result = await service(sessions, gallery, renders, OfflineProvider()).render(logo.id)
    verdict = json.loads(result.render.check_verdict)
    assert verdict["text_read"] == "KAIZEN" and result.render.auto_fixes == 0 and result.render.note is None

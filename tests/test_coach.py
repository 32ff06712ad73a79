import pytest

from bot.coach.service import MAX_USER_MESSAGE, CoachService, MessageTooLong
from bot.model.brief import Brief, check_brief
from bot.providers.base import SafetyBlocked
from bot.providers.offline import OfflineProvider
from tests.fakes.fake_gemini import Fault


async def reply_of(turn) -> str:
    """The reply as the thread shows it; then the extraction that ran beside it settles the brief."""
    reply = "".join([chunk async for chunk in turn.stream()])
    await turn.settle()
    return reply


async def test_offline_coach_gathers_a_profile_picture_brief_to_ready(sessions, open_session):
    coach = CoachService(sessions, OfflineProvider())
    session = await open_session(description="a red panda streamer with headphones")
    opening = await coach.opening(session)
    assert opening.context.brief.subject == "a red panda streamer with headphones"
    first = await reply_of(opening)
    assert "mood" in first.lower()  # style came from the gaming preset, so mood is next

    session = await sessions.get(session.id)
    turn = await coach.turn(session, "cheerful and a bit smug")
    assert turn.context.brief.mood == "cheerful"
    assert "behind the subject" in await reply_of(turn)

    session = await sessions.get(session.id)
    turn = await coach.turn(session, "a soft purple glow background, with the text 'PANDA'")
    assert turn.context.check.ready and turn.became_ready
    assert turn.context.brief.text == "PANDA"
    assert "Generate" in await reply_of(turn)

    stored = await sessions.get(session.id)
    assert stored.brief == turn.context.brief
    roles = [t.role for t in await sessions.transcript(session.id)]
    assert roles == ["user", "model", "user", "model", "user", "model"]


async def test_offline_coach_gathers_a_logo_brief(sessions, open_session):
    coach = CoachService(sessions, OfflineProvider())
    session = await open_session(creation_type="streamer_logo", style="custom", colors=["#9146ff"])
    opening = await coach.opening(session)
    assert "star of it" in await reply_of(opening)
    for answer in ["a howling wolf head", "sharp flat vector with thick lines", "inside a shield"]:
        session = await sessions.get(session.id)
        turn = await coach.turn(session, answer)
        await reply_of(turn)
    brief = turn.context.brief
    assert (brief.subject, brief.style, brief.shape, brief.color_scheme) == (
        "a howling wolf head",
        "flat",
        "shield",
        "#9146ff",
    )
    assert turn.context.check.ready


def test_long_text_blocks_readiness_with_a_reason():
    brief = Brief(subject="fox", style="anime", mood="calm", background="plain", text="THE GREAT FOX GAMING")
    check = check_brief("profile_picture", brief)
    assert not check.ready and "12 characters" in check.problems[0]
    assert check_brief("profile_picture", brief.model_copy(update={"text": "FOX"})).ready


async def test_gemini_coach_readiness_comes_from_rules_not_a_marker(sessions, open_session, gemini, fake_gemini):
    coach = CoachService(sessions, gemini)
    session = await open_session()
    fake_gemini.json_reply = lambda r: {"subject": "a knight"}
    fake_gemini.stream_reply = lambda r: ["All set! ", "[INTENT_READY]"]
    turn = await coach.turn(session, "a knight")
    assert await reply_of(turn) == "All set! [INTENT_READY]"
    assert not turn.context.check.ready
    assert turn.context.check.missing_required == ["mood", "background"]
    # The reply streams before the extraction is back: its prompt lists what was missing before this message
    # and tells the model to count the newest message as known.
    system = fake_gemini.of_kind("stream")[0].system_text
    assert "expression / mood, background" in system and "count what that message gives as known" in system

    fake_gemini.json_reply = lambda r: {"mood": "stoic", "background": "castle at dusk"}
    turn = await coach.turn(await sessions.get(session.id), "stoic, castle at dusk")
    await reply_of(turn)
    assert turn.context.check.ready and turn.became_ready
    assert (await sessions.get(session.id)).brief.background == "castle at dusk"
    # The transcript is replayed to the model on every turn.
    assert fake_gemini.of_kind("stream")[-1].user_texts == ["a knight", "stoic, castle at dusk"]


async def test_blocked_reply_raises_typed_error_and_saves_no_model_turn(sessions, open_session, gemini, fake_gemini):
    coach = CoachService(sessions, gemini)
    session = await open_session()
    fake_gemini.fail("stream", Fault(safety=True))
    turn = await coach.turn(session, "something dubious")
    with pytest.raises(SafetyBlocked):
        await reply_of(turn)
    assert [t.role for t in await sessions.transcript(session.id)] == ["user"]


async def test_oversized_message_is_refused_before_recording(sessions, open_session):
    coach = CoachService(sessions, OfflineProvider())
    session = await open_session()
    with pytest.raises(MessageTooLong) as refused:
        await coach.turn(session, "x" * (MAX_USER_MESSAGE + 1))
    assert refused.value.length == MAX_USER_MESSAGE + 1
    assert await sessions.transcript(session.id) == []

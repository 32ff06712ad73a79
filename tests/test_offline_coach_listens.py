"""The offline coach listens: what a streamer says once fills the brief, nothing asked twice, no request or remark
written into a field, and the "any text?" question before "ready"."""

from bot.model import CHANGE_MARKER, Brief, check_brief, initial_brief
from bot.providers.base import ChatTurn, CoachContext
from bot.providers.offline import OfflineProvider

FIRST = "a fox astronaut for my channel NovaFox, orange and navy, deep space with stars and a planet"


async def extract(text: str, brief: Brief, kind="streamer_logo", instruction="x") -> Brief:
    return await OfflineProvider().extract_brief(instruction, [ChatTurn("user", text)], brief, kind)


async def reply(kind: str, brief: Brief, previous: Brief | None = None, colors=()) -> str:
    context = CoachContext(kind, "gaming", list(colors), brief, check_brief(kind, brief), previous=previous)
    return "".join([c async for c in OfflineProvider().stream_reply("", [], context)])


async def test_one_message_fills_subject_text_every_colour_and_the_scene():
    brief = await extract(FIRST, initial_brief("gaming", []))
    assert brief.subject == "a fox astronaut" and brief.text == "NovaFox"
    assert brief.color_scheme == "orange, navy"  # navy is not dropped
    assert brief.background == "deep space with stars and a planet"
    answer = await reply("streamer_logo", brief, initial_brief("gaming", []))
    assert "NovaFox" in answer and "shape" in answer.lower()  # it asks for what is missing, not for the name
    assert "Any text or symbols" not in answer


async def test_it_never_asks_again_for_what_it_was_given():
    brief = await extract(FIRST, initial_brief("gaming", []))
    brief = await extract("a shield", brief)
    answer = await reply("streamer_logo", brief, brief)
    assert check_brief("streamer_logo", brief).ready
    assert "channel name" not in answer and "Which colours" not in answer
    assert "gaming palette" not in answer  # colours were named


async def test_requests_and_remarks_are_not_answers():
    brief = await extract(FIRST, initial_brief("gaming", []), kind="profile_picture")
    before = brief
    after_delivery = await extract("make the background darker", brief, "profile_picture", CHANGE_MARKER)
    assert after_delivery.background == before.background  # not "make the"
    assert (await extract("thanks!", brief, "profile_picture")) == before
    assert (await extract("could you make it pop more", brief, "profile_picture")) == before


async def test_the_text_question_comes_before_ready():
    brief = Brief(subject="a wolf", style="gaming", color_scheme="purple", shape="hexagon")
    answer = await reply("streamer_logo", brief, brief)
    assert "Any text or symbols" in answer and "Your brief is ready" not in answer
    done = await extract("no", brief)
    assert done.text == "none"
    assert "Your brief is ready" in await reply("streamer_logo", done, brief)


async def test_replies_acknowledge_only_what_the_turn_added():
    brief = await extract(FIRST, initial_brief("gaming", []))
    shaped = brief.model_copy(update={"shape": "shield"})
    answer = await reply("streamer_logo", shaped, brief)
    assert "shape: shield" in answer and "a fox astronaut" not in answer

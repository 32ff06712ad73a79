"""A brief the user can trust (issue 39): the offline coach reads the four streamer briefs nobody tuned on as the
user means them, a sentence that names a field changes that field, a change request never writes into one, an
edit that would draw the same picture costs no render, and with a key the extraction is told (and held to) the same.
Through the real flows: the use cases on real services, the coach on the fake Gemini."""

import pytest

from bot.coach.service import CoachService
from bot.config import Settings
from bot.design import spec_for
from bot.services import Services
from bot.sessions import parse_create_request
from bot.usecases import EditUnchanged, Rendered, WordsAreEdits, coach_opening, coach_turn, open_session, render_click
from tests.migrated import migrated_copy
from tests.test_usecases import FREE, Heard, nothing


@pytest.fixture
async def services(tmp_path, migrated_sqlite):
    settings = Settings.model_validate({"data_dir": str(tmp_path / "data")})
    await migrated_copy(migrated_sqlite, settings.database_path)
    made = await Services.create(settings)
    yield made
    await made.close()


async def told(services: Services, kind: str, style: str, description: str, *answers: str):
    """A session opened with ``description`` (the /profile create words), then the user's answers."""

    async def place(session_id: int) -> int:
        return 9000 + session_id

    request = parse_create_request(kind, style, description, "")
    opened = await open_session(services, user_id=7, guild_id=None, channel_id=0, request=request, tier=FREE,
                                place=place)  # fmt: skip
    heard = Heard()
    await coach_opening(services, opened.session, heard)
    for answer in answers:
        await coach_turn(services, opened.session.id, 7, [answer], heard)
    session = await services.sessions.get(opened.session.id)
    return session, heard


def drawn(session):
    return spec_for(session.creation_type, session.style, session.brief, session.colors, session.description)


async def test_the_four_briefs_of_the_issue_are_read_as_the_user_means_them(services):
    bunny, heard = await told(services, "streamer_logo", "anime",
                              "a pink bunny with headphones for my channel MochiMoo, pastel pink and mint, cozy vibe")
    assert bunny.brief.subject == "a pink bunny with headphones" and bunny.brief.mood == "cozy"
    assert bunny.brief.text == "MochiMoo" and bunny.brief.color_scheme == "pastel pink, mint"
    assert drawn(bunny).marks == ("rabbit-head", "headphones") and drawn(bunny).accessory == "headphones"
    assert "main element: a pink bunny with headphones" in heard.replies[0]  # the coach says what it understood


async def test_kageblade_luna_and_the_compass(services):
    briefs = {
        "kage": ("streamer_logo", "gaming", "a samurai helmet, red and black, channel KageBlade, esports"),
        "luna": ("profile_picture", "retro", "my cat Luna wearing a tiny crown, purple and gold"),
        "mira": ("streamer_logo", "professional", "a compass rose for my travel stream WanderWithMira, teal and sand"),
    }
    seen = {}
    for key, (kind, style, words) in briefs.items():
        session, _ = await told(services, kind, style, words)
        seen[key] = (session.brief, drawn(session))
        await services.sessions.end(session.id, "cancelled")  # one open session per user
    kage, kage_spec = seen["kage"]
    assert kage.subject == "a samurai helmet" and kage.text == "KageBlade" and kage.color_scheme == "red, black"
    assert kage_spec.marks[0] == "samurai-helmet" and kage_spec.palette[:2] == ("#e53935", "#000000")
    luna, luna_spec = seen["luna"]
    assert luna.subject == "my cat Luna wearing a tiny crown" and luna.color_scheme == "purple, gold"
    assert luna_spec.marks == ("cat", "crown") and luna_spec.accessory == "crown"  # the crown is on the cat
    mira, mira_spec = seen["mira"]
    assert mira.subject == "a compass rose" and mira.text == "WanderWithMira"
    assert mira.color_scheme == "teal, sand"  # sand is kept
    assert mira_spec.marks[0] == "compass" and "rose" not in mira_spec.marks  # a compass, not a flower


async def test_a_sentence_that_names_a_field_changes_that_field_whatever_was_asked(services):
    session, _ = await told(services, "streamer_logo", "anime", "cozy vibe, pastel pink and mint")
    assert session.brief.subject is None and session.brief.mood == "cozy"  # a mood is never the subject
    # The coach now waits for the subject; the user names another field first, then corrects the subject twice.
    session, _ = await told(services, "streamer_logo", "anime", "", "the text should say MochiMoo",
                            "the main element is a pink bunny with headphones",
                            "change the main element to: a cat wearing a crown", "colours: navy and sand",
                            "background: a starry night")  # fmt: skip
    brief = session.brief
    assert brief.text == "MochiMoo" and brief.subject == "a cat wearing a crown"
    assert brief.color_scheme == "navy, sand" and brief.background == "a starry night" and brief.shape is None


async def test_change_requests_never_touch_a_field_and_a_no_op_costs_no_render(services):
    session, _ = await told(services, "streamer_logo", "gaming",
                            "a samurai helmet, red and black, channel KageBlade, esports", "a shield")  # fmt: skip
    before = session.brief
    assert isinstance(await render_click(services, session.id, 7, "generate", nothing, expect=0), Rendered)
    heard: list[str] = []

    async def acknowledge(line: str) -> None:
        heard.append(line)

    async def edit(change: str):
        seen = (await services.sessions.get(session.id)).renders_used  # the render count the page showed
        return await render_click(services, session.id, 7, "edit", nothing, expect=seen, change=change,
                                  acknowledge=acknowledge)  # fmt: skip

    spoke = await coach_turn(services, session.id, 7, ["make the text bigger"], Heard())
    assert isinstance(spoke, WordsAreEdits)  # after a delivery words are edits, run as a render click
    assert isinstance(await edit(spoke.change), Rendered) and heard  # the name is drawn bigger ...
    assert (await services.sessions.get(session.id)).brief == before  # ... and is still KageBlade
    assert isinstance(await edit("make it darker"), Rendered)  # a session's budget is 4 renders
    assert (await services.sessions.get(session.id)).brief == before
    used, said = (await services.sessions.get(session.id)).renders_used, len(heard)
    moved = await edit("move the name down")
    assert isinstance(moved, EditUnchanged) and moved.change == "move the name down"
    after = await services.sessions.get(session.id)
    assert after.renders_used == used and after.brief == before  # no render spent, nothing written
    assert len(heard) == said  # and no "Editing your last render…" for a render that does not happen
    assert isinstance(await edit("swap the colours"), Rendered)  # the last render is still there to spend
    assert (await services.sessions.get(session.id)).brief == before
    await services.sessions.end(session.id, "cancelled")


async def test_an_explicit_naming_is_the_one_way_an_edit_changes_the_text(services):
    session, _ = await told(services, "streamer_logo", "gaming",
                            "a samurai helmet, red and black, channel KageBlade, esports", "a shield")  # fmt: skip
    assert isinstance(await render_click(services, session.id, 7, "generate", nothing, expect=0), Rendered)
    named = await render_click(services, session.id, 7, "edit", nothing, expect=1, change="the text should say Kage")
    assert isinstance(named, Rendered) and named.result.number == 2
    assert (await services.sessions.get(session.id)).brief.text == "Kage"


async def test_with_a_key_the_extraction_is_told_and_held_to_the_same(sessions, open_session, gemini, fake_gemini):
    coach = CoachService(sessions, gemini)
    session = await open_session(creation_type="streamer_logo")
    brief = session.brief.model_copy(update={"subject": "a samurai helmet", "text": "KageBlade", "shape": "shield",
                                             "color_scheme": "red, black"})  # fmt: skip
    await sessions.save_brief(session.id, brief)
    fake_gemini.json_reply = lambda r: {"text": "bigger", "shape": "bigger shield"}  # a model that misfiles it
    await coach.change_request(await sessions.get(session.id), "make the text bigger")
    prompt = fake_gemini.of_kind("json")[-1].system_text
    assert "never writes into any field" in prompt and '"make the text bigger" leaves text as it is' in prompt
    assert (await sessions.get(session.id)).brief == brief  # the name is KageBlade still
    fake_gemini.json_reply = lambda r: {"text": "Kage"}
    await coach.change_request(await sessions.get(session.id), "the text should say Kage")
    assert (await sessions.get(session.id)).brief.text == "Kage"


async def test_when_the_mark_is_unsure_the_coach_says_so_and_names_the_choices(services):
    session, heard = await told(services, "streamer_logo", "gaming", "a fox astronaut for my channel NovaFox")
    assert "not sure which picture fits “a fox astronaut”" in heard.replies[0]
    assert "I'll draw fox" in heard.replies[0] and "astronaut" in heard.replies[0]
    await services.sessions.end(session.id, "cancelled")
    _, heard = await told(services, "streamer_logo", "gaming", "a samurai helmet, channel KageBlade")
    assert "not sure" not in heard.replies[0]


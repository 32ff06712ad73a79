"""The brief edited by hand through the studio's API (the use case both front ends share): exactly the fields the
user set are written, the next render follows them, bad input saves nothing, and a stranger's edit reads as a
missing session."""

import pytest

from bot.design import read_spec
from bot.services import Services
from tests.harness import free_port
from tests.test_web_api import API, CSRF, hosted, login, sse
from web import start_studio


@pytest.fixture
async def hosted_studio(tmp_path, fake_discord):
    port = free_port()
    services = await Services.create(hosted(tmp_path, fake_discord, port))
    runner, url = await start_studio(services, "127.0.0.1", port)
    yield url.rstrip("/"), services
    await runner.cleanup()
    await services.close()


async def open_logo(browser) -> int:
    body = {"type": "streamer_logo", "style": "minimal", "colors": "#9146ff"}
    async with browser.post(f"{API}/start", json=body, headers=CSRF) as started:
        return (await sse(started))[0][1]["id"]


async def patch(browser, session_id: int, body: dict) -> tuple[int, dict]:
    async with browser.patch(f"{API}/sessions/{session_id}/brief", json=body, headers=CSRF) as answer:
        return answer.status, await answer.json()


async def render(browser, session_id: int, body: dict) -> None:
    """A render through the studio's endpoint, answered in JSON."""
    async with browser.post(f"{API}/sessions/{session_id}/generate", json=body,
                            headers={**CSRF, "Accept": "application/json"}) as made:  # fmt: skip
        assert made.status == 200, await made.text()


async def latest_spec(services: Services, session_id: int):
    render = await services.renders.latest(session_id)
    return read_spec(await services.gallery.read_path(render.source_path))


async def test_an_edited_brief_is_saved_as_typed_and_the_next_render_follows_it(hosted_studio, fake_discord):
    base, services = hosted_studio
    alice = fake_discord.add_user("alice")
    browser = await login(base, fake_discord, alice)
    try:
        session_id = await open_logo(browser)
        fields = {"subject": "a compass rose", "color_scheme": "teal and sand", "shape": "circle", "text": "Mira"}
        status, answer = await patch(browser, session_id, {"fields": fields})
        assert status == 200 and answer["ready"] and answer["became_ready"]
        assert {k: answer["brief"][k] for k in fields} == fields  # as typed: no reading, no guess
        assert set(answer["changed"]) == set(fields)
        await render(browser, session_id, {})
        assert (await latest_spec(services, session_id)).text == "Mira"

        # The name and a brand colour changed on the card: the next render draws them.
        status, answer = await patch(browser, session_id, {"fields": {"text": "WanderWithMira"},
                                                           "colors": ["#ff7a00", "teal"]})  # fmt: skip
        assert status == 200 and answer["colors"] == ["#ff7a00", "#00897b"] and not answer["became_ready"]
        assert answer["brief"]["subject"] == "a compass rose"  # what the user left alone stays
        await render(browser, session_id, {"vary": True})
        spec = await latest_spec(services, session_id)
        assert spec.text == "WanderWithMira" and {"#ff7a00", "#00897b"} <= set(spec.palette)
        assert "#9146ff" not in spec.palette[:2]  # the removed chip no longer leads

        status, answer = await patch(browser, session_id, {"fields": {"text": "WanderWithMira"}})
        assert status == 200 and answer["changed"] == []  # nothing changed, nothing written
    finally:
        await browser.close()


async def test_bad_edits_save_nothing_and_say_why(hosted_studio, fake_discord):
    base, services = hosted_studio
    alice = fake_discord.add_user("alice")
    browser = await login(base, fake_discord, alice)
    try:
        session_id = await open_logo(browser)
        await patch(browser, session_id, {"fields": {"subject": "an owl", "shape": "circle"}})
        before = (await services.sessions.get(session_id)).brief
        refused = {
            "required": ({"fields": {"subject": "  "}}, "change it rather than empty it"),
            "text": ({"fields": {"text": "x" * 30}}, "keep it to 24 characters"),
            "colour": ({"colors": ["teal", "blurple-ish"]}, "“blurple-ish” is not a colour"),
            "too many": ({"colors": ["red", "blue", "teal", "gold", "pink", "navy"]}, "At most 5 brand colours"),
            "not a field": ({"fields": {"mood": "happy"}}, "is not part of this brief"),  # a logo has no mood
            "shape": ({"fields": "circle"}, "fields must be an object"),
        }
        # What no body can be (too many colours, not an object) answers 400; a word that is not a colour fits the
        # document but cannot be read (422); what this session's type or brief refuses (emptying a required field,
        # a text too long for a logo, a field a logo lacks) answers 409.
        statuses = {"required": 409, "text": 409, "not a field": 409, "colour": 422}
        for name, (body, said) in refused.items():
            status, answer = await patch(browser, session_id, body)
            assert status == statuses.get(name, 400) and said in answer["error"], name
        assert (await services.sessions.get(session_id)).brief == before
    finally:
        await browser.close()


async def test_a_stranger_cannot_edit_someone_elses_brief(hosted_studio, fake_discord):
    base, services = hosted_studio
    alice, mallory = fake_discord.add_user("alice"), fake_discord.add_user("mallory")
    owner, stranger = await login(base, fake_discord, alice), await login(base, fake_discord, mallory)
    try:
        session_id = await open_logo(owner)
        status, theirs = await patch(stranger, session_id, {"fields": {"subject": "a skull"}})
        missing_status, missing = await patch(stranger, session_id + 1000, {"fields": {"subject": "a skull"}})
        assert (status, theirs) == (missing_status, missing) == (404, {"error": "No such session."})
        assert (await services.sessions.get(session_id)).brief.subject is None
    finally:
        await owner.close()
        await stranger.close()


async def test_the_coachs_line_on_an_edit_comes_in_the_edits_stream(hosted_studio, fake_discord):
    base, _ = hosted_studio
    browser = await login(base, fake_discord, fake_discord.add_user("alice"))
    try:
        session_id = await open_logo(browser)
        await patch(browser, session_id, {"fields": {"subject": "an owl", "shape": "circle"}})
        async with browser.post(f"{API}/sessions/{session_id}/generate", json={}, headers=CSRF) as made:
            assert [name for name, _ in await sse(made)][-2:] == ["render", "done"]
        async with browser.post(f"{API}/sessions/{session_id}/generate", json={"change": "make it darker"},
                                headers=CSRF) as edited:  # fmt: skip
            events = await sse(edited)
        names = [name for name, _ in events]
        assert names.index("reply") < names.index("render")  # before the render: the chat answers at once
        assert "make it darker" in dict(events)["reply"]["text"]
    finally:
        await browser.close()


async def test_an_unsure_subject_offers_marks_and_a_pick_is_drawn(hosted_studio, fake_discord):
    base, services = hosted_studio
    browser = await login(base, fake_discord, fake_discord.add_user("alice"))
    try:
        session_id = await open_logo(browser)
        status, answer = await patch(browser, session_id, {"fields": {"subject": "a fox astronaut", "shape": "circle"}})
        offered = {m["mark"]: m for m in answer["marks"]}
        assert status == 200 and {"fox-head", "astronaut-helmet"} <= set(offered)  # two things: which leads?
        assert offered["astronaut-helmet"]["image"].startswith("data:image/svg+xml;base64,")
        status, refused = await patch(browser, session_id, {"mark": "cookie"})  # not offered for this subject
        assert status == 409 and "no longer offered" in refused["error"]

        status, answer = await patch(browser, session_id, {"mark": "astronaut-helmet"})
        assert status == 200 and answer["brief"]["subject"] == "astronaut" and answer["marks"] == []
        await render(browser, session_id, {})
        assert (await latest_spec(services, session_id)).marks[0] == "astronaut-helmet"
    finally:
        await browser.close()

"""The studio's HTTP API: every endpoint, bad bodies, unknown and other users' ids, Discord login (OAuth2 against
the fake Discord), and one quota ledger shared with the bot on SQLite and PostgreSQL."""

import asyncio
import json
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest

from bot import app
from bot.config import ConfigError, Settings, load_settings
from tests.conftest import fresh_schema_url
from tests.harness import free_port, settings_for, start_bot
from tests.test_e2e_tiers import quota_of
from web import start_studio

API = "/api/v1/profile-creator"
CSRF = {"X-Profile-Creator": "1"}



def hosted(tmp_path, fake, port: int, **extra) -> Settings:
    client_id, secret = fake.oauth_client
    raw = {"data_dir": str(tmp_path / "data"), "discord_client_secret": secret,
           "discord": {"api_base_url": fake.api_base},
           "web": {"login": True, "discord_client_id": client_id, "public_url": f"http://127.0.0.1:{port}"}}
    raw.update(extra)
    return Settings.model_validate(raw)


async def login(base: str, fake, user_id: int) -> aiohttp.ClientSession:
    """A browser with its own cookie jar goes through Log in with Discord."""
    browser = aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with browser.get("/auth/login", allow_redirects=False) as started:
        assert started.status == 302
        query = parse_qs(urlparse(started.headers["Location"]).query)
        assert query["scope"] == ["identify"] and query["client_id"] == [fake.oauth_client[0]]
    code = fake.authorize(user_id)  # the user approves on Discord's page
    async with browser.get(f"/auth/callback?code={code}&state={query['state'][0]}", allow_redirects=False) as back:
        assert back.status == 302, await back.text()
        cookie = back.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    return browser


async def sse(response: aiohttp.ClientResponse) -> list[tuple[str, dict]]:
    events = []
    for frame in (await response.text()).split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines() if ": " in line)
        if "event" in lines:
            events.append((lines["event"], json.loads(lines.get("data", "{}"))))
    return events


async def ready_session(browser: aiohttp.ClientSession) -> int:
    body = {"type": "streamer_logo", "style": "gaming", "description": "a wolf head"}
    async with browser.post(f"{API}/start", json=body, headers=CSRF) as started:
        assert started.status == 200 and started.content_type == "text/event-stream"
        events = await sse(started)
    names = [name for name, _ in events]
    assert names[0] == "session" and "token" in names and names[-2:] == ["brief", "done"]
    session_id = events[0][1]["id"]
    async with browser.post(f"{API}/sessions/{session_id}/messages", json={"content": "teal and black, circle"},
                            headers=CSRF) as turn:  # fmt: skip
        brief = dict(await sse(turn))["brief"]
    assert brief["ready"] is True and brief["became_ready"] is True
    return session_id


@pytest.fixture
async def studio(tmp_path, fake_discord):
    from bot.services import Services

    port = free_port()
    services = await Services.create(hosted(tmp_path, fake_discord, port))
    runner, url = await start_studio(services, "127.0.0.1", port)
    yield url.rstrip("/")
    await runner.cleanup()
    await services.close()


async def test_discord_login_sets_a_session_and_a_wrong_state_is_refused(studio, fake_discord):
    alice = fake_discord.add_user("alice")
    browser = await login(studio, fake_discord, alice)
    async with browser.get(f"{API}/me") as me:
        assert (await me.json())["user_id"] == alice
    await browser.close()
    async with aiohttp.ClientSession(studio, cookie_jar=aiohttp.CookieJar(unsafe=True)) as stranger:
        async with stranger.get("/auth/login", allow_redirects=False):
            pass
        code = fake_discord.authorize(alice)
        async with stranger.get(f"/auth/callback?code={code}&state=forged", allow_redirects=False) as forged:
            assert forged.status == 400 and "state did not match" in (await forged.json())["error"]
        async with stranger.get(f"{API}/access") as anonymous:
            assert anonymous.status == 401 and "Log in with Discord" in (await anonymous.json())["error"]


async def test_every_endpoint_answers_its_owner_and_404s_everyone_else(studio, fake_discord):
    alice, bob = fake_discord.add_user("alice"), fake_discord.add_user("bob")
    a, b = await login(studio, fake_discord, alice), await login(studio, fake_discord, bob)
    try:
        async with a.get(f"{API}/access") as access:
            assert await access.json() == {**(await access.json()), "tier": "free", "used": 0, "limit": 1,
                                           "remaining": 1, "renders_per_credit": 4}  # fmt: skip
        sid = await ready_session(a)
        async with a.post(f"{API}/sessions/{sid}/generate", json={"size": 256, "format": "webp",
                          "background": "#000000"}, headers={**CSRF, "Accept": "application/json"}) as made:
            assert made.status == 200, await made.text()
            render = (await made.json())["render"]
        assert (render["size"], render["format"], render["background"]) == (256, "webp", "#000000")
        async with a.post(f"{API}/sessions/{sid}/generate", json={"vary": True}, headers=CSRF) as varied:
            events = await sse(varied)
        assert [n for n, _ in events if n == "progress"] and events[-2][0] == "render"
        async with a.get(f"{API}/sessions/{sid}") as state:
            got = await state.json()
        assert len(got["renders"]) == 2 and got["renders_left"] == 2
        assert {t["role"] for t in got["transcript"]} == {"user", "model"}
        rid, cid = render["render_id"], render["id"]
        async with a.get(f"{API}/renders/{rid}/export?size=1024&format=png&background=transparent") as exported:
            assert exported.status == 200 and exported.content_type == "image/png"
        async with a.get(f"{API}/renders/{rid}/pack") as pack:
            assert pack.status == 200 and pack.content_type == "application/zip"
        async with a.get(f"{API}/creations/{cid}/file?thumb=1") as thumb:
            assert thumb.status == 200 and thumb.content_type == "image/png"
        async with a.post(f"{API}/renders/{rid}/rating", json={"stars": 5}, headers=CSRF) as rated:
            assert (await rated.json()) == {"stars": 5, "previous": None}
        async with a.get(f"{API}/gallery") as gallery:
            assert (await gallery.json())["total"] == 2
        async with a.post(f"{API}/sessions/{sid}/resume", headers=CSRF) as still_open:  # one sentence, no slash command
            refusal = (await still_open.json())["error"]
            assert still_open.status == 409 and "can't be resumed" in refusal and "/profile" not in refusal

        # Bob sees none of it: each answers 404, the same as an id that does not exist.
        for method, path, body in [
            ("GET", f"/sessions/{sid}", None), ("POST", f"/sessions/{sid}/messages", {"content": "hi"}),
            ("POST", f"/sessions/{sid}/generate", {}), ("POST", f"/sessions/{sid}/done", None),
            ("POST", f"/sessions/{sid}/resume", None), ("GET", f"/renders/{rid}/export", None),
            ("GET", f"/renders/{rid}/pack", None), ("POST", f"/renders/{rid}/rating", {"stars": 1}),
            ("GET", f"/creations/{cid}/file", None), ("GET", "/sessions/999999", None),
            ("GET", "/renders/999999/export", None), ("GET", "/creations/999999/file", None),
        ]:  # fmt: skip
            async with b.request(method, API + path, json=body, headers=CSRF) as refused:
                assert refused.status == 404, (path, refused.status)
                assert set(await refused.json()) == {"error"} and str(alice) not in await refused.text()
        async with b.get(f"{API}/gallery") as empty:
            assert (await empty.json())["total"] == 0

        # Bad bodies get one sentence each, and nothing is charged.
        for path, body, words in [
            ("/start", {"type": "banner", "style": "gaming"}, "`type` must be one of"),
            ("/start", "not an object", "JSON object"),
            (f"/sessions/{sid}/generate", {"size": 300}, "`size` must be one of"),
            (f"/renders/{rid}/rating", {"stars": 9}, "stars must be 1 to 5"),
            ("/forget", {}, "confirm"),
        ]:
            async with b.post(API + path, json=body, headers=CSRF) as bad:
                assert bad.status in (400, 404), (path, bad.status)
                if bad.status == 400:
                    assert words in (await bad.json())["error"], path
        async with b.post(f"{API}/start", data="{nope", headers={**CSRF, "Content-Type": "application/json"}) as raw:
            assert raw.status == 400 and "must be JSON" in (await raw.json())["error"]
        async with a.post(f"{API}/sessions/{sid}/messages", json={"content": "x"}) as no_header:
            assert no_header.status == 403  # CSRF: only the page's own script sends the header
        async with a.post(f"{API}/start", json={"type": "streamer_logo", "style": "minimal"}, headers=CSRF) as again:
            assert again.status == 409 and "already have a design session open in the studio" in (await again.json())[
                "error"]
        async with a.post(f"{API}/sessions/{sid}/done", headers=CSRF) as done:
            assert done.status == 200
        async with a.post(f"{API}/start", json={"type": "streamer_logo", "style": "minimal"}, headers=CSRF) as none:
            assert none.status == 402 and "used all your creations" in (await none.json())["error"]
        async with a.post(f"{API}/forget", json={"confirm": True}, headers=CSRF) as forgot:
            assert (await forgot.json())["deleted"]["renders"] == 2
    finally:
        await a.close()
        await b.close()


async def test_local_mode_stays_on_loopback(tmp_path):
    with pytest.raises(ConfigError, match=r"web\.host"):
        config = tmp_path / "c.toml"
        config.write_text('[web]\nhost = "0.0.0.0"\n')
        load_settings(config, env={})
    from bot.services import Services

    services = await Services.create(Settings.model_validate({"data_dir": str(tmp_path)}))
    runner, url = await start_studio(services, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{url}api/v1/profile-creator/access", headers={"Host": "evil.example"}) as rebound:
                assert rebound.status == 403  # DNS rebinding: a page on another name cannot reach the studio
            async with http.get(f"{url}api/v1/profile-creator/access") as local:
                assert local.status == 200 and (await local.json())["tier"] == "free"
    finally:
        await runner.cleanup()
        await services.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_a_credit_spent_on_the_web_shows_in_profile_quota(tmp_path, fake_discord, backend, request):
    storage = {}
    if backend == "postgres":
        storage = {"url": await fresh_schema_url(request.getfixturevalue("postgres_server"))}
    alice = fake_discord.add_user("alice")
    port = free_port()
    studio = hosted(tmp_path, fake_discord, port)
    settings = settings_for(tmp_path, fake_discord, storage=storage).model_copy(
        update={"web": studio.web, "discord_client_secret": studio.discord_client_secret}
    )
    bot = await start_bot(settings, fake_discord)
    runner, url = await start_studio(bot.services, "127.0.0.1", port)  # beside the bot, as web.enabled does
    try:
        browser = await login(url.rstrip("/"), fake_discord, alice)
        sid = await ready_session(browser)
        async with browser.post(f"{API}/sessions/{sid}/generate", json={},
                                headers={**CSRF, "Accept": "application/json"}) as made:  # fmt: skip
            assert made.status == 200
        await browser.close()
        shown = (await quota_of(fake_discord, alice, fake_discord.guild_id))["content"]
        assert "1 / 1" in shown and "Remaining:** 0" in shown
    finally:
        await runner.cleanup()
        await app.stop(bot)


async def test_logout_and_forget_revoke_every_copy_of_the_cookie(studio, fake_discord):
    alice = fake_discord.add_user("alice")
    laptop, phone = await login(studio, fake_discord, alice), await login(studio, fake_discord, alice)
    stolen = {c.key: c.value for c in laptop.cookie_jar}  # a copy of the cookie, as a thief would keep it
    try:
        async with laptop.post("/auth/logout", headers=CSRF) as out:
            assert out.status == 200
        for browser in (laptop, phone):  # logged out everywhere, not only in this browser
            async with browser.get(f"{API}/access") as refused:
                assert refused.status == 401
        async with aiohttp.ClientSession(studio, cookies=stolen) as thief:
            async with thief.get(f"{API}/access") as refused:
                assert refused.status == 401
        again = await login(studio, fake_discord, alice)
        kept = {c.key: c.value for c in again.cookie_jar}
        async with again.post(f"{API}/forget", json={"confirm": True}, headers=CSRF) as forgot:
            assert forgot.status == 200 and (await forgot.json())["deleted"]["logins"] == 1
        async with aiohttp.ClientSession(studio, cookies=kept) as replay:
            async with replay.get(f"{API}/access") as refused:
                assert refused.status == 401
        await again.close()
    finally:
        await laptop.close()
        await phone.close()


async def test_a_double_click_on_generate_renders_once_without_expect_renders(studio, fake_discord):
    """A client that sends no render count (a script, an old page) double-clicks Generate: one render."""
    alice = fake_discord.add_user("alice")
    browser = await login(studio, fake_discord, alice)
    try:
        sid = await ready_session(browser)

        async def click() -> int:
            async with browser.post(f"{API}/sessions/{sid}/generate", json={},
                                    headers={**CSRF, "Accept": "application/json"}) as answer:  # fmt: skip
                return answer.status

        first = asyncio.create_task(click())
        await asyncio.sleep(0.2)  # the second press of a double click
        assert sorted([await click(), await first]) == [200, 409]
        async with browser.get(f"{API}/sessions/{sid}") as state:
            assert len((await state.json())["renders"]) == 1
        await asyncio.sleep(0.8)
        assert await click() == 200  # a later press is a new click
    finally:
        await browser.close()


async def test_the_studio_says_what_an_edit_could_not_do_and_spends_no_render(studio, fake_discord):
    browser = await login(studio, fake_discord, fake_discord.add_user("mira"))
    try:
        sid = await ready_session(browser)
        async with browser.post(f"{API}/sessions/{sid}/generate", json={"expect_renders": 0}, headers=CSRF) as made:
            assert [n for n, _ in await sse(made)][-2] == "render"
        async with browser.post(f"{API}/sessions/{sid}/messages", json={"content": "move the name down"},
                                headers=CSRF) as typed:  # fmt: skip
            assert typed.status == 409  # after a delivery words are an edit: the page runs them as one
        change = {"change": "move the name down", "expect_renders": 1}
        async with browser.post(f"{API}/sessions/{sid}/generate", json=change, headers=CSRF) as edited:
            events = await sse(edited)
        said = dict(events)["reply"]["text"]
        assert "can't do “move the name down”" in said and "no render was used" in said
        assert "render" not in [n for n, _ in events]
        async with browser.get(f"{API}/sessions/{sid}") as state:
            got = await state.json()
        assert len(got["renders"]) == 1 and got["brief"]["subject"] == "a wolf head"
    finally:
        await browser.close()

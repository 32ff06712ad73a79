"""The studio as a public web app (loopback only): security headers, API calls from another site refused, bad
numbers and over-deep JSON answered 400, ids beyond 64 bits 404, a refused message costs no turn, and crash
recovery in studio-only mode."""

import asyncio
import io
import os
import sys
import zipfile

import aiohttp
import pytest
from PIL import Image

from bot.config import Settings
from bot.model import initial_brief
from bot.services import Services
from bot.usecases import MAX_USER_MESSAGE
from tests.harness import ROOT, free_port
from tests.test_web_api import CSRF, ready_session
from web import start_studio
from web.wording import UPLOAD_TOO_LARGE

API = "/api/v1/profile-creator"


@pytest.fixture
async def local(tmp_path):
    services = await Services.create(Settings.model_validate({"data_dir": str(tmp_path / "data")}))
    runner, url = await start_studio(services, "127.0.0.1", 0)
    async with aiohttp.ClientSession(url.rstrip("/")) as browser:
        yield browser, services
    await runner.cleanup()
    await services.close()


async def test_every_answer_carries_the_security_headers(local):
    browser, _ = local
    for path in ("/", "/static/studio.js", f"{API}/access", f"{API}/no-such-thing"):
        async with browser.get(path) as answer:
            assert answer.headers["X-Frame-Options"] == "DENY", path
            assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
            assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
            assert answer.headers["X-Content-Type-Options"] == "nosniff"
            assert answer.headers["Referrer-Policy"] == "no-referrer"
            assert answer.headers["Cross-Origin-Opener-Policy"] == "same-origin", path
            assert answer.headers["Cross-Origin-Resource-Policy"] == "same-origin", path


async def test_reference_uploads_have_a_per_user_rate(local):
    """Each upload is decoded in a worker: a burst of four, then 429 with a sentence; a renamed text file is
    refused by its first bytes and costs nothing from the rate."""
    browser, services = local
    sid = await ready_session(browser)
    photo = io.BytesIO()
    Image.new("RGB", (64, 64), "#2060ff").save(photo, "PNG")
    upload = {**CSRF, "Content-Type": "image/png"}
    statuses = []
    for data in [b"not a picture at all\n" * 10] * 3 + [photo.getvalue()] * 5:
        async with browser.post(f"{API}/sessions/{sid}/references", data=data, headers=upload) as answer:
            statuses.append((answer.status, (await answer.json()).get("error", "")))
    assert [s for s, _ in statuses] == [400, 400, 400, 200, 200, 200, 200, 429], statuses
    assert "a minute" in statuses[-1][1]
    assert (await services.untrusted.clean(photo.getvalue(), 2)).width == 64  # the rate is per user: another's is not


async def test_another_sites_page_cannot_use_the_api(local):
    browser, _ = local
    sid = await ready_session(browser)
    async with browser.post(f"{API}/sessions/{sid}/generate", json={}, headers={**CSRF, "Accept": "application/json"}):
        pass
    async with browser.get(f"{API}/sessions/{sid}") as state:
        render = (await state.json())["renders"][0]
    for site in ("cross-site", "same-site"):  # an <img> on evil.example, or on localhost:3000
        for url in (render["export"], render["pack"], render["file"], render["thumbnail"], f"{API}/gallery"):
            async with browser.get(url, headers={"Sec-Fetch-Site": site}) as refused:
                assert refused.status == 403, (site, url)
                assert "its own pages" in (await refused.json())["error"]
    async with browser.get(render["thumbnail"], headers={"Sec-Fetch-Site": "same-origin"}) as own:
        assert own.status == 200 and own.content_type == "image/png"


async def test_bad_numbers_and_deep_json_answer_400_and_huge_ids_404(local):
    browser, _ = local
    sid = await ready_session(browser)
    bodies = {
        "deep": "[" * 100_000 + "]" * 100_000,
        "digits": '{"size": ' + "9" * 5000 + "}",
        "infinite": '{"size": 1e400}',
    }
    for name, body in bodies.items():
        async with browser.post(f"{API}/sessions/{sid}/generate", data=body,
                                headers={**CSRF, "Content-Type": "application/json"}) as answer:  # fmt: skip
            assert answer.status == 400, name
            assert "error" in await answer.json()
    async with browser.post(f"{API}/renders/1/rating", data='{"stars": 1e400}',
                            headers={**CSRF, "Content-Type": "application/json"}) as stars:  # fmt: skip
        assert stars.status == 400 and "1 to 5" in (await stars.json())["error"]
    huge = "9" * 25
    for url in (f"{API}/sessions/{huge}", f"{API}/renders/{huge}/export", f"{API}/creations/{huge}/file"):
        async with browser.get(url) as missing:
            assert missing.status == 404, url


async def test_a_message_refused_as_too_long_costs_no_coach_turn(local):
    browser, services = local
    sid = await ready_session(browser)
    used = await services.allowance.used_today(1)
    assert used >= 1  # the turns of ready_session were counted
    over = {"content": "x" * (MAX_USER_MESSAGE + 1)}
    async with browser.post(f"{API}/sessions/{sid}/messages", json=over, headers=CSRF) as long:
        assert long.status == 400 and "too long" in (await long.json())["error"]
    assert await services.allowance.used_today(1) == used


async def test_studio_only_mode_recovers_a_render_cut_off_by_a_crash(tmp_path):
    data = tmp_path / "data"
    services = await Services.create(Settings.model_validate({"data_dir": str(data)}))
    opened = await services.sessions.open(
        user_id=1, guild_id=None, channel_id=0, creation_type="streamer_logo", style="gaming", description="",
        colors=[], brief=initial_brief("gaming", []), month=services.quota.current_month(), limit=1,
    )  # fmt: skip
    sid = opened.session.id
    await services.sessions.attach_thread(sid, -sid)
    await services.db.execute("UPDATE sessions SET status = 'generating' WHERE id = ?", (sid,))  # killed mid-render
    await services.close()
    port = free_port()
    studio = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "studio", "--data-dir", str(data), "--port", str(port),
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as browser:
            state = None
            for _ in range(100):
                try:
                    async with browser.get(f"{API}/sessions/{sid}") as answer:
                        state = await answer.json()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.2)
            assert state is not None, "the studio did not start"
            assert state["status"] == "active" and state["credit"] == "reserved"  # usable again, credit kept
    finally:
        studio.terminate()
        await studio.wait()


async def test_a_reference_upload_goes_through_the_untrusted_image_path(local):
    browser, services = local
    async with browser.get(f"{API}/access") as before:
        assert (await before.json())["open_session"] is None
    sid = await ready_session(browser)
    async with browser.get(f"{API}/access") as during:
        access = await during.json()
    assert access["open_session"] == sid and access["in_use"] == 1  # reserved: shown as in use, not used
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), "#ff7a00").save(photo, "JPEG", exif=Image.Exif())
    upload = {**CSRF, "Content-Type": "image/jpeg"}
    async with browser.post(f"{API}/sessions/{sid}/references", data=photo.getvalue(), headers=upload) as added:
        assert added.status == 200, await added.text()
        assert (await added.json())["references"] == 1 and (await added.json())["width"] == 640
    stored = await services.references.for_session(sid)
    assert len(stored) == 1 and b"Exif" not in stored[0].data  # a fresh image, metadata dropped
    async with browser.post(f"{API}/sessions/{sid}/references", data=b"#!/bin/sh\nrm -rf /\n",
                            headers=upload) as refused:  # fmt: skip
        assert refused.status == 400 and "error" in await refused.json()
    async with browser.post(f"{API}/sessions/{sid}/references", data=b"\xff\xd8\xff" + b"0" * (9 * 1024 * 1024),
                            headers=upload) as too_big:  # fmt: skip
        assert too_big.status == 413 and (await too_big.json())["error"] == UPLOAD_TOO_LARGE
    async with browser.post(f"{API}/sessions/{sid + 1}/references", data=photo.getvalue(), headers=upload) as other:
        assert other.status == 404
    async with browser.post(f"{API}/sessions/{sid}/references", data=photo.getvalue(),
                            headers={"Content-Type": "image/jpeg"}) as forged:  # fmt: skip
        assert forged.status == 403  # no CSRF header: not the studio's page
    # The coach looks at it: an upload alone is a turn about the image.
    async with browser.post(f"{API}/sessions/{sid}/messages", json={"content": "", "new_reference": True},
                            headers=CSRF) as turn:  # fmt: skip
        assert turn.status == 200 and "reference" in (await turn.text()).lower()


async def rendered(browser) -> int:
    sid = await ready_session(browser)
    async with browser.post(f"{API}/sessions/{sid}/generate", json={},
                            headers={**CSRF, "Accept": "application/json"}) as made:  # fmt: skip
        return (await made.json())["render"]["render_id"]


async def test_the_studio_makes_an_emote_alone_and_refuses_a_bad_kit_request(local):
    browser, _ = local
    rid = await rendered(browser)
    async with browser.get(f"{API}/renders/{rid}/emotes?motion=wiggle&file=128.webp") as one:
        image = Image.open(io.BytesIO(await one.read()))
        assert one.content_type == "image/webp" and image.n_frames > 1 and image.size == (128, 128)
    for bad in ({"matte": "grey"}, {"titles": ["x" * 41]}, {"name": 5}):
        async with browser.post(f"{API}/renders/{rid}/brand-kit", json=bad, headers=CSRF) as refused:
            assert refused.status == 400, bad
    async with browser.get(f"{API}/renders/{rid}/emotes?motion=moonwalk") as refused:
        assert refused.status == 400
    async with browser.post(f"{API}/renders/{rid + 1}/brand-kit", json={}, headers=CSRF) as missing:
        assert missing.status == 404


async def test_the_studio_makes_the_whole_brand_kit(local):
    """Every file of the kit at its platform size (slow, as the kit's own suite: tests/conftest.py SLOW_TESTS)."""
    browser, _ = local
    rid = await rendered(browser)
    body = {"name": "NovaFox", "titles": ["Hi", "When"], "matte": "light"}
    async with browser.post(f"{API}/renders/{rid}/brand-kit", json=body, headers=CSRF) as kit:
        assert kit.status == 200 and kit.content_type == "application/zip"
        assert 'filename="NovaFox-brand-kit.zip"' in kit.headers["Content-Disposition"]
        names = zipfile.ZipFile(io.BytesIO(await kit.read())).namelist()
    assert "panels/twitch-panel-about-320x160.png" in names and "emotes/spin-twitch-28.gif" in names

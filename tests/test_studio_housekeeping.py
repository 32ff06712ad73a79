"""Housekeeping in studio-only mode: the studio process killed (SIGKILL) mid-render and restarted settles the
session and sweeps files no row names; a process never settles another live process's render."""

import asyncio
import os
import signal
import sys
import time

import aiohttp

from bot.config.settings import SessionSettings
from bot.model.brief import Brief
from bot.sessions.lifecycle import SessionLifecycle
from bot.storage.liveness import Liveness
from bot.storage.sessions import SessionRepository
from tests.fakes.fake_gemini import Fault
from tests.harness import GEMINI_KEY, ROOT, free_port, settings_for, write_config
from tests.test_web_api import sse

API = "/api/v1/profile-creator"
CSRF = {"X-Profile-Creator": "1"}


async def _launch_studio(config, port: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "studio", "--config", str(config), "--port", str(port),
        env={**os.environ, "PYTHONPATH": str(ROOT), "GEMINI_API_KEY": GEMINI_KEY}, cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


async def _until_up(http: aiohttp.ClientSession, base: str) -> None:
    for _ in range(300):
        try:
            async with http.get(f"{base}/healthz") as health:
                if health.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the studio did not start")


async def test_studio_killed_mid_render_restarts_usable_and_sweeps_orphans(tmp_path, fake_discord, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "an owl", "mood": "calm", "background": "plain", "text": "none"}
    settings = settings_for(tmp_path, fake_discord, fake_gemini.base_url)
    config = write_config(tmp_path / "config.toml", settings)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # What a crash between writing a file and recording it leaves: an image no row names, two hours old; and a
    # file written a moment ago (its row may be committing) that must stay.
    orphan = settings.images_dir / "ab" / ("ab" * 32 + ".png")
    fresh = settings.images_dir / "cd" / ("cd" * 32 + ".png")
    for path in (orphan, fresh):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x89PNG not recorded")
    os.utime(orphan, (time.time() - 7200, time.time() - 7200))

    studio = await _launch_studio(config, port)
    async with aiohttp.ClientSession() as http:
        try:
            await _until_up(http, base)
            body = {"type": "profile_picture", "style": "anime", "description": "an owl"}
            async with http.post(f"{base}{API}/start", json=body, headers=CSRF) as started:
                sid = (await sse(started))[0][1]["id"]
            async with http.post(f"{base}{API}/sessions/{sid}/messages", json={"content": "calm, plain, no text"},
                                 headers=CSRF) as turn:  # fmt: skip
                assert dict(await sse(turn))["brief"]["ready"] is True
            fake_gemini.fail("image", Fault(delay=60))
            render = asyncio.create_task(http.post(f"{base}{API}/sessions/{sid}/generate", json={}, headers=CSRF))
            await fake_discord.wait_for(lambda: fake_gemini.of_kind("image"), what="render started")
        finally:
            studio.send_signal(signal.SIGKILL)
            await studio.wait()
        render.cancel()
        await asyncio.gather(render, return_exceptions=True)

        studio = await _launch_studio(config, port)
        try:
            await _until_up(http, base)
            async with http.get(f"{base}{API}/sessions/{sid}") as state:
                session = await state.json()
            assert (session["status"], session["credit"]) == ("active", "reserved")
            async with http.post(f"{base}{API}/sessions/{sid}/generate", json={},
                                 headers={**CSRF, "Accept": "application/json"}) as made:  # fmt: skip
                assert made.status == 200, await made.text()
            for _ in range(100):  # the first sweep runs at start-up
                if not orphan.exists():
                    break
                await asyncio.sleep(0.1)
            assert not orphan.exists() and fresh.exists()
        finally:
            studio.send_signal(signal.SIGTERM)
            await studio.wait()


async def test_recovery_leaves_a_live_process_render_and_takes_a_dead_ones(db, quota, gallery):
    live, dead = SessionRepository(db, holder="other-host:1:live"), SessionRepository(db, holder="other-host:2:dead")
    await Liveness(db, live.holder, 60).beat()  # the live process's heartbeat is fresh; the dead one never beat
    ids = []
    for user, repo in ((1, live), (2, dead)):
        opened = await repo.open(user_id=user, guild_id=None, channel_id=0, creation_type="profile_picture",
                                 style="anime", description="", colors=[], brief=Brief(),
                                 month=quota.current_month(), limit=1)  # fmt: skip
        await repo.attach_thread(opened.session.id, 100 + user)
        assert await repo.claim_for_generation(opened.session.id, budget=4, attempts=8)
        ids.append(opened.session.id)
    restarted = SessionRepository(db, holder="other-host:3:new")
    lifecycle = SessionLifecycle(restarted, gallery, SessionSettings(), liveness=Liveness(db, restarted.holder, 60))
    report = await lifecycle.recover()
    assert [s.id for s in report.interrupted] == [ids[1]]
    assert (await restarted.get(ids[0])).status == "generating"  # still rendering in the live process
    assert (await restarted.get(ids[1])).status == "active"

"""Hostile input end to end (the real bot over the loopback fakes): crafted JPEGs cost bounded work and never delay
another user's paid render."""

import asyncio
import io
import time

from PIL import Image

from bot import app
from tests.harness import click_and_deliver, open_ready_logo, settings_for, start_bot
from tests.hostile_images import many_scan_jpeg


def _photo() -> bytes:  # a legal 12 MP photo: passes every check and takes ~0.3 s of CPU to clean
    out = io.BytesIO()
    Image.radial_gradient("L").resize((4000, 3000)).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


async def test_twelve_hostile_references_never_delay_another_users_render(tmp_path, fake_discord, fake_gemini):
    renderer = fake_discord.add_user("renderer")
    senders = [fake_discord.add_user(f"sender{i}") for i in range(12)]
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, renderer)
        await asyncio.sleep(5.5)  # the greeting used the thread's message bucket (5 per 5 s): let it refill
        crafted, photo = many_scan_jpeg(3000), _photo()  # 290 kB: minutes of decoding for plain Pillow
        start = time.perf_counter()
        creates = [
            await fake_discord.slash(user, "profile", "create", {
                "type": "profile_picture", "style": "anime",
                "reference": ("me.jpg", crafted if i % 2 == 0 else photo)})
            for i, user in enumerate(senders)
        ]  # fmt: skip
        click = asyncio.create_task(click_and_deliver(fake_discord, renderer, options, "pc:gen:", thread_id))
        await asyncio.wait_for(click, 30)
        rendered_after = time.perf_counter() - start
        await fake_discord.wait_for(lambda: all(c.followups for c in creates), within=5, what="all answered")
        answered_after = time.perf_counter() - start
        refusals = [c.followups[0]["content"] for c in creates[::2]]
        assert all("separate scans" in text and "Nothing was charged" in text for text in refusals), refusals
        assert all("design session is open" in c.followups[0]["content"] for c in creates[1::2])
        assert rendered_after < 3 and answered_after < 5, (rendered_after, answered_after)
    finally:
        await app.stop(bot)

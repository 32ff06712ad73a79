"""Issue 14 end to end: the legibility preview with each render, the Platform pack button within the upload limit."""

import io
import zipfile

from PIL import Image

from bot import app
from bot.imaging.legibility import PREVIEW_HEIGHT, PREVIEW_WIDTH
from bot.imaging.platform_pack import DEFAULT_PACK
from tests.harness import component_id, deliveries, open_ready_logo, settings_for, start_bot


async def test_preview_with_each_render_and_the_pack_in_one_or_two_parts(tmp_path, fake_discord, fake_gemini):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
        await fake_discord.component(alice, options, component_id(options, "pc:gen:"))
        delivered = (await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), what="delivered"))[-1]
        # The image is posted first; the preview is added to the same message right after (it never holds it back).
        assert delivered["attachments"][0]["filename"].endswith(".png")
        await fake_discord.wait_for(lambda: len(delivered["attachments"]) == 2, what="preview added")
        files = {f.filename: f.data for f in fake_discord.attachments[int(delivered["id"])]}
        preview = Image.open(io.BytesIO(files["legibility-preview.png"]))
        assert preview.size == (PREVIEW_WIDTH, PREVIEW_HEIGHT)

        click = await fake_discord.component(alice, delivered, component_id(delivered, "pc:pack:"))
        await fake_discord.wait_for(lambda: click.followups, within=20, what="pack")
        (part,) = fake_discord.attachments[int(click.followups[0]["id"])]
        assert part.filename.endswith(".zip") and click.followups[0]["flags"] & 64
        with zipfile.ZipFile(io.BytesIO(part.data)) as archive:
            assert {i.file for i in DEFAULT_PACK} | {"favicon.ico", "README.txt", "logo.svg"} == set(archive.namelist())

        fake_discord.attachment_size_limit = int(len(part.data) * 0.7)  # a server with a smaller limit
        small = await fake_discord.component(alice, delivered, component_id(delivered, "pc:pack:"))
        await fake_discord.wait_for(lambda: small.followups, within=20, what="pack in parts")
        parts = fake_discord.attachments[int(small.followups[0]["id"])]
        assert "two parts" in small.followups[0]["content"] and len(parts) == 2
        assert all(len(p.data) <= fake_discord.attachment_size_limit for p in parts)
    finally:
        await app.stop(bot)

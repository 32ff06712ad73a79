"""The Brand kit button under a render (Gemini mode, the fake Gemini): the kit's ZIP, a contact sheet and an animated
preview are posted privately, and no model call is made for it."""

import io
import zipfile

from PIL import Image

from bot import app
from bot.model import DEFAULT_PIECES, EMOTE_FILES, MOTIONS
from tests.harness import component_id, deliveries, open_ready_logo, settings_for, start_bot


async def test_the_brand_kit_button_posts_the_kit_without_a_model_call(tmp_path, fake_discord, fake_gemini):
    alice, bob = fake_discord.add_user("alice"), fake_discord.add_user("bob")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
        await fake_discord.component(alice, options, component_id(options, "pc:gen:"))
        delivered = (await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), what="delivered"))[-1]
        calls = len(fake_gemini.of_kind("image"))
        click = await fake_discord.component(alice, delivered, component_id(delivered, "pc:kit:"))
        await fake_discord.wait_for(lambda: click.followups, within=60, what="brand kit")
        files = {f.filename: f.data for f in fake_discord.attachments[int(click.followups[0]["id"])]}
        assert click.followups[0]["flags"] & 64 and "brand kit" in click.followups[0]["content"]
        (zip_name,) = [n for n in files if n.endswith(".zip")]
        with zipfile.ZipFile(io.BytesIO(files[zip_name])) as archive:
            names = set(archive.namelist())
        assert {f"{'panels' if p.title else 'banners'}/{p.file}" for p in DEFAULT_PIECES} <= names
        assert {f"emotes/{m}-{t.suffix}" for m in MOTIONS for t in EMOTE_FILES} <= names and "README.txt" in names
        assert Image.open(io.BytesIO(files["emote-preview.gif"])).n_frames > 1
        assert Image.open(io.BytesIO(files["brand-kit-preview.png"])).format == "PNG"
        assert len(fake_gemini.of_kind("image")) == calls  # free: the kit made no model call
        other = await fake_discord.component(bob, delivered, component_id(delivered, "pc:kit:"))
        await fake_discord.wait_for(lambda: other.followups, within=20, what="refusal")
        assert "Only the person" in other.followups[0]["content"]
    finally:
        await app.stop(bot)

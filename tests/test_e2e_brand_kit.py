"""The Brand kit button under a render (Gemini mode, the fake Gemini): it first says what the kit costs and asks
which chat the GIF emotes are for; the pick posts the kit's ZIP, a contact sheet and an animated preview privately.
The model paints the wide art once (one call per aspect family, one creation credit); the kit again is free. Every
kit is kept: /profile gallery gives it again, byte for byte, with no model call (issue 44)."""

import io
import zipfile

from PIL import Image

from bot import app
from bot.model import DEFAULT_PIECES, EMOTE_FILES, MOTIONS
from tests.fakes.components_v2 import FILE, IS_COMPONENTS_V2, MEDIA_GALLERY, TEXT_DISPLAY, text_of
from tests.fakes.fake_gemini import aspect_of
from tests.harness import component_id, credits_used, deliveries, open_ready_logo, settings_for, start_bot


def wide_calls(fake_gemini) -> int:
    return len([r for r in fake_gemini.of_kind("image") if aspect_of(r) != "1:1"])


async def pick(fake_discord, user, delivered, matte_prefix: str):
    """Brand kit, then the chat: the confirmation (with the cost) and the kit's followup."""
    ask = await fake_discord.component(user, delivered, component_id(delivered, "pc:kit:"))
    await fake_discord.wait_for(lambda: ask.original, within=20, what="kit confirmation")
    made = await fake_discord.component(user, ask.original, component_id(ask.original, matte_prefix))
    await fake_discord.wait_for(lambda: made.followups, within=90, what="brand kit")
    return ask.original, made.followups[0]


async def test_the_brand_kit_says_its_cost_and_posts_the_kit(tmp_path, fake_discord, fake_gemini):
    alice, bob = fake_discord.add_user("alice"), fake_discord.add_user("bob")
    settings = settings_for(tmp_path, fake_discord, fake_gemini.base_url, quota={"limits": {"free": 3}})
    bot = await start_bot(settings, fake_discord)
    try:
        thread_id, options = await open_ready_logo(fake_discord, fake_gemini, alice)
        await fake_discord.component(alice, options, component_id(options, "pc:gen:"))
        delivered = (await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), what="delivered"))[-1]
        asked, posted = await pick(fake_discord, alice, delivered, "pc:kitd:")
        assert asked["flags"] & 64 and "1 creation credit" in asked["content"] and "Which chat" in asked["content"]
        assert posted["flags"] & 64 and "dark chat" in text_of(posted) and "1 creation credit was used" in (
            text_of(posted))
        files = {f.filename: f.data for f in fake_discord.attachments[int(posted["id"])]}
        (zip_name,) = [n for n in files if n.endswith(".zip")]
        # One message (Components V2): the words, a gallery of the sheet and the emote, the ZIP as a file component.
        assert posted["flags"] & IS_COMPONENTS_V2 and not posted["content"]
        assert [c["type"] for c in posted["components"]] == [TEXT_DISPLAY, MEDIA_GALLERY, FILE]
        assert len(posted["components"][1]["items"]) == 2 and posted["components"][2]["name"] == zip_name
        with zipfile.ZipFile(io.BytesIO(files[zip_name])) as archive:
            names = set(archive.namelist())
        assert {p.path for p in DEFAULT_PIECES} <= names
        assert {f"emotes/{m}-{t.suffix}" for m in MOTIONS for t in EMOTE_FILES} <= names and "README.txt" in names
        assert Image.open(io.BytesIO(files["emote-preview.gif"])).n_frames > 1
        assert Image.open(io.BytesIO(files["brand-kit-preview.png"])).format == "PNG"
        assert wide_calls(fake_gemini) == 2 and await credits_used(bot.services.db, alice) == 2
        assert "Kept in your /profile gallery" in text_of(posted)
        # Again, for light chat: the art is kept, so it is free and calls no model.
        asked, posted = await pick(fake_discord, alice, delivered, "pc:kitl:")
        assert "free" in asked["content"] and "light chat" in text_of(posted)
        assert wide_calls(fake_gemini) == 2 and await credits_used(bot.services.db, alice) == 2
        light = {f.filename: f.data for f in fake_discord.attachments[int(posted["id"])]}
        # The gallery shows both kits kept with the render and gives the newest again as it was delivered.
        gallery = await fake_discord.slash(alice, "profile", "gallery")
        await fake_discord.wait_for(lambda: gallery.followups, what="gallery")
        page = gallery.followups[0]
        assert "🎁 2 kits" in page["content"]
        calls = len(fake_gemini.requests)
        again = await fake_discord.component(alice, page, component_id(page, "pc:kitag:"))
        await fake_discord.wait_for(lambda: again.followups, within=30, what="kit again")
        given = again.followups[0]
        assert given["flags"] & 64 and "light chat" in text_of(given) and "no credit" in text_of(given)
        assert {f.filename: f.data for f in fake_discord.attachments[int(given["id"])]} == light  # byte for byte
        assert len(fake_gemini.requests) == calls and await credits_used(bot.services.db, alice) == 2
        # The render picked from the page lists both its kits, each a button.
        picker = next(c for row in page["components"] for c in row["components"]
                      if c["custom_id"].startswith("pc:gpick:"))  # fmt: skip
        picked = await fake_discord.component(alice, page, picker["custom_id"], values=[picker["options"][0]["value"]])
        await fake_discord.wait_for(lambda: picked.acked, what="picked image")
        shown = picked.callbacks[0]["data"]
        assert "2 brand kits kept" in shown["content"]
        labels = [c["label"] for row in shown["components"] for c in row["components"]
                  if c["custom_id"].startswith("pc:kitag:")]  # fmt: skip
        assert [label.split(" · ")[:2] for label in labels] == [["Kit again", "light"], ["Kit again", "dark"]]
        # A stranger pressing the same button hears what a missing kit answers.
        stolen = await fake_discord.component(bob, page, component_id(page, "pc:kitag:"))
        await fake_discord.wait_for(lambda: stolen.followups, within=30, what="stranger's kit")
        assert "isn't in your gallery" in stolen.followups[0]["content"]
        assert not fake_discord.attachments.get(int(stolen.followups[0]["id"]))
        other = await fake_discord.component(bob, delivered, component_id(delivered, "pc:kit:"))
        await fake_discord.wait_for(lambda: other.original, within=20, what="refusal")
        assert "Only the person" in other.original["content"]
    finally:
        await app.stop(bot)

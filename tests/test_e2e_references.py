"""Issue 11 end to end: references from an upload, the avatar and the thread; untrusted files; /profile forget."""

import asyncio
import io
import re
import struct
import time
import zlib
from pathlib import Path

from PIL import ExifTags, Image

from bot import app
from tests.harness import (
    TOKEN,
    component_id,
    credits_used,
    deliveries,
    inline_images,
    launch_bot_process,
    messages_with_components,
    settings_for,
    start_bot,
    write_config,
)


def photo_with_gps() -> bytes:
    """A phone photo: EXIF says rotate 90° and carries GPS coordinates and the camera make."""
    image = Image.new("RGB", (400, 200), (200, 40, 40))
    image.paste((30, 60, 210), (0, 0, 100, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 17.0, 40.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (64, 64), colour) for colour in ((250, 200, 0), (0, 0, 0))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    exif = Image.open(io.BytesIO(data)).getexif()
    return bool(exif.get_ifd(ExifTags.IFD.GPSInfo)) or ExifTags.Base.Make in exif


async def test_an_uploaded_photo_reaches_the_coach_and_the_image_model_without_its_metadata(
    tmp_path, fake_discord, fake_gemini
):
    fake_gemini.json_reply = lambda r: {"subject": "me, smiling", "mood": "warm", "background": "plain"}
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord, fake_gemini.base_url), fake_discord)
    try:
        photo = photo_with_gps()
        assert has_gps(photo)
        create = await fake_discord.slash(alice, "profile", "create", {
            "type": "profile_picture", "style": "anime", "description": "me as an anime character",
            "reference": ("me.jpg", photo),
        })  # fmt: skip
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        session = await bot.services.sessions.by_thread(thread_id)
        (stored,) = await bot.services.references.for_session(session.id)
        assert not has_gps(stored.data) and Image.open(io.BytesIO(stored.data)).size == (200, 400)  # upright
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), what="ready")
        for kind in ("json", "stream"):  # the coach's extraction and its streamed reply both see the photo
            assert inline_images(fake_gemini.of_kind(kind)[0]) == [stored.data]
        # ...and the reply is asked to say in one sentence what it sees, then keep the likeness.
        assert "ONE sentence describing what you see" in fake_gemini.of_kind("stream")[0].system_text

        await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), what="delivered")
        image_call = fake_gemini.of_kind("image")[0]
        assert inline_images(image_call) == [stored.data] and not has_gps(inline_images(image_call)[0])
        assert "Keep the likeness" in " ".join(image_call.user_texts)
    finally:
        await app.stop(bot)


async def test_use_avatar_fetches_the_server_avatar_and_shapes_the_offline_design(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    fake_discord.set_avatar(alice, _solid((10, 10, 10)))  # the account avatar: not used when a server one exists
    server_avatar = fake_discord.set_avatar(alice, _solid((230, 120, 20)), guild_id=fake_discord.guild_id)
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    try:
        create = await fake_discord.slash(
            alice, "profile", "create", {"type": "streamer_logo", "style": "minimal", "use_avatar": True}
        )
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        assert f"guilds/{fake_discord.guild_id}/users/{alice}/avatars/{server_avatar}.png" in fake_discord.cdn_fetches
        thread_id = int(fake_discord.threads()[0]["id"])
        greeting = await fake_discord.wait_for(
            lambda: [m for m in fake_discord.bot_messages(thread_id) if "I see your reference" in m["content"]],
            what="the coach describes the reference",
        )
        seen = [
            tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in re.findall(r"#[0-9a-f]{6}", greeting[0]["content"])
        ]
        assert any(max(abs(a - b) for a, b in zip(c, (230, 120, 20), strict=True)) < 12 for c in seen), seen
    finally:
        await app.stop(bot)


def _solid(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (128, 128), colour).save(out, "PNG")
    return out.getvalue()


async def test_untrusted_files_get_one_sentence_and_cost_nothing(tmp_path, fake_discord):
    alice = fake_discord.add_user("alice")
    bot = await start_bot(settings_for(tmp_path, fake_discord), fake_discord)
    _reset_peak_rss()
    baseline = _peak_rss_mib()
    try:
        cases = {
            "huge.png": (png_header(20_000, 20_000), "too many pixels"),
            "notes.png": (b"these are my stream notes, not a picture\n" * 20, "isn't a PNG, JPEG, WebP or GIF"),
            "big.png": (b"\x89PNG\r\n\x1a\n" + bytes(9 * 1024 * 1024), "at most 8 MB"),
        }
        for name, (data, expected) in cases.items():
            create = await fake_discord.slash(
                alice, "profile", "create", {"type": "profile_picture", "style": "anime", "reference": (name, data)}
            )
            await fake_discord.wait_for(lambda c=create: c.followups, what=name)
            answer = create.followups[0]
            assert expected in answer["content"] and "Nothing was charged" in answer["content"], answer["content"]
            assert answer["flags"] & 64
        assert fake_discord.threads() == [] and await credits_used(bot.services.db, alice) == 0
        assert not [p for p in fake_discord.cdn_fetches if p.endswith("big.png")]  # refused by size, never fetched

        gif = {"type": "profile_picture", "style": "anime", "reference": ("a.gif", animated_gif())}
        create = await fake_discord.slash(alice, "profile", "create", gif)
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="gif accepted")
        thread_id = int(fake_discord.threads()[0]["id"])
        # the greeting's brief is settled once its card is out: the brief below is read after it
        await fake_discord.wait_for(lambda: any(m.get("embeds") for m in fake_discord.bot_messages(thread_id)),
                                    what="greeting's card")  # fmt: skip
        session = await bot.services.sessions.by_thread(thread_id)
        (first_frame,) = await bot.services.references.for_session(session.id)
        r, g, b = Image.open(io.BytesIO(first_frame.data)).convert("RGB").getpixel((5, 5))
        assert r > 230 and 180 < g < 220 and b < 30  # the first frame (yellow), not the second (black)
        brief_before = session.brief
        await fake_discord.say(alice, thread_id, "", files=[("notes.png", cases["notes.png"][0])])
        await fake_discord.wait_for(
            lambda: any("isn't a PNG" in m["content"] for m in fake_discord.bot_messages(thread_id)), what="refused"
        )
        after = await bot.services.sessions.get(session.id)
        assert after.brief == brief_before and await bot.services.references.count(session.id) == 1
        assert _peak_rss_mib() - baseline < 200, "memory grew past 200 MB on untrusted files"
    finally:
        await app.stop(bot)


async def test_forget_leaves_nothing_of_the_user_but_usage(tmp_path, fake_discord, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "me", "mood": "calm", "background": "plain"}
    alice, bob = fake_discord.add_user("alice"), fake_discord.add_user("bob")
    settings = settings_for(tmp_path, fake_discord, fake_gemini.base_url)
    bot = await start_bot(settings, fake_discord)
    try:
        create = await fake_discord.slash(alice, "profile", "create", {
            "type": "profile_picture", "style": "anime", "description": "me", "reference": ("me.jpg", photo_with_gps()),
        })  # fmt: skip
        await fake_discord.wait_for(lambda: create.followups and fake_discord.threads(), what="session")
        thread_id = int(fake_discord.threads()[0]["id"])
        options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), what="ready")
        await fake_discord.component(alice, options[-1], component_id(options[-1], "pc:gen:"))
        delivered = (await fake_discord.wait_for(lambda: deliveries(fake_discord, thread_id), what="delivered"))[-1]
        render_id = next(c for c in _ids(delivered) if c.startswith("pc:rate:")).split(":")[2]
        rated = await fake_discord.component(alice, delivered, f"pc:rate:{render_id}:5")
        await fake_discord.wait_for(lambda: rated.acked, what="rated")

        asked = await fake_discord.slash(alice, "profile", "forget")
        await fake_discord.wait_for(lambda: asked.acked, what="confirmation")
        prompt = asked.original
        assert "can't be undone" in prompt["content"] and asked.ephemeral
        intruder = await fake_discord.component(bob, prompt, component_id(prompt, "pc:forget:"))
        await fake_discord.wait_for(lambda: intruder.acked, what="bob refused")
        assert await bot.services.gallery.list_page(alice) and (await bot.services.gallery.list_page(alice)).total == 1
        confirm = await fake_discord.component(alice, prompt, component_id(prompt, "pc:forget:"))
        await fake_discord.wait_for(lambda: confirm.acked, what="forgotten")
        summary = confirm.callbacks[0]["data"]["content"]
        assert (
            "Deleted 1 reference images, 1 renders, 1 gallery images" in summary
            and "Kept: your monthly usage" in summary
        )

        db = bot.services.db
        for table in ("sessions", "renders", "creations", "ratings", "session_references"):
            row = await db.fetchone(f"SELECT COUNT(*) AS n FROM {table} WHERE user_id = ?", (alice,))
            assert row["n"] == 0, table
        assert (await db.fetchone("SELECT COUNT(*) AS n FROM session_messages"))["n"] == 0
        assert await credits_used(db, alice) == 1  # usage stays: forgetting must not reset a limit
        assert _files(Path(settings.images_dir)) == [] and _files(Path(settings.references_dir)) == []
    finally:
        await app.stop(bot)


def _ids(message):
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _reset_peak_rss() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (peak RSS) on Linux
    except OSError:
        pass


def _peak_rss_mib() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


async def test_a_fresh_bot_refuses_a_renamed_text_file_within_a_second(tmp_path, fake_discord):
    """The first refusal after start-up is as quick as the later ones: a file refused by its first bytes needs no
    worker process (the first one may still be starting)."""
    alice = fake_discord.add_user("alice")
    config = write_config(tmp_path / "config.toml", settings_for(tmp_path, fake_discord))
    bot = await launch_bot_process(config, {"DISCORD_TOKEN": TOKEN})
    try:
        await asyncio.wait_for(fake_discord.gateway_ready.wait(), 60)  # connected, not only synced
        notes = ("notes.png", b"these are my stream notes, not a picture\n" * 20)
        started = time.monotonic()
        options = {"type": "profile_picture", "style": "anime", "reference": notes}
        create = await fake_discord.slash(alice, "profile", "create", options)
        await fake_discord.wait_for(lambda: create.followups, what="the refusal")
        took = time.monotonic() - started
        print(f"the first refusal took {took:.2f} s")
        assert "isn't a PNG, JPEG, WebP or GIF" in create.followups[0]["content"]
        assert took < 1.0, f"the first refusal took {took:.2f} s"
    finally:
        bot.terminate()
        await bot.wait()

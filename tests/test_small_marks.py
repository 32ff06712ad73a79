"""Small pieces (emotes, sub badges, the favicon) are the mark alone, in the kit and in the platform pack: no name
plate, no lettering, the mark filling the frame with an edge thick enough for its size."""

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from PIL import Image

from bot.design import design_png, spec_for
from bot.design.small import small_mark, small_mark_svg
from bot.model import Brief
from bot.model.brand_kit import DEFAULT_PIECES
from bot.render.brand_kit import cutout_png, pieces_for, wide_marks
from bot.usecases import KitMade, Packed, brand_kit, platform_pack
from tests.test_brand_kit import rendered  # noqa: F401 (the fixture)


def words_read(image: Image.Image) -> list[str]:
    """What Tesseract reads as words (three letters or more) on the piece enlarged ten times on white."""
    big = image.convert("RGBA").resize((image.width * 10, image.height * 10), Image.Resampling.NEAREST)
    page = Image.new("RGB", (big.width + 200, big.height + 200), "#ffffff")
    page.paste(big, (100, 100), big)
    out = io.BytesIO()
    page.save(out, "PNG")
    words: list[str] = []
    for psm in ("11", "7"):
        text = subprocess.run(["tesseract", "stdin", "stdout", "--psm", psm], input=out.getvalue(),
                              capture_output=True).stdout.decode()  # fmt: skip
        words += re.findall(r"[A-Za-z]{3,}", text)
    return words


def fills(image: Image.Image) -> float:
    """The share of the frame's side the mark's ink spans (its larger dimension)."""
    box = image.convert("RGBA").getchannel("A").point(lambda a: 255 if a > 64 else 0).getbbox()
    assert box is not None
    return max(box[2] - box[0], box[3] - box[1]) / image.width


def test_the_small_mark_sets_no_words_and_fills_the_frame():
    spec = spec_for("streamer_logo", "professional", Brief(subject="a fox astronaut", text="NovaFox"), [])
    assert spec.text == "NovaFox" and spec.marks
    # The name plays no part in what is drawn: the same drawing with or without it.
    assert small_mark_svg(spec, 28) == small_mark_svg(dataclasses.replace(spec, text=None), 28)
    for size in (112, 56, 28, 18):
        assert fills(small_mark(spec, size)) >= 0.85, size
    # The edge widens as the size drops: thick enough to be seen at 18 px.
    widths = [float(re.search(r'stroke-width="([0-9.]+)"', small_mark_svg(spec, s)).group(1)) for s in (112, 28, 18)]
    assert widths[0] < widths[1] < widths[2]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
async def test_small_files_of_the_kit_and_the_pack_are_the_mark_alone(rendered):  # noqa: F811
    services, render_id = rendered
    made = await brand_kit(services, render_id, 5, limit=25_000_000)
    assert isinstance(made, KitMade)
    kit = zipfile.ZipFile(io.BytesIO(made.kit.pack.parts[0][1]))
    emote = Image.open(io.BytesIO(kit.read("emotes/pulse-twitch-28.gif")))
    assert fills(emote.convert("RGBA")) >= 0.75  # the pulse's widest frame, less the GIF's margin
    assert words_read(emote.convert("RGBA")) == []
    packed = await platform_pack(services, render_id, 5, 50_000_000)
    assert isinstance(packed, Packed)
    pack = zipfile.ZipFile(io.BytesIO(packed.pack.parts[0][1]))
    for name in ("twitch-emote-28.png", "twitch-sub-badge-18.png", "twitch-emote-112.png"):
        image = Image.open(io.BytesIO(pack.read(name)))
        assert fills(image) >= 0.85, name
        assert words_read(image) == [], name
    icon = Image.open(io.BytesIO(pack.read("favicon.ico")))
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    # The whole logo's name plate would show as a wide light bar across the lower half at 48 px: the mark alone
    # has its ink centred.
    assert fills(icon) >= 0.9


def ocr(png: bytes, width: int = 1600) -> str:
    image = Image.open(io.BytesIO(png)).convert("L")
    image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG")
    text = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "11"], input=out.getvalue(),
                          capture_output=True).stdout.decode()  # fmt: skip
    return re.sub(r"[^a-z]", "", text.lower())


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
def test_wide_pieces_show_the_name_once_and_panels_the_mark_alone():
    spec = spec_for("streamer_logo", "professional", Brief(subject="a coffee cup", text="BrewCrew"), [])
    source = design_png(spec, scene=True)
    cut = cutout_png(source)
    whole, beside, alone = wide_marks(source, cut)
    assert "brewcrew" in ocr(whole, 800)  # the whole logo carries the name (so the reader would see it twice)
    assert "brewcrew" not in ocr(beside, 800) and "brewcrew" not in ocr(alone, 800)
    banners = [p for p in DEFAULT_PIECES if not p.title]
    made = dict(pieces_for(source, cut, None, tuple((p, p.title or "BrewCrew") for p in DEFAULT_PIECES)))
    counts = {p.file: ocr(made[p.path]).count("brewcrew") for p in banners}
    assert max(counts.values()) == 1, counts  # read on some, never twice on one
    panel = Image.open(io.BytesIO(made["panels/twitch-panel-about-320x160.png"]))
    assert panel.size == (320, 160) and "about" in ocr(made["panels/twitch-panel-about-320x160.png"], 640)

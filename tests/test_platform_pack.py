"""Issue 14: the platform pack and the legibility preview."""

import io
import zipfile

import pytest
from PIL import Image, ImageDraw, ImageFont

from bot.imaging.legibility import PREVIEW_HEIGHT, PREVIEW_WIDTH, assess
from bot.imaging.platform_pack import DEFAULT_PACK, PackTooLarge, build_pack
from tests.matting_set import make_case


def logo(text: str, font_size: int, stroke: int = 0) -> bytes:
    image = Image.new("RGB", (1024, 1024), (0, 200, 80))
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 100, 924, 924), fill=(40, 40, 120))
    draw.text((512, 512), text, font=ImageFont.load_default(size=font_size), anchor="mm", fill=(250, 200, 40),
              stroke_width=stroke, stroke_fill=(250, 200, 40))  # fmt: skip
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_file_has_its_exact_size_mode_and_the_ico_three_sizes():
    source = make_case("radial_gradient", "text", 1024, seed=3).data  # a model-like render on a gradient
    pack = build_pack(source, "pack", 25 * 1024 * 1024)
    ((name, data),) = pack.parts
    files = unzip(data)
    assert name == "pack.zip" and len(files) == len(DEFAULT_PACK) + 2
    for item in DEFAULT_PACK:
        image = Image.open(io.BytesIO(files[item.file]))
        assert image.size == (item.size, item.size), item.file
        assert image.mode == ("RGBA" if item.transparent else "RGB"), item.file
        if item.transparent:
            assert image.getpixel((0, 0))[3] == 0, item.file  # the background really is cut out
    icon = Image.open(io.BytesIO(files["favicon.ico"]))
    assert sorted(icon.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    readme = files["README.txt"].decode()
    assert all(item.file in readme and item.use in readme for item in DEFAULT_PACK)


def test_the_pack_fits_25_mb_and_8_mb_limits_and_splits_or_refuses_below():
    source = logo("KAIZEN", 150)
    for limit in (25 * 1024 * 1024, 8 * 1024 * 1024):
        pack = build_pack(source, "pack", limit)
        assert len(pack.parts) == 1 and len(pack.parts[0][1]) <= limit
    whole = len(build_pack(source, "pack", 25 * 1024 * 1024).parts[0][1])
    halves = build_pack(source, "pack", int(whole * 0.7))
    assert [n for n, _ in halves.parts] == ["pack-part1of2.zip", "pack-part2of2.zip"]
    assert all(len(d) <= whole * 0.7 for _, d in halves.parts)
    together = set(unzip(halves.parts[0][1])) | set(unzip(halves.parts[1][1]))
    assert len(together) == len(DEFAULT_PACK) + 2  # nothing lost in the split
    with pytest.raises(PackTooLarge):
        build_pack(source, "pack", whole // 4)


def test_the_preview_has_fixed_dimensions_and_warns_only_for_thin_text():
    thin = assess(logo("THE GREAT FOX GAMING", 52), has_text=True)
    bold = assess(logo("K", 600, stroke=12), has_text=True)
    assert Image.open(io.BytesIO(thin.preview_png)).size == (PREVIEW_WIDTH, PREVIEW_HEIGHT)
    assert thin.warning and "shorter text, initials, or thicker letters" in thin.warning
    assert bold.warning is None and bold.thinnest_stroke_px_at_28 >= 1.0
    assert assess(logo("THE GREAT FOX GAMING", 52), has_text=False).warning is None  # no text asked: no warning

"""The offline design engine follows the brief: the subject's mark, the named colours, the channel name a real OCR
reads, a shape and a scene from the words, seven distinct presets, seeded Vary and edits that move parameters."""

import io
import json
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from bench.offline_designs import BRIEFS, chromium_diff, color_present, ocr_reads
from bot.design import SPEC_KEY, backdrop, design_png, design_svg, edited, read_spec, spec_for
from bot.model import STYLE_NAMES, Brief

NOVAFOX = Brief(subject="a fox astronaut", style="gaming", text="NovaFox", color_scheme="orange and navy",
                shape="shield", background="deep space with stars and a planet")  # fmt: skip
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=np.float32)


def test_the_fox_astronaut_brief_is_a_fox_with_a_planet_in_orange_and_navy_on_stars():
    spec = spec_for("streamer_logo", "gaming", NOVAFOX, [], "a fox astronaut for my channel NovaFox")
    assert spec.marks == ("fox-head", "ringed-planet") and spec.shape == "shield" and spec.scene == "stars"
    assert spec.palette[:2] == ("#fb8c00", "#1a237e") and spec.named == 2  # navy is not dropped
    png = design_png(spec, scene=False)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1024, 1024) and image.mode == "RGBA"
    alpha = pixels(png)[..., 3]
    assert alpha[0, 0] == 0 and alpha[512, 512] == 255  # real transparency, no key colour anywhere
    assert color_present(image, "#fb8c00") and color_present(image, "#1a237e")
    assert read_spec(png) == spec  # an edit starts from exactly this design


@needs_tesseract
def test_tesseract_reads_the_channel_name_in_every_preset():
    read = [ocr_reads(design_png(spec_for(t, style, b, []), scene=True), b.text or "")
            for style in STYLE_NAMES for t, b in BRIEFS[:3]]  # fmt: skip
    assert sum(read) / len(read) >= 0.8, read


def test_the_seven_presets_look_distinct():
    images = {style: pixels(design_png(spec_for("streamer_logo", style, NOVAFOX, []), scene=True))
              for style in STYLE_NAMES if style != "custom"}  # fmt: skip
    styles = list(images)
    for i, a in enumerate(styles):
        for b in styles[i + 1:]:
            difference = np.abs(images[a][..., :3] - images[b][..., :3]).mean()
            assert difference > 12, (a, b, difference)
    # custom: the words decide (a "pixel art" brief gets the retro treatment)
    custom = spec_for("streamer_logo", "custom", NOVAFOX.model_copy(update={"style": "pixel art"}), [])
    assert custom.treatment == "retro"


def test_a_monogram_only_when_no_mark_matches():
    spec = spec_for("streamer_logo", "minimal", NOVAFOX.model_copy(update={"subject": "a glorp"}), [])
    assert spec.marks == () and spec.monogram == "NO"  # from the channel name
    assert "fox-head" in spec_for("profile_picture", "anime", Brief(subject="my foxy mascot"), []).marks


def test_vary_is_seeded_and_changes_layout_or_palette():
    first = design_png(spec_for("streamer_logo", "vibrant", NOVAFOX, [], variation=0), scene=True)
    again = design_png(spec_for("streamer_logo", "vibrant", NOVAFOX, [], variation=0), scene=True)
    varied = spec_for("streamer_logo", "vibrant", NOVAFOX, [], variation=1)
    assert pixels(first).tobytes() == pixels(again).tobytes()
    assert varied.palette[0] == "#1a237e"  # the named colours take turns leading
    assert np.abs(pixels(first) - pixels(design_png(varied, scene=True))).mean() > 10


def test_edits_move_parameters_of_the_design_they_edit():
    spec = spec_for("streamer_logo", "gaming", NOVAFOX, [])
    darker = edited(spec, "make the background darker")
    lum = [pixels(backdrop_png(s))[..., :3].mean() for s in (spec, darker)]
    assert lum[1] < lum[0] * 0.8, lum
    assert edited(spec, "bigger text please").text_scale > spec.text_scale
    assert edited(spec, "thicker letters, bolder").text_weight > spec.text_weight
    assert edited(spec, "try another shape").shape != spec.shape
    assert edited(spec, "make it a hexagon").shape == "hexagon"
    assert edited(spec, "use teal instead").palette[0] == "#00897b"
    assert edited(darker, "bigger text").tone == darker.tone  # edits accumulate


def backdrop_png(spec) -> bytes:
    out = io.BytesIO()
    backdrop(spec, 256).save(out, "PNG")
    return out.getvalue()


def test_the_svg_is_the_same_design_as_the_png():
    spec = spec_for("streamer_logo", "anime", NOVAFOX, [])
    svg = design_svg(spec, scene=True)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 1024 1024"
    assert "<text" not in svg  # lettering is outlines: no font needed where it is opened
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed")
    difference = chromium_diff(svg.encode(), design_png(spec, scene=True))
    assert difference is not None and difference < 6, difference


def test_the_vendored_assets_carry_their_licences():
    assets = Path(__file__).resolve().parent.parent / "bot" / "design" / "assets"
    attribution = (assets / "ATTRIBUTION.md").read_text()
    assert "CC BY 3.0" in attribution and "game-icons.net" in attribution
    for font in (assets / "fonts").glob("*.ttf"):
        family = font.stem.split("-")[0]
        assert (assets / "licenses" / f"{family}-OFL.txt").exists(), family
        assert family in attribution


def test_the_refresh_script_names_pinned_packages():
    script = (Path(__file__).resolve().parent.parent / "scripts" / "vendor-assets").read_text()
    assert "@iconify-json/game-icons@" in script and "npm pack" in script


@needs_tesseract
def test_ocr_helper_is_a_real_ocr_not_our_metadata():
    # A plain image with the word and no metadata is read; a blank one is not.
    with tempfile.TemporaryDirectory():
        blank = io.BytesIO()
        Image.new("RGB", (512, 512), "white").save(blank, "PNG")
        assert not ocr_reads(blank.getvalue(), "NovaFox")
    assert subprocess.run(["tesseract", "--version"], capture_output=True).returncode == 0


def _with_spec(text: str) -> bytes:
    """A design PNG whose spec chunk says ``text`` (as a file from another path might)."""
    info = PngInfo()
    info.add_itxt(SPEC_KEY, text)
    out = io.BytesIO()
    Image.new("RGBA", (8, 8)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_a_spec_read_back_is_checked_before_anything_is_drawn_from_it():
    """Every spec the engine writes reads back as itself; a spec with a wrong type, an absurd size or range, an
    unknown mark or field reads as no spec at all (the session's own brief is drawn instead)."""
    written = [spec_for(t, style, b, [], variation=v) for t, b in BRIEFS for style in STYLE_NAMES[:3] for v in (0, 1)]
    written += [edited(written[0], change) for change in ("darker", "bigger text", "thicker outline", "a circle")]
    for spec in written:
        assert read_spec(_with_spec(spec.to_json())) == spec
    good = json.loads(written[0].to_json())
    hostile = [
        {"palette": ["#ff0000"] * 5000}, {"palette": ["red; background:url(x)"]}, {"palette": []},
        {"marks": ["../../../etc/passwd"]}, {"accessory": "no-such-mark"}, {"named": 99}, {"named": True},
        {"tone": float("nan")}, {"text_scale": 1e9}, {"text_weight": -5}, {"seed": -1}, {"layout": "2"},
        {"text": "x" * 100_000}, {"monogram": ["A"]}, {"shape": "<script>"}, {"treatment": None},
        {"creation_type": "no_such_type"}, {"notes": "a string, not a list"}, {"surprise": 1},
    ]  # fmt: skip
    for change in hostile:
        assert read_spec(_with_spec(json.dumps({**good, **change}))) is None, change
    for text in ("[]", "null", '"a string"', "{", "1e999"):
        assert read_spec(_with_spec(text)) is None, text

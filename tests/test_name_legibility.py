"""The channel name as a user (and Tesseract) reads it off the offline design, and pastel marks that keep their colour
and stand out from their badge (issue 39)."""

import colorsys
import io
import shutil
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from bench.name_legibility import THEMES, on
from bench.offline_designs import color_present, ocr_reads
from bot.design import design_png, spec_for
from bot.design.colors import contrast, hex_of
from bot.design.compose import Roles
from bot.model import Brief

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
TREATMENTS = ("gaming", "minimal", "vibrant", "anime", "retro", "professional")


def image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def colours(region: Image.Image, top: int = 2) -> list[str]:
    """The region's most common colours (to 1/32 per channel), commonest first."""
    pixels = (np.asarray(region).reshape(-1, 3) // 8 * 8 + 4).tolist()
    return [hex_of(*c) for c, _ in Counter(map(tuple, pixels)).most_common(top)]


@needs_tesseract
@pytest.mark.parametrize(
    ("style", "size", "name", "scene"),
    [("anime", 512, "KitsuneKai", True), ("gaming", 256, "Vortex_77", True), ("retro", 512, "BitBuddy", False),
     ("professional", 256, "TheQuietHourPod", True)],
)  # fmt: skip
def test_tesseract_reads_the_name_on_a_logo(style, size, name, scene):
    brief = Brief(subject="a fox with a scarf", text=name, color_scheme="orange and navy", background="starry night")
    png = design_png(spec_for("streamer_logo", style, brief, []), scene=scene, size=size)
    views = [png] if scene else [on(png, colour) for colour in THEMES.values()]  # transparent: on dark and on white
    assert all(ocr_reads(view, name) for view in views)


@needs_tesseract
def test_tesseract_reads_a_long_name_set_on_two_lines_not_clipped():
    name = "TheMidnightPancakeClub"  # 22 characters: one line would set it small
    png = design_png(spec_for("streamer_logo", "minimal", Brief(subject="a pancake stack", text=name), []),
                     scene=True, size=512)  # fmt: skip
    assert ocr_reads(png, name)  # every letter: none clipped at the plate's ends


@pytest.mark.parametrize("style", TREATMENTS)
@pytest.mark.parametrize("mood", [None, "cozy"])
def test_the_words_have_at_least_4_5_contrast_with_their_plate(style, mood):
    brief = Brief(subject="a compass rose", text="WanderWithMira", color_scheme="teal and sand", mood=mood)
    png = design_png(spec_for("streamer_logo", style, brief, []), scene=True, size=1024)
    plate, words = colours(image(png).crop((160, 700, 864, 822)))  # the plate's middle: plate, then letters
    assert contrast(plate, words) >= 4.5, (plate, words)


@pytest.mark.parametrize("style", TREATMENTS)
@pytest.mark.parametrize(
    "brief",
    [Brief(subject="a compass rose", text="Mira", color_scheme="teal and sand", mood="cozy"),
     Brief(subject="my cat Luna wearing a tiny crown", text="Luna", color_scheme="purple and gold", mood="cute"),
     Brief(subject="a crescent moon", text="Mira", color_scheme="lilac and silver", mood="dreamy")],
)  # fmt: skip
def test_a_pastel_mark_keeps_a_colour_and_stands_out_from_its_badge(style, brief):
    """Cozy, cute and pastel briefs used to draw the mark near-black: every palette colour is a light tint, so none
    stood out from the badge and the fallback was black. The mark is now a deeper tone of a named colour."""
    spec = spec_for("profile_picture", style, brief, [])
    assert spec.pastel
    roles = Roles(spec)  # the colours the design gives its badge and its mark; the render must show both
    drawn = Image.open(io.BytesIO(design_png(spec, scene=False, size=512)))
    assert color_present(drawn, roles.badge, 0.05) and color_present(drawn, roles.mark, 0.03), (roles.badge, roles.mark)
    assert contrast(roles.mark, roles.badge) >= 3.0, (roles.badge, roles.mark)  # WCAG's floor for graphics
    _, lightness, saturation = colorsys.rgb_to_hls(*(int(roles.mark[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    assert lightness > 0.2 and saturation > 0.25, f"{roles.mark} is near-black or grey (badge {roles.badge})"

"""The screens a viewer sees instead of the stream: the Twitch offline screen says so (not the banner bigger), with
the channel name, in the render's style; read back by Tesseract."""

import io

import pytest
from PIL import Image

from bot.design import design_png, spec_for
from bot.model import Brief
from bot.model.brand_kit import DEFAULT_PIECES
from bot.render.brand_kit import cutout_png, pieces_for
from tests.test_brand_kit import tesseract_reads

BRIEFS = {  # distinct presets, shapes and scenes (stars, a pattern, a plain light one)
    "gaming": Brief(subject="a fox astronaut", text="NovaFox", color_scheme="orange and navy", shape="shield",
                    background="deep space with stars"),
    "vibrant": Brief(subject="a wolf head howling", text="Kaizen", color_scheme="purple and teal", shape="hexagon"),
    "professional": Brief(subject="a coffee cup", text="BrewCrew", color_scheme="brown and beige", shape="circle",
                          background="plain cream"),
}  # fmt: skip
OFFLINE = next(p for p in DEFAULT_PIECES if p.file.startswith("twitch-offline"))


def screens(style: str, pieces=(OFFLINE,)) -> dict[str, bytes]:
    brief = BRIEFS[style]
    source = design_png(spec_for("streamer_logo", style, brief, []), scene=True)
    return dict(pieces_for(source, cutout_png(source), None, tuple((p, brief.text) for p in pieces)))


def test_the_offline_screen_is_its_own_piece_with_a_status_line():
    assert OFFLINE.status == "Currently offline" and OFFLINE.path == "banners/twitch-offline-1920x1080.png"
    image = Image.open(io.BytesIO(screens("vibrant")[OFFLINE.path]))
    assert (image.format, image.size) == ("PNG", (1920, 1080))
    # The status line sits in the lower part of the safe area (1500×700, centred), under the mark and the name: the
    # band's rows differ from the scene there and nothing is drawn below the safe area.
    grey = image.convert("L")
    top_of_safe, bottom_of_safe = (1080 - 700) // 2, (1080 + 700) // 2
    band = grey.crop((210, bottom_of_safe - 200, 1710, bottom_of_safe))
    below = grey.crop((210, bottom_of_safe + 4, 1710, 1080))
    assert band.getextrema()[1] - band.getextrema()[0] > 120  # letters on the band
    assert below.getextrema()[1] - below.getextrema()[0] < 60, below.getextrema()  # only the scene's gradient
    assert top_of_safe > 0


@pytest.mark.parametrize("style", sorted(BRIEFS))
def test_the_offline_screen_says_offline_and_the_name_ocr_(style):
    png = screens(style)[OFFLINE.path]
    assert tesseract_reads(png, "Currently offline"), style
    if style != "gaming":  # Tesseract reads Bungee's F as R ("NOVAROX") on every wide piece (bench.brand_kit)
        assert tesseract_reads(png, BRIEFS[style].text or ""), style

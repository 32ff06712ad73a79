"""The screens a viewer sees instead of the stream: the Twitch offline screen says so (not the banner bigger), and the
stream scenes ("Starting soon", "Be right back", "Stream ending") at 1920×1080 say theirs, with the channel name, in
the render's style; the webcam frame leaves a fully clear window of a camera's exact shape and carries the name on
its border. Words read back by Tesseract."""

import io
from fractions import Fraction

import numpy as np
import pytest
from PIL import Image

from bot.design import design_png, spec_for
from bot.model import Brief
from bot.model.brand_kit import DEFAULT_PIECES, SCENE_PIECES, WEBCAM_FRAMES
from bot.render.brand_kit import cutout_png, frames_for, pieces_for
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
    assert tesseract_reads(png, BRIEFS[style].text or ""), style


def frames(style: str) -> dict[str, bytes]:
    brief = BRIEFS[style]
    source = design_png(spec_for("streamer_logo", style, brief, []), scene=True)
    return dict(frames_for(source, cutout_png(source), None, brief.text))


def clear_window(alpha: np.ndarray) -> tuple[int, int, int, int]:
    """The transparent region through the frame's centre, found from the pixels (left, top, right, bottom)."""
    cy, cx = alpha.shape[0] // 2, alpha.shape[1] // 2
    row, column = alpha[cy] == 0, alpha[:, cx] == 0
    left = cx - int(np.argmin(row[cx::-1]))
    right = cx + int(np.argmin(row[cx:]))
    top = cy - int(np.argmin(column[cy::-1]))
    bottom = cy + int(np.argmin(column[cy:]))
    return left + 1, top + 1, right, bottom


def test_the_scenes_are_1920x1080_each_with_its_line():
    assert [p.status for p in SCENE_PIECES] == ["Starting soon", "Be right back", "Stream ending"]
    made = screens("gaming", SCENE_PIECES)
    pictures = [np.asarray(Image.open(io.BytesIO(made[p.path])).convert("L"), dtype=np.int16) for p in SCENE_PIECES]
    for piece, picture in zip(SCENE_PIECES, pictures, strict=True):
        assert picture.shape == (1080, 1920) and piece.path.startswith("scenes/"), piece.file
        assert len(made[piece.path]) <= piece.max_bytes
    # The same scene, mark and name; only the status band differs (its lines are not the same words).
    for a, b in ((0, 1), (1, 2), (0, 2)):
        changed = np.argwhere(np.abs(pictures[a] - pictures[b]) > 40)
        assert len(changed) > 2000
        assert changed[:, 0].min() >= (1080 - 700) // 2 + 700 * 0.7 - 2, (a, b)  # below the mark and the name


@pytest.mark.parametrize("style", sorted(BRIEFS))
def test_the_webcam_frame_leaves_a_clear_window_of_a_camera_shape(style):
    made = frames(style)
    for frame in WEBCAM_FRAMES:
        image = Image.open(io.BytesIO(made[frame.path]))
        assert image.format == "PNG" and image.mode == "RGBA" and len(made[frame.path]) <= frame.max_bytes
        alpha = np.asarray(image.getchannel("A"))
        left, top, right, bottom = clear_window(alpha)
        assert (right - left, bottom - top) == frame.window, (frame.file, (left, top, right, bottom))
        assert Fraction(right - left, bottom - top) in (Fraction(16, 9), Fraction(4, 3))
        assert (alpha[top:bottom, left:right] == 0).all()  # fully transparent, every pixel of it
        # Framed all round: the border next to the window is opaque, and the lower border (the name's) too.
        assert (alpha[top - 1, left:right] == 255).all() and (alpha[bottom, left:right] == 255).all()
        assert (alpha[top:bottom, left - 1] == 255).all() and (alpha[top:bottom, right] == 255).all()
        assert (alpha[bottom:, 40:-40] == 255).all()


@pytest.mark.parametrize("style", sorted(BRIEFS))
def test_tesseract_reads_each_scenes_line_and_the_name_ocr_(style):
    made = screens(style, SCENE_PIECES)
    for piece in SCENE_PIECES:
        assert tesseract_reads(made[piece.path], piece.status or ""), (style, piece.file)
        assert tesseract_reads(made[piece.path], BRIEFS[style].text or ""), (style, piece.file)


@pytest.mark.parametrize("style", sorted(BRIEFS))
def test_tesseract_reads_the_name_on_the_webcam_frame_ocr_(style):
    for frame, png in frames(style).items():
        assert tesseract_reads(png, BRIEFS[style].text or ""), (style, frame)

"""The picture whole (issue 39, item 4): what a user sees in the offline engine's drawings and files."""

import io

import numpy as np
import pytest
from PIL import Image

from bot.design import design_png, spec_for
from bot.imaging import SCENE, OutputOptions
from bot.model import Brief
from bot.render.design_files import export_file

NOVAFOX = Brief(subject="a fox astronaut", style="gaming", text="NovaFox", color_scheme="orange and navy",
                shape="shield", background="deep space with stars and a planet")  # fmt: skip


def rgb(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.float32)


@pytest.mark.parametrize("size", [256, 512, 1024])
def test_the_designed_background_fills_the_whole_square(size):
    """The offline design (cut out, with its spec) exported with "the designed background": every corner shows the
    scene as the 1024 px render does, and no pixel is the black a missing scene leaves."""
    source = design_png(spec_for("streamer_logo", "gaming", NOVAFOX, []), scene=False)
    shown = rgb(export_file(source, None, OutputOptions(size, "png", SCENE), offline=True))
    assert shown.shape == (size, size, 3)
    assert not np.any(shown.max(axis=2) <= 2), "pure black: the fill outside the scene"
    whole = rgb(export_file(source, None, OutputOptions(1024, "png", SCENE), offline=True))
    reference = np.asarray(Image.fromarray(whole.astype(np.uint8)).resize((size, size), Image.Resampling.BOX),
                           dtype=np.float32)  # fmt: skip
    q = size // 4
    for corner in ((slice(0, q), slice(0, q)), (slice(0, q), slice(-q, None)), (slice(-q, None), slice(0, q)),
                   (slice(-q, None), slice(-q, None))):  # fmt: skip
        assert np.abs(shown[corner] - reference[corner]).mean() < 6, (size, corner)

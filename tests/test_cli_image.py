import io
import subprocess
import sys

import numpy as np
from PIL import Image

from tests.imagery import iou, ring_on_key


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60)


def test_image_command_writes_a_transparent_webp(tmp_path):
    source, truth = ring_on_key(512)
    (tmp_path / "in.png").write_bytes(source)
    out = tmp_path / "out.webp"
    done = run_cli("image", str(tmp_path / "in.png"), "-o", str(out), "--size", "256", "--background", "transparent")
    assert done.returncode == 0, done.stderr
    image = Image.open(io.BytesIO(out.read_bytes()))
    assert (image.format, image.mode, image.size) == ("WEBP", "RGBA", (256, 256))
    _, truth = ring_on_key(256)
    assert iou(np.asarray(image)[..., 3] > 127, truth > 0.5) >= 0.95


def test_image_command_reports_bad_colour_and_unreadable_input(tmp_path):
    bad = run_cli("image", "x.png", "-o", str(tmp_path / "o.png"), "--background", "#12345")
    assert bad.returncode == 2 and "not a colour" in bad.stderr
    (tmp_path / "junk.png").write_bytes(b"junk")
    junk = run_cli("image", str(tmp_path / "junk.png"), "-o", str(tmp_path / "o.png"))
    assert junk.returncode == 2 and "isn't a PNG, JPEG, WebP or GIF image" in junk.stderr
    missing = run_cli("image", str(tmp_path / "nope.png"), "-o", str(tmp_path / "o.png"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr

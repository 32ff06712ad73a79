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


def test_a_photo_cut_out_with_the_default_gets_a_warning_and_a_way_out(tmp_path):
    # A photo-like picture: a busy room of blurred shapes, a figure, sensor noise, JPEG.
    from PIL import ImageDraw, ImageFilter

    rng = np.random.default_rng(11)
    room = Image.new("RGB", (768, 768), (90, 110, 130))
    draw = ImageDraw.Draw(room)
    for _ in range(120):
        x, y = rng.integers(0, 768, 2)
        w, h = rng.integers(20, 200, 2)
        draw.rectangle([x, y, x + w, y + h], fill=tuple(int(v) for v in rng.integers(30, 230, 3)))
    room = room.filter(ImageFilter.GaussianBlur(2))
    ImageDraw.Draw(room).ellipse([230, 150, 540, 760], fill=(200, 150, 120))
    noisy = np.clip(np.asarray(room) + rng.normal(0, 8, (768, 768, 3)), 0, 255).astype(np.uint8)
    Image.fromarray(noisy).save(tmp_path / "photo.jpg", "JPEG", quality=85)
    done = run_cli("image", str(tmp_path / "photo.jpg"), "-o", str(tmp_path / "out.png"))
    assert done.returncode == 0 and (tmp_path / "out.png").exists()  # what was asked is still written
    assert "does not look like a design on a plain background" in done.stderr
    assert "--background scene" in done.stderr
    kept = run_cli("image", str(tmp_path / "photo.jpg"), "-o", str(tmp_path / "kept.png"), "--background", "scene")
    assert kept.returncode == 0 and "warning" not in kept.stderr

"""Never the key colour: a render painted on a cut-out key (Gemini) or already cut out (offline) gets its designed
background from the brief for "the designed background" and the pack's opaque files, in both modes."""

import io
import zipfile

import numpy as np
from PIL import Image

from bot.design import backdrop, design_png, spec_for
from bot.imaging import SCENE, OutputOptions, build_pack, process
from bot.imaging.output import KEY_CANDIDATES
from bot.model import DEFAULT_PACK, Brief
from bot.render.design_files import svg_for
from tests.fakes.fake_gemini import key_colored_design

BRIEF = Brief(subject="a fox astronaut", style="gaming", text="NovaFox", color_scheme="orange and navy",
              shape="shield", background="deep space with stars")  # fmt: skip


def key_share(image: Image.Image) -> float:
    """Share of pixels within RGB distance 60 of any key candidate."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32).reshape(-1, 3)
    keys = np.array([[int(k[i:i + 2], 16) for i in (1, 3, 5)] for k in KEY_CANDIDATES], dtype=np.float32)
    distance = np.min(np.linalg.norm(rgb[:, None, :] - keys[None, :, :], axis=2), axis=1)
    return float(np.mean(distance < 60))


def sources() -> dict[str, bytes]:
    spec = spec_for("streamer_logo", "gaming", BRIEF, [])
    return {
        "gemini on green": key_colored_design("a fox on a perfectly flat, uniform #00ff00 background", 1024),
        "gemini on magenta": key_colored_design("a fox on a perfectly flat, uniform #ff00ff background", 1024),
        "offline": design_png(spec, scene=False),
    }


def test_the_designed_background_export_never_shows_the_key():
    scene = backdrop(spec_for("streamer_logo", "gaming", BRIEF, []), 512)
    for name, source in sources().items():
        for size in (256, 512, 1024):
            out = process(source, OutputOptions(size, "png", SCENE), backdrop=scene)
            assert key_share(Image.open(io.BytesIO(out.data))) <= 0.05, (name, size)


def test_the_packs_opaque_files_never_show_the_key_and_it_carries_logo_svg():
    scene = backdrop(spec_for("streamer_logo", "gaming", BRIEF, []), 1024)
    for name, source in sources().items():
        pack = build_pack(source, "p", 50_000_000, DEFAULT_PACK, scene, (("logo.svg", svg_for(source)),))
        with zipfile.ZipFile(io.BytesIO(pack.parts[0][1])) as archive:
            assert "logo.svg" in archive.namelist()
            for item in DEFAULT_PACK:
                image = Image.open(io.BytesIO(archive.read(item.file)))
                if not item.transparent:
                    assert image.mode == "RGB" and key_share(image) <= 0.05, (name, item.file, key_share(image))
            assert archive.read("logo.svg").lstrip().startswith((b"<?xml", b"<svg"))

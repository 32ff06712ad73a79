import io

import numpy as np
import pytest
from PIL import Image

from bot.imaging.output import ImagingError, OutputOptions, choose_key_color, process_image, process_image_async
from tests.imagery import iou, ring_on_key


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("size", [256, 512, 1024])
def test_transparent_cut_out_matches_the_true_mask(size):
    # The model painted a slightly-off green; keying follows the border, not the exact request.
    source, _ = ring_on_key(1024, key=(18, 236, 22), width=1280)
    result = decode(process_image(source, OutputOptions(size=size, format="png")))
    assert result.format == "PNG" and result.mode == "RGBA" and result.size == (size, size)
    _, truth = ring_on_key(size)
    alpha = np.asarray(result)[..., 3] / 255.0
    assert iou(alpha > 0.5, truth > 0.5) >= 0.95
    # Corners and the enclosed hole between ring and dot are fully transparent.
    assert alpha[0, 0] == 0 and alpha[-1, -1] == 0
    assert alpha[int(size * 0.35), size // 2] == 0
    # Ring and dot are fully opaque.
    assert alpha[int(size * 0.2), size // 2] == 1.0 and alpha[size // 2, size // 2] == 1.0


def test_edges_are_soft_and_have_no_key_fringe():
    source, _ = ring_on_key(1024)
    rgba = np.asarray(decode(process_image(source, OutputOptions(size=1024)))).astype(int)
    alpha = rgba[..., 3]
    edge = (alpha > 10) & (alpha < 245)
    assert edge.sum() > 500, "anti-aliased edges keep partial alpha"
    r, g, b = rgba[..., 0][edge], rgba[..., 1][edge], rgba[..., 2][edge]
    # Purple and orange contain far less green than red; a key fringe would push green up.
    green_excess = g - np.maximum(r, b)
    assert np.percentile(green_excess, 95) < 20


def test_solid_background_replaces_the_key_colour():
    source, _ = ring_on_key(512)
    result = decode(process_image(source, OutputOptions(size=256, format="webp", background="#102030")))
    assert result.format == "WEBP" and result.mode == "RGB" and result.size == (256, 256)
    pixels = np.asarray(result).astype(int)
    assert np.abs(pixels[2, 2] - [0x10, 0x20, 0x30]).max() <= 3
    assert np.abs(pixels[int(256 * 0.35), 128] - [0x10, 0x20, 0x30]).max() <= 3


def test_webp_transparent_keeps_real_alpha():
    source, truth = ring_on_key(512)
    result = decode(process_image(source, OutputOptions(size=512, format="webp")))
    assert result.format == "WEBP" and result.mode == "RGBA"
    assert iou(np.asarray(result)[..., 3] > 127, truth > 0.5) >= 0.95


def test_webp_alpha_edges_match_the_png_ones():
    # The WebP's alpha plane is quantised to save time and bytes: no edge may look different from the lossless
    # PNG, and what is clear or solid stays exactly so (no faint haze over the background).
    source, _ = ring_on_key(1024)
    png = np.asarray(decode(process_image(source, OutputOptions(size=1024, format="png"))))[..., 3].astype(int)
    webp = np.asarray(decode(process_image(source, OutputOptions(size=1024, format="webp"))))[..., 3].astype(int)
    assert ((png > 0) & (png < 255)).sum() > 500  # there are soft edges to compare
    assert np.abs(webp - png).max() <= 2
    assert (webp[png == 0] == 0).all() and (webp[png == 255] == 255).all()


def test_scene_background_is_kept_and_cropped_square():
    image = Image.new("RGB", (900, 600), (200, 10, 10))
    out = io.BytesIO()
    image.save(out, "JPEG")
    result = decode(process_image(out.getvalue(), OutputOptions(size=512, background="scene")))
    assert result.size == (512, 512) and result.mode == "RGB"


def test_key_colour_avoids_the_brand_palette():
    assert choose_key_color([]) == "#00ff00"
    assert choose_key_color(["#22dd22", "#00aa00"]) != "#00ff00"
    assert choose_key_color(["#ff00ee"]) != "#ff00ff"


def test_bad_input_and_options_are_rejected_clearly():
    with pytest.raises(ImagingError, match="damaged or not an image"):
        process_image(b"not an image", OutputOptions())
    with pytest.raises(ImagingError, match="size"):
        OutputOptions(size=300)  # type: ignore[arg-type]
    with pytest.raises(ImagingError, match="background"):
        OutputOptions(background="blue")


async def test_async_processing_leaves_the_event_loop_free():
    """A 1024 px cut-out takes tens of milliseconds; meanwhile the loop must keep ticking."""
    import asyncio
    import time

    source, _ = ring_on_key(1024)
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            start = time.perf_counter()
            await asyncio.sleep(0.002)
            gaps.append(time.perf_counter() - start)

    ticking = asyncio.create_task(ticker())
    start = time.perf_counter()
    results = await asyncio.gather(*(process_image_async(source, OutputOptions(size=1024)) for _ in range(3)))
    elapsed = time.perf_counter() - start
    done.set()
    await ticking
    assert all(decode(data).size == (1024, 1024) for data in results)
    assert len(gaps) >= 5 and max(gaps) < elapsed / 2, (max(gaps), elapsed)

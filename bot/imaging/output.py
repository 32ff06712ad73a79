"""Post-processing of generated images: square crop, cut-out, exact size, encoding.

Transparency: the model is asked to paint the background a flat key colour, but the cut-out
(``bot.imaging.cutout``) follows the background that was actually painted, and reports how confident
it is, so a doubtful transparent image is never shipped silently.

All functions here are CPU-bound and synchronous; callers on the event loop use
``process_image_async``.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, PngImagePlugin

from bot.imaging.colors import hex_to_rgb
from bot.imaging.cutout import DOUBTFUL, cut_out
from bot.model import FORMATS, SCENE, SIZES, TRANSPARENT, Format, ImagingError, OutputOptions, Size

__all__ = ["FORMATS", "SCENE", "SIZES", "TRANSPARENT", "Format", "ImagingError", "OutputOptions", "Size"]
KEY_CANDIDATES = ("#00ff00", "#ff00ff", "#0000ff")
MAX_INPUT_PIXELS = 4096 * 4096
CUT_OUT_MIN_SIDE = 512


def choose_key_color(colors: list[str]) -> str:
    """The candidate key colour farthest from every colour the design is meant to use."""
    if not colors:
        return KEY_CANDIDATES[0]
    palette = np.array([hex_to_rgb(c) for c in colors], dtype=np.float32)

    def clearance(candidate: str) -> float:
        return float(np.min(np.linalg.norm(palette - np.array(hex_to_rgb(candidate), np.float32), axis=1)))

    return max(KEY_CANDIDATES, key=clearance)


def _open(data: bytes) -> Image.Image:
    """Decoded, upright (EXIF orientation applied: phone photos), with one-sentence errors instead of Pillow's."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_INPUT_PIXELS:
            raise ImagingError(f"it is {image.width}×{image.height} pixels; images can be at most 4096×4096")
        image.load()
    except ImagingError:
        raise
    except Image.DecompressionBombError:
        raise ImagingError("it has too many pixels; images can be at most 4096×4096") from None
    except Exception as exc:
        raise ImagingError("it is damaged or not an image Pillow can read (PNG, JPEG, WebP, GIF)") from exc
    ImageOps.exif_transpose(image, in_place=True)
    return image


_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF8", "gif"))


def image_extension(data: bytes) -> str:
    """The file type of encoded image bytes, from their magic bytes (png when unknown)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return next((ext for magic, ext in _MAGIC if data.startswith(magic)), "png")


def image_mime(data: bytes) -> str:
    return f"image/{image_extension(data)}"


def square_crop(image: Image.Image) -> Image.Image:
    if image.width == image.height:
        return image  # a crop of the whole picture is a copy of it (a 3 MB copy at 1024 px, for nothing)
    side = min(image.size)
    left = (image.width - side) // 2
    top = (image.height - side) // 2
    return image.crop((left, top, left + side, top + side))


def resize_cut_out(image: Image.Image, size: int) -> Image.Image:
    """A cut-out at ``size``. Shrinking averages areas: alpha is coverage, and the area average is the exact
    coverage at the smaller size. Lanczos' negative lobes moved the half-opaque line of strokes 2-3 px wide
    (min IoU 0.91 -> 0.98 on the matting set), and area averaging is ~3x faster. Enlarging keeps Lanczos."""
    if size == image.width:
        return image  # the cut-out is ours alone, and nothing draws on it: no copy
    shrinking = size < image.width
    return image.resize((size, size), Image.Resampling.BOX if shrinking else Image.Resampling.LANCZOS)


def encode(image: Image.Image, fmt: Format, offline: bool) -> bytes:
    out = io.BytesIO()
    if fmt == "png":
        info = PngImagePlugin.PngInfo()
        info.add_text("Software", "Profile Creator" + (" (offline renderer)" if offline else ""))
        image.save(out, "PNG", compress_level=1, pnginfo=info)
    else:
        # method 2: ~35% faster than the default 4 for ~4% more bytes on these flat designs (method 0 and 1 were no
        # faster on the 1024 px cut-out, and method 0 was 3-4x the bytes). No ``exact``: our transparent pixels
        # are already black, and keeping them exact cost 17% more time and 24% more bytes (47 vs 36 kB).
        # alpha_quality 80: libwebp keeps 96 alpha levels (k-means), so an edge's alpha moves by 2 levels of 255 at
        # most and 0 and 255 stay exact; with all 256 levels it encodes the alpha plane twice (unfiltered and
        # filtered), which made a 1024 px cut-out's encode ~1.8x an opaque one's. Measured on 18 cut-outs: alpha
        # encode -8 to -40 % time (most where the edges use over 192 levels), 7 % fewer bytes in all.
        image.save(out, "WEBP", quality=90, method=2, alpha_quality=80)
    return out.getvalue()


@dataclass(frozen=True)
class Processed:
    data: bytes
    # Cut-out confidence (0..1) and the reason it is low; None when the background was kept.
    confidence: float | None = None
    doubt: str | None = None

    @property
    def doubtful(self) -> bool:
        return self.confidence is not None and self.confidence < DOUBTFUL


def has_alpha(image: Image.Image) -> bool:
    """A source that is already cut out (the offline engine's designs): real transparency, nothing to key out."""
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return False
    alpha = np.asarray(image.convert("RGBA").getchannel("A"))
    return bool(alpha.min() < 250)


def on_key(image: Image.Image) -> bool:
    """The source was painted on a cut-out key colour: most of its border is one of the key candidates."""
    rgb = np.asarray(image.convert("RGB").resize((64, 64), Image.Resampling.BOX), dtype=np.float32)
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    keys = np.array([hex_to_rgb(k) for k in KEY_CANDIDATES], dtype=np.float32)
    distance = np.min(np.linalg.norm(border[:, None, :] - keys[None, :, :], axis=2), axis=1)
    return bool(np.mean(distance < 90) >= 0.6)


def needs_backdrop(image: Image.Image) -> bool:
    """Whether "the designed background" of this source must come from a backdrop (its own is alpha or a key)."""
    return has_alpha(image) or on_key(image)


def _on_backdrop(cut: Image.Image, backdrop: Image.Image | None) -> Image.Image:
    """A cut-out design set on its designed background (never the key colour it was painted on)."""
    size = cut.width
    base = backdrop.convert("RGBA").resize((size, size), Image.Resampling.LANCZOS) if backdrop is not None else None
    if base is None:  # no brief to make one from: a neutral dark backdrop, still never the key
        base = Image.new("RGBA", (size, size), (24, 24, 32, 255))
    return Image.alpha_composite(base, cut).convert("RGB")


def process(
    data: bytes, options: OutputOptions, *, offline: bool = False, backdrop: Image.Image | None = None
) -> Processed:
    """Generated bytes in, the final attachment out, with the cut-out's confidence. ``backdrop`` is the designed
    background for a source drawn on a key colour or already cut out, used when the scene is asked for; without one,
    "scene" keeps the picture as it is."""
    image = square_crop(_open(data))
    if has_alpha(image):  # already cut out: its alpha is exact
        cut = resize_cut_out(image.convert("RGBA"), options.size)
        if options.background == SCENE:
            return Processed(encode(_on_backdrop(cut, backdrop), options.format, offline))
        if options.background != TRANSPARENT:
            solid = Image.new("RGBA", cut.size, (*hex_to_rgb(options.background), 255))
            cut = Image.alpha_composite(solid, cut).convert("RGB")
        return Processed(encode(cut, options.format, offline))
    if not options.keyed:
        # A design painted on the key: cut out, then set on its designed background. Only with one: a caller with
        # no brief (the CLI's "scene (keep it)") keeps the picture as it is; a green photo is not a key.
        if backdrop is not None and on_key(image):
            keyed = cut_out(image.convert("RGB")).image
            return Processed(encode(_on_backdrop(resize_cut_out(keyed, options.size), backdrop), options.format,
                                     offline))  # fmt: skip
        image = image.convert("RGB").resize((options.size, options.size), Image.Resampling.LANCZOS)
        return Processed(encode(image, options.format, offline))
    # Cut out at the output size when the source is larger, but never below CUT_OUT_MIN_SIDE: an area-averaged
    # source is exactly what a smaller painting would be, so the cut-out is as good (the matting set scores the
    # same at 512 px) for a quarter of the pixels of a 1024 px source, the largest part of Generate -> posted.
    # Below 512 px the cut-out loses detail (drop shadows, thin strokes), so 256 px outputs are cut at 512 px.
    side = min(image.width, max(options.size, CUT_OUT_MIN_SIDE))
    if side < image.width:
        image = (image if image.mode == "RGB" else image.convert("RGB")).resize((side, side), Image.Resampling.BOX)
    cut = cut_out(image)
    image = resize_cut_out(cut.image, options.size)
    if options.background != TRANSPARENT:
        solid = Image.new("RGBA", image.size, (*hex_to_rgb(options.background), 255))
        image = Image.alpha_composite(solid, image).convert("RGB")
    return Processed(encode(image, options.format, offline), cut.confidence, cut.doubt)


def process_image(data: bytes, options: OutputOptions, *, offline: bool = False) -> bytes:
    """The attachment bytes only (the CLI, benchmarks and tests)."""
    return process(data, options, offline=offline).data


async def process_async(
    data: bytes, options: OutputOptions, *, offline: bool = False, backdrop: Image.Image | None = None
) -> Processed:
    return await asyncio.to_thread(process, data, options, offline=offline, backdrop=backdrop)


async def process_image_async(data: bytes, options: OutputOptions, *, offline: bool = False) -> bytes:
    return (await process_async(data, options, offline=offline)).data

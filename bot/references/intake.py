"""Untrusted reference images (an upload, an avatar, a thread attachment) made safe before anything else.

Order matters: size, then magic bytes, then the header's dimensions, all before a single pixel is decoded, so a
20 000 x 20 000 PNG or a renamed text file costs almost nothing. Then the first frame only, EXIF orientation
applied, and a fresh image written without any metadata (GPS included): that is all that is ever stored or sent.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from bot.model import ImageProblem, ImageProblemKind

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 4096
# Pillow decodes a progressive JPEG's whole frame once per scan: a few kB of repeated tiny scans over a 4096² frame
# cost minutes. Encoders write about 10 scans (libjpeg's default script); a few dozen is already odd.
MAX_JPEG_SCANS = 32
# Decode work as pixels × passes over the frame: a 4096² baseline image or a 2048² progressive one with 16 scans.
DECODE_BUDGET = MAX_SIDE * MAX_SIDE * 4
# References are sent to the model at most this large: enough for a likeness, and small on the wire.
SEND_SIDE = 1024
_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}


class ReferenceRefused(ValueError):
    """The file cannot be used; ``problem`` says why (each front end words it)."""

    def __init__(self, problem: ImageProblem | ImageProblemKind) -> None:
        problem = problem if isinstance(problem, ImageProblem) else ImageProblem(problem)
        super().__init__(problem.kind.value)
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[ImageProblem]]:
        return ReferenceRefused, (self.problem,)  # raised in a decode worker: the whole fact crosses back


@dataclass(frozen=True)
class CleanReference:
    data: bytes  # PNG (with alpha) or JPEG, no metadata
    mime: str
    width: int
    height: int
    note: str | None = None  # e.g. "animated: its first frame is used"


def sniff(head: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def jpeg_scans(data: bytes) -> int:
    """Start-of-scan markers in a JPEG, counted without decoding. Inside entropy-coded data a 0xFF byte is always
    followed by 0x00 or a restart marker, so FF DA occurs only as a real SOS (or in an embedded thumbnail)."""
    return data.count(b"\xff\xda")


def check_decode_cost(kind: str, data: bytes, width: int, height: int) -> None:
    """Refuse, before any pixel is decoded, a file whose decode work can't be bounded."""
    if kind != "JPEG":
        return  # PNG, GIF (first frame) and WebP decode once per pixel: the side limit bounds them
    scans = jpeg_scans(data)
    if scans > MAX_JPEG_SCANS:
        raise ReferenceRefused(ImageProblem(ImageProblemKind.TOO_MANY_SCANS, scans=scans))
    if width * height * max(scans, 1) > DECODE_BUDGET:
        raise ReferenceRefused(ImageProblem(ImageProblemKind.SLOW_JPEG, width=width, height=height, scans=scans))


def check_size(size: int) -> None:
    """Before downloading: Discord tells the attachment's size."""
    if size > MAX_BYTES:
        raise ReferenceRefused(ImageProblem(ImageProblemKind.TOO_LARGE, megabytes=size / 1024 / 1024))


def check_kind(data: bytes) -> str:
    """The refusals that need no decode (the size, the magic bytes): cheap enough for the event loop, so a renamed
    text file is answered without waiting for a worker. Returns the image kind."""
    check_size(len(data))
    kind = sniff(data[:16])
    if kind is None:
        raise ReferenceRefused(ImageProblemKind.NOT_AN_IMAGE)
    return kind


def clean_reference(data: bytes) -> CleanReference:
    """Validate and normalise one reference (CPU work: run it off the event loop)."""
    kind = check_kind(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])  # reads the header only
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE:
                raise ReferenceRefused(ImageProblem(ImageProblemKind.TOO_WIDE, width=width, height=height))
            check_decode_cost(kind, data, width, height)
            note = "it's animated, so its first frame is used" if getattr(image, "is_animated", False) else None
            image.seek(0)
            image.load()
    except ReferenceRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # Pillow's own header check
        raise ReferenceRefused(ImageProblemKind.TOO_MANY_PIXELS) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ReferenceRefused(ImageProblemKind.DAMAGED) from exc
    image = ImageOps.exif_transpose(image)  # the photo as the camera held it, before EXIF is dropped
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    pixels = image.convert("RGBA" if has_alpha else "RGB")
    pixels.thumbnail((SEND_SIDE, SEND_SIDE), Image.Resampling.LANCZOS)
    fresh = Image.new(pixels.mode, pixels.size)  # a new image carries no info, EXIF, XMP or ICC text chunks
    fresh.paste(pixels)
    out = io.BytesIO()
    if has_alpha:
        fresh.save(out, format="PNG", optimize=False)
        mime = "image/png"
    else:
        fresh.save(out, format="JPEG", quality=90)
        mime = "image/jpeg"
    return CleanReference(out.getvalue(), mime, fresh.width, fresh.height, note)

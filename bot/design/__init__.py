"""The offline design engine: a brief becomes an SVG design (an open-licence mark, a badge, brand colours, the
channel name set in a bundled OFL font), rasterised with resvg. A library with no project state, beside imaging:
the offline provider draws with it, and renders of either mode take their designed background from it."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from bot.design import semantic
from bot.design.assets import marks as vendored_marks
from bot.design.compose import compose_svg
from bot.design.editing import edit_spec
from bot.design.field_naming import named_fields
from bot.design.mark_match import MarkMatch, has_subject_word, mark_label, match_subject
from bot.design.raster import rasterise, svg_png
from bot.design.reading import edited, spec_for
from bot.design.scenes import scene_svg
from bot.design.sentence import Reading, read_sentence
from bot.design.spec import SPEC_KEY, DesignSpec
from bot.design.spec_check import spec_from_json

# The PNG text chunk naming the lettering drawn, so the offline self-check reads back what is really there.
DRAWN_TEXT_KEY = "pc-drawn-text"

__all__ = [
    "DRAWN_TEXT_KEY", "SPEC_KEY", "DesignSpec", "MarkMatch", "Reading", "backdrop", "design_png", "design_svg",
    "edit_spec", "edited", "has_subject_word", "mark_label", "mark_svg", "match_subject", "named_fields",
    "read_sentence", "read_spec", "semantic", "spec_for",
]  # fmt: skip


def design_svg(spec: DesignSpec, *, scene: bool) -> str:
    return compose_svg(spec, scene=scene)


def design_png(spec: DesignSpec, *, scene: bool, size: int = 1024) -> bytes:
    """The design as PNG: real alpha without the scene. The spec and the lettering ride along as text chunks,
    spliced in after the header (decoding and encoding again only to add them cost ~50 ms at 1024 px)."""
    png = svg_png(design_svg(spec, scene=scene), size)
    chunks = _text_chunk(SPEC_KEY, spec.to_json()) + _text_chunk(DRAWN_TEXT_KEY, spec.text or "")
    end_of_header = 8 + 25  # signature, then IHDR (length 4, type 4, 13 bytes of data, CRC 4)
    return png[:end_of_header] + chunks + png[end_of_header:]


def _text_chunk(key: str, value: str) -> bytes:
    """A PNG iTXt chunk (UTF-8, uncompressed): a brief may name anything."""
    data = key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")
    body = b"iTXt" + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def read_spec(png: bytes) -> DesignSpec | None:
    """The spec a design PNG carries (None for anything else: a model's image, a photo, a spec failing its checks)."""
    try:
        text = Image.open(io.BytesIO(png)).info.get(SPEC_KEY)
        return spec_from_json(text) if text else None
    except Exception:
        return None


def backdrop(spec: DesignSpec, size: int) -> Image.Image:
    """The designed background alone, as an RGB image of ``size`` px."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">'
           f"{scene_svg(spec)}</svg>")  # fmt: skip
    return rasterise(svg, size).convert("RGB")


def mark_svg(mark: str, colour: str = "#f1f1f5") -> str | None:
    """One vendored mark alone, as a small standalone SVG (a candidate's picture to pick from); None if unknown."""
    body = vendored_marks().get(mark)
    if body is None:
        return None
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="64" height="64" '
            f'color="{colour}" fill="{colour}">{body}</svg>')  # fmt: skip

"""The marks a brand kit's pieces are set with, and a piece brought within its platform's byte limit: shared by the
wide pieces (bot.render.brand_kit) and the overlays and alerts (bot.render.kit_overlays)."""

from __future__ import annotations

import io

from PIL import Image

from bot.design import read_spec
from bot.design.raster import rasterise
from bot.design.small import badge_mark_svg, small_mark
from bot.design.spec import DesignSpec
from bot.design.wide import subject_png
from bot.model import Session
from bot.render.design_files import session_spec

Marks = tuple[bytes, bytes, bytes]  # (whole, beside, alone): see wide_marks


def kit_spec(source: bytes, session: Session | None) -> DesignSpec:
    """The design a kit takes its style from: the render's own (an offline design) or its session's."""
    spec = read_spec(source) or (session_spec(session) if session is not None else None)
    if spec is None:
        raise ValueError("no design to take the style from")
    return spec


def within_limit(png: bytes, max_bytes: int) -> bytes:
    """A piece over its platform's byte limit (a model's detailed art at 2560 px can be): encoded again without the
    alpha channel it does not use (the art covers every pixel), then as 256 colours, dithered."""
    if len(png) <= max_bytes:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for candidate in (image, image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.FLOYDSTEINBERG)):
        out = io.BytesIO()
        candidate.save(out, "PNG", optimize=True)
        if out.tell() <= max_bytes:
            return out.getvalue()
    return out.getvalue()  # the smallest we make; the README states the limit


def wide_marks(
    source: bytes, cut: bytes, kinds: set[str] = {"whole", "beside", "alone"}  # noqa: B006 (read only)
) -> Marks:
    """The marks a wide piece is set with: the whole logo (a piece without words), the logo without its name plate
    (beside the name: the name appears once) and the mark alone (beside a panel's title). A model render has no
    vector to draw again: its cut-out is all three. Only the ``kinds`` asked for are drawn (b"" for the others: the
    mark alone costs ~0.9 s of CPU, drawn at 2048 px)."""
    spec = read_spec(source)
    whole = subject_png(Image.open(io.BytesIO(cut))) if spec is None or "whole" in kinds else b""
    if spec is None:
        return whole, whole, whole
    beside = subject_png(rasterise(badge_mark_svg(spec), 768)) if "beside" in kinds else b""
    return whole, beside, subject_png(small_mark(spec, 128, pixels=512)) if "alone" in kinds else b""

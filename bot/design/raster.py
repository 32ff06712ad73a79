"""SVG to pixels with resvg (the maintained Rust renderer, through its `resvg` binding): the engine's only
rasteriser; Pillow does the rest. Text is already outlines, so no font is loaded here."""

from __future__ import annotations

import io
import threading

import resvg
from PIL import Image

_local = threading.local()


def _options() -> resvg.usvg.Options:
    # resvg's Options may not cross threads (the binding refuses it): one per thread that renders.
    options = getattr(_local, "options", None)
    if options is None:
        options = _local.options = resvg.usvg.Options.default()
    return options


def svg_png(svg: str, size: int = 1024) -> bytes:
    """PNG bytes of the SVG at ``size`` px (the SVG's own canvas is 1024)."""
    tree = resvg.usvg.Tree.from_str(svg, _options())
    width, _ = tree.int_size()
    k = size / width
    return bytes(resvg.render(tree, (k, 0, 0, 0, k, 0)))


def rasterise(svg: str, size: int = 1024) -> Image.Image:
    return Image.open(io.BytesIO(svg_png(svg, size))).convert("RGBA")
